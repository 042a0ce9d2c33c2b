import Foundation
import FootfallStore
import LogAnalytics
import Reports
import Testing

@Suite("Pages and logins reports", .serialized)
struct PagesAndLoginsTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func pagesMatchDuckDB() throws {
        let report = try PagesReport.make(store: ReportFixture.store, query: Self.range)
        let pageviews = "read_parquet('\(ReportFixture.store.root)/pageviews/*/*.parquet', hive_partitioning = true)"
        let rows = try ReportFixture.duckdb("""
            with last as (select visit_id, max(sequence) s from \(pageviews) group by visit_id)
            select page, count(*) n, count(distinct p.visit_id), count(*) filter (where sequence = 1),
                   count(*) filter (where sequence = last.s), round(avg(time_on_page_s), 6)
            from \(pageviews) p join last using (visit_id) group by page order by n desc, page limit 10
            """)
        for (ours, theirs) in zip(report.rows, rows) {
            #expect(ours.page == theirs[0])
            #expect(ours.pageViews == Int(theirs[1]))
            #expect(ours.visits == Int(theirs[2]))
            #expect(ours.entries == Int(theirs[3]))
            #expect(ours.exits == Int(theirs[4]))
            #expect(abs(ours.averageTimeOnPageSeconds - (Double(theirs[5]) ?? 0)) < 1e-5)
        }
    }

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func loginsMatchDuckDB() throws {
        let report = try LoginsReport.make(store: ReportFixture.store, query: Self.range)
        let visits = "read_parquet('\(ReportFixture.store.root)/visits/*/*.parquet', hive_partitioning = true)"
        let rows = try ReportFixture.duckdb("""
            with m as (select member_id, count(*) n from \(visits) where logged_in group by member_id)
            select count(*), sum(n), count(*) filter (where n = 1), count(*) filter (where n between 2 and 3),
                   count(*) filter (where n between 4 and 7), count(*) filter (where n >= 8) from m
            """)
        #expect(report.members == Int(rows[0][0]))
        #expect(report.logins == Int(rows[0][1]))
        #expect(report.frequency == rows[0][2...5].map { Int($0)! })
        #expect(report.recency.reduce(0, +) == report.members)
    }
}
