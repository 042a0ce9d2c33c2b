import Foundation
import FootfallStore
import LogAnalytics
import Reports
import Testing

@Suite("Paths and hours reports", .serialized)
struct PathsAndHoursReportTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func pathsMatchAnIndependentCount() throws {
        let report = try PathsReport.make(store: ReportFixture.store, query: Self.range)
        let visits = "read_parquet('\(ReportFixture.store.root)/visits/*/*.parquet', hive_partitioning = true)"
        // Entry pages and first-3 prefixes straight from SQL over the path JSON.
        let entries = try ReportFixture.duckdb("""
            select json_extract_string(path, '$[0]') as page, count(*) n from \(visits) group by page order by n desc, page limit 10
            """)
        #expect(report.entryPages.prefix(10).map(\.page) == entries.map { $0[0] })
        #expect(report.entryPages.prefix(10).map(\.visits) == entries.map { Int($0[1])! })
        let exits = try ReportFixture.duckdb("""
            select json_extract_string(path, '$[' || (json_array_length(path) - 1) || ']') as page, count(*) n from \(visits)
            group by page order by n desc, page limit 10
            """)
        #expect(report.exitPages.prefix(10).map(\.visits) == exits.map { Int($0[1])! })
        let transitions = try ReportFixture.duckdb("""
            with p as (select cast(path as varchar[]) as pages from (select from_json(path, '["VARCHAR"]') as path from \(visits))),
                 t as (select pages[i] as a, pages[i + 1] as b from p, range(1, 200) r(i) where i < len(pages))
            select a, b, count(*) n from t group by a, b order by n desc, a, b limit 10
            """)
        #expect(report.transitions.prefix(10).map(\.count) == transitions.map { Int($0[2])! })
        #expect(report.transitions.prefix(10).map { [$0.from, $0.to] } == transitions.map { [$0[0], $0[1]] })
        #expect(report.topPaths.count >= 10)
    }

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func hoursMatchDuckDB() throws {
        let report = try HoursReport.make(store: ReportFixture.store, query: Self.range)
        let rows = try ReportFixture.duckdb("""
            select (isodow(t) - 1) as weekday, hour(t) as h, count(*)
            from (select cast(ts as timestamp) + to_seconds(site_offset_s) as t
                  from read_parquet('\(ReportFixture.store.root)/pageviews/*/*.parquet', hive_partitioning = true))
            group by all order by 1, 2
            """)
        var expected = [[Int]](repeating: [Int](repeating: 0, count: 24), count: 7)
        for row in rows { expected[Int(row[0])!][Int(row[1])!] = Int(row[2])! }
        #expect(report.cells == expected)
        #expect(report.cells.flatMap { $0 }.reduce(0, +) == 14_535)
    }

    @Test func theHeatMapAndFlowsAreEscapedSVG() throws {
        let report = try HoursReport.make(store: ReportFixture.store, query: Self.range)
        #expect(report.htmlText.contains("fill-opacity"))
        let flows = HTMLPage.flowChart([("<b>a</b>", "\"x\"", 3)], title: "<t>")
        #expect(!flows.contains("<b>") && flows.contains("&lt;b&gt;"))
    }
}
