import Foundation
import FootfallStore
import LogIngest
import Reports
import SiteConfig
import Testing
import TestScratch

/// `--dropped FUNNEL:STEP --window DAYS` over SPEC §14's attempts, on journeys written as log lines here.
///
/// Funnel `apply`: /a.do → /b.do → /c.do. Site time +09:00.
/// - M1: /a.do on 11-01 10:00, /b.do on 11-03 10:00 (two visits). Within a visit: step 1. Window 7: step 2.
/// - M2: anonymous key k2 views /a.do on 11-01 12:00; on 11-02 the same key logs in as M2 and views /b.do, /c.do.
///   The key's first member is M2, so the anonymous visit is M2's. Within a visit: 0 (the 11-02 visit has no
///   /a.do). Window 7: step 3 (completed).
/// - M3: /a.do on 11-01 10:00:00, /b.do on 11-09 10:00:00, exactly 8 × 86,400 s later. Window 7: step 1;
///   window 8: step 2 (the boundary is inclusive).
/// - M4: /a.do, /b.do, /c.do in one visit on 11-04: step 3 with and without a window.
/// - M5: /b.do only on 11-05: step 0, in no dropped list.
@Suite("Audience journeys")
struct AudienceJourneyTests {
    static let store: (store: Store, config: SiteConfiguration) = {
        let folder = TestScratch.path("audience-journeys")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func line(_ day: Int, _ time: String, _ path: String, key: String, member: String?) -> String {
            let cookies = "WNUID=\(key)" + (member.map { "; WNMID=\($0)" } ?? "")
            return "10.1.0.\(key.count) - - [\(String(format: "%02d", day))/Nov/2026:\(time) +0900] \"GET \(path) HTTP/1.1\" 200 100 \"-\" "
                + "\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Safari/537.36\" \"\(cookies)\""
        }
        let lines = [
            line(1, "10:00:00", "/a.do", key: "k1", member: "M1"), line(1, "10:00:00", "/a.do", key: "k3", member: "M3"),
            line(1, "12:00:00", "/a.do", key: "k2", member: nil), line(2, "09:00:00", "/login.do", key: "k2", member: "M2"),
            line(2, "09:01:00", "/b.do", key: "k2", member: "M2"), line(2, "09:02:00", "/c.do", key: "k2", member: "M2"),
            line(3, "10:00:00", "/b.do", key: "k1", member: "M1"), line(4, "08:00:00", "/a.do", key: "k4", member: "M4"),
            line(4, "08:01:00", "/b.do", key: "k4", member: "M4"), line(4, "08:02:00", "/c.do", key: "k4", member: "M4"),
            line(5, "08:00:00", "/b.do", key: "k5", member: "M5"), line(9, "10:00:00", "/b.do", key: "k3", member: "M3"),
        ]
        let log = folder + "/journeys.log"
        try? (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        try? "member_id,grade,insured\nM1,regular,N\nM2,regular,N\nM3,vip,Y\nM4,regular,Y\nM5,prospect,N\n"
            .write(toFile: folder + "/customers.csv", atomically: true, encoding: .utf8)
        let toml = """
            [site]
            timezone = "+09:00"
            log_format = "combined_cookie"
            customers = "customers.csv"
            [[funnels]]
            name = "apply"
            steps = ["/a.do", "/b.do", "/c.do"]
            """
        try? toml.write(toFile: folder + "/site.toml", atomically: true, encoding: .utf8)
        do {
            let config = try SiteConfiguration.load(path: folder + "/site.toml")
            let job = StoreIngest(store: Store(root: folder + "/store"), configuration: config, catalog: try SiteCatalog.load(for: config), configHash: "journeys")
            _ = try job.run([log], options: config.readOptions())
            return (Store(root: folder + "/store"), config)
        } catch {
            Issue.record("cannot build the journeys store: \(error)")
            return (Store(root: folder + "/store"), SiteConfiguration())
        }
    }()

    static func dropped(_ step: Int, window: Int?, from: String = "2026-11-01", to: String = "2026-11-09") throws -> [String] {
        var request = AudienceRequest()
        request.criteria.dropped = "apply:\(step)"
        request.criteria.window = window
        (request.from, request.to) = (from, to)
        return try ReportRunner(store: store.store.pinned(), configuration: store.config).audience(request).audience.rows.map(\.memberId)
    }

    @Test func withinAVisit() throws {
        #expect(try Self.dropped(1, window: nil) == ["M1", "M3"])
        #expect(try Self.dropped(2, window: nil) == [])
        #expect(try Self.dropped(3, window: nil) == ["M4"])
        #expect(try Self.dropped(1, window: 0) == ["M1", "M3"])
    }

    @Test func acrossVisitsWithAWindow() throws {
        #expect(try Self.dropped(1, window: 7) == ["M3"])
        #expect(try Self.dropped(2, window: 7) == ["M1"])
        #expect(try Self.dropped(3, window: 7) == ["M2", "M4"])
    }

    @Test func theWindowBoundaryIsInclusive() throws {
        #expect(try Self.dropped(2, window: 8).contains("M3"))
        #expect(!(try Self.dropped(2, window: 7)).contains("M3"))
    }

    @Test func laterStepsMayFallAfterTheRange() throws {
        // M1's attempt starts on 11-01 in the range 11-01 … 11-02; /b.do on 11-03 lies after it and still counts.
        #expect(try Self.dropped(2, window: 7, to: "2026-11-02").contains("M1"))
        // An attempt cannot start after the range: M4's /a.do is on 11-04.
        #expect(!(try Self.dropped(3, window: 7, to: "2026-11-02")).contains("M4"))
    }
}
