import Foundation
import FootfallStore
import LogAnalytics
import Reports
import Testing

@Suite("Profile and referrers reports", .serialized)
struct ProfileAndReferrersTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func aVIPProfileMatchesDuckDB() throws {
        var query = Self.range
        query.grade = "vip"
        let report = try ProfileReport.make(store: ReportFixture.store, query: query)
        let root = ReportFixture.store.root
        let visits = "read_parquet('\(root)/visits/*/*.parquet', hive_partitioning = true)"
        let pageviews = "read_parquet('\(root)/pageviews/*/*.parquet', hive_partitioning = true)"
        let figures = try ReportFixture.duckdb("select count(distinct visitor_key), sum(page_views), count(*) from \(visits) where grade = 'vip'")
        #expect(report.visitors == Int(figures[0][0]))
        #expect(abs(report.averagePageViewsPerVisitor - Double(figures[0][1])! / Double(figures[0][0])!) < 1e-9)
        #expect(abs(report.averageVisitsPerVisitorPerWeek - Double(figures[0][2])! / Double(figures[0][0])! / (3.0 / 7)) < 1e-9)
        let content = try ReportFixture.duckdb("""
            select p.content, count(*) n from \(pageviews) p join \(visits) v using (visit_id)
            where v.grade = 'vip' and p.content is not null group by p.content order by n desc, p.content limit 5
            """)
        #expect(report.contentPreference.map(\.name) == content.map { $0[0] })
        #expect(report.contentPreference.map { Int($0.value) } == content.map { Int($0[1])! })
    }

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func referrersMatchDuckDB() throws {
        let report = try ReferrersReport.make(store: ReportFixture.store, query: Self.range)
        let visits = "read_parquet('\(ReportFixture.store.root)/visits/*/*.parquet', hive_partitioning = true)"
        let engines = try ReportFixture.duckdb("""
            select search_engine, count(*) n from \(visits) where channel = 'search' group by 1 order by n desc, 1
            """)
        #expect(report.searchEngines.map(\.name) == engines.map { $0[0] })
        #expect(report.searchEngines.map(\.visits) == engines.map { Int($0[1])! })
        let social = try ReportFixture.duckdb("""
            select referrer_host, count(*) n from \(visits) where channel = 'social' group by 1 order by n desc, 1 limit 20
            """)
        #expect(report.social.map(\.visits) == social.map { Int($0[1])! })
        #expect(report.keywords.contains { $0.keyword.unicodeScalars.contains { $0.value >= 0xAC00 && $0.value <= 0xD7A3 } })
    }
}
