import Foundation
import LogAnalytics
import LogIngest
import SiteConfig
import Testing

/// Issue 18.7: one visitor's endless run of requests grew memory without bound (10 GiB of one repeated
/// line: 8 GB). A visit that passes `max_visit_page_views` is dropped and its key's later page views too.
@Suite("Robot-like visits")
struct RobotLikeVisitTests {
    typealias F = SessionFixture

    static func config(limit: Int) -> String {
        F.baseConfig.replacingOccurrences(of: "[site]\n", with: "[site]\nmax_visit_page_views = \(limit)\n")
    }

    static func time(_ second: Int) -> String {
        String(format: "17/Nov/2026:10:%02d:%02d", second / 60, second % 60)
    }

    @Test func aVisitPastTheLimitIsDroppedWithTheKeysLaterPageViews() throws {
        let fixture = try F(config: Self.config(limit: 50))
        var lines: [String] = []
        // A robot-like key: 120 page views, a second apart (one visit by the timeout).
        for second in 0..<120 { lines.append(F.line(Self.time(second), "/p/\(second).do", cookie: "WNUID=bot")) }
        // A person before, between and after.
        lines.insert(F.line(Self.time(0), "/index.do", cookie: "WNUID=person"), at: 0)
        lines.insert(F.line(Self.time(60), "/index.do", cookie: "WNUID=person"), at: 61)
        lines.append(F.line(Self.time(200), "/index.do", cookie: "WNUID=person"))
        // The robot-like key comes back after an hour: still left out.
        lines.append(F.line("17/Nov/2026:11:40:00", "/index.do", cookie: "WNUID=bot"))
        let path = try fixture.file("a.log", lines)
        let (visits, result) = try fixture.run([path])
        #expect(visits.map(\.visitorKey) == ["person"])
        #expect(visits.first?.pageViewCount == 3)
        #expect(result.robotLikeVisitors == 1)
        #expect(result.robotLikePageViews == 121)
    }

    /// The drop lasts the day of the visit that passed the limit: the next day's visits of the key are
    /// kept, as an ingest of that day alone keeps them (the same store whatever the days run together).
    @Test func theDropLastsForTheDay() throws {
        let fixture = try F(config: Self.config(limit: 50))
        var lines = (0..<60).map { F.line(Self.time($0), "/p/\($0).do", cookie: "WNUID=bot") }
        lines.append(F.line("18/Nov/2026:10:00:00", "/index.do", cookie: "WNUID=bot"))
        let (visits, result) = try fixture.run([try fixture.file("a.log", lines)])
        #expect(visits.map(\.day.description) == ["2026-11-18"])
        #expect(result.robotLikePageViews == 51 + 9)
    }

    @Test func aVisitAtTheLimitIsKept() throws {
        let fixture = try F(config: Self.config(limit: 50))
        let lines = (0..<50).map { F.line(Self.time($0), "/p/\($0).do", cookie: "WNUID=busy") }
        let (visits, result) = try fixture.run([try fixture.file("a.log", lines)])
        #expect(visits.count == 1)
        #expect(visits.first?.pageViewCount == 50)
        #expect(result.robotLikeVisitors == 0)
    }

    @Test func theDefaultLimitIsTenThousand() throws {
        let fixture = try F()
        let configuration = try SiteConfiguration.load(path: fixture.folder.appendingPathComponent("site.toml").path)
        #expect(configuration.maxVisitPageViews == 10_000)
    }
}
