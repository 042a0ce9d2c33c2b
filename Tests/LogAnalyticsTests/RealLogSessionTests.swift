import Foundation
import LogAnalytics
import LogIngest
import SiteConfig
import Testing
import TestScratch

/// Sessions on a real log against an independent oracle: a Python script (regex parse, SPEC §2 page
/// views, grouping by host, a new visit after a gap of more than 1800 s) on the same file gives 962
/// visits over 3,904 page views; footfall also counts line 9001, whose request has extra spaces before
/// `HTTP/1.0`, as a page view (3,905). The oracle: `python3 Scripts/oracle_sessions.py FILE`.
@Suite("Sessions on real logs")
struct RealLogSessionTests {
    /// Runs the session pipeline over the first 10,000 lines of NASA's July 1995 log (common format, no
    /// site config), calling `onVisit` with each visit.
    static func runNASA1995(_ onVisit: (CompletedVisit) -> Void) throws -> SessionPipeline.Result {
        let path = RealLogs.path("nasa-ksc-1995/NASA_access_log_Jul95.first10000.gz")
        let configuration = SiteConfiguration()
        var options = configuration.readOptions(format: .common)
        options.maxBadRatio = 0.01
        let pipeline = try SessionPipeline(
            configuration: configuration, catalog: SiteCatalog(),
            history: InMemoryVisitorHistory(fingerprintKey: .init(first: 7, second: 7)), options: options)
        return try pipeline.run([LogInput(path: path)], onVisit: onVisit)
    }

    @Test func nasa1995VisitsMatchTheOracle() throws {
        let summary = SessionsSummary()
        var pageViews = 0
        let result = try Self.runNASA1995 { visit in
            summary.add(visit)
            pageViews += visit.visit.pageViews
        }
        let days = summary.result
        #expect(days.map(\.day.description) == ["1995-07-01"])
        #expect(days.first?.visits == 962)
        #expect(pageViews == 3_905)
        #expect(days.first?.segments["anonymous_new"] == days.first?.visitors)
        #expect(result.latePageViews == 0)
    }
}
