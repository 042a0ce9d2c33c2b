import Foundation
import FootfallStore
import LogAnalytics
import Reports
import Testing

@Suite("Segments report", .serialized)
struct SegmentsReportTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)

    /// Unfiltered, the report reads the `daily_items` rollup; filtered by a segment it reads the visits and
    /// their page views (found by their order in the day's files). Both ways must agree for that segment.
    @Test(arguments: Segment.allCases)
    func theRollupAndThePageViewsGiveTheSameSegmentRow(_ segment: Segment) throws {
        let unfiltered = try SegmentsReport.make(store: ReportFixture.store, query: Self.range)
        var query = Self.range
        query.segment = segment
        let filtered = try SegmentsReport.make(store: ReportFixture.store, query: query)
        let fromRollup = try #require(unfiltered.rows.first { $0.segment == segment })
        let fromTables = try #require(filtered.rows.first { $0.segment == segment })
        #expect(fromRollup.visits > 0)
        #expect(fromRollup == fromTables)
        #expect(fromRollup.topContent == fromTables.topContent)
        #expect(fromRollup.topProductCategories == fromTables.topProductCategories)
        #expect(fromRollup.topProducts.map(\.name) == fromTables.topProducts.map(\.name))
        for (a, b) in zip(fromRollup.topProducts, fromTables.topProducts) { #expect(abs(a.value - b.value) < 1e-9) }
        #expect(fromRollup.topPaths.map(\.path) == fromTables.topPaths.map(\.path))
        #expect(fromRollup.topPaths.map(\.visits) == fromTables.topPaths.map(\.visits))
        // The other segments have no visits under the filter.
        #expect(filtered.rows.filter { $0.segment != segment }.allSatisfy { $0.visits == 0 })
    }

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func figuresAndRankingsMatchDuckDB() throws {
        let report = try SegmentsReport.make(store: ReportFixture.store, query: Self.range)
        let root = ReportFixture.store.root
        let visits = "read_parquet('\(root)/visits/*/*.parquet', hive_partitioning = true)"
        let pageviews = "read_parquet('\(root)/pageviews/*/*.parquet', hive_partitioning = true)"
        let figures = try ReportFixture.duckdb("""
            select segment, count(distinct visitor_key), count(*), sum(page_views) from \(visits) group by segment
            """)
        // SPEC §7's interest, written out in SQL: (1 + min(top, 600)/60 + action) × 0.5^((E − day)/30), E = 2026-11-19.
        let interest = try ReportFixture.duckdb("""
            select segment, product, round(sum((1 + least(coalesce(time_on_page_s, 0), 600) / 60.0 + interest_action)
                   * pow(0.5, date_diff('day', day, date '2026-11-19') / 30.0)), 6) as interest
            from \(pageviews) where product is not null group by segment, product order by segment, interest desc, product
            """)
        let content = try ReportFixture.duckdb("""
            select segment, content, count(*) as n from \(pageviews) where content is not null
            group by segment, content order by segment, n desc, content
            """)
        for row in report.rows {
            let segment = row.segment.rawValue
            let expected = try #require(figures.first { $0[0] == segment })
            #expect(row.visitors == Int(expected[1]), "\(segment)")
            #expect(row.visits == Int(expected[2]), "\(segment)")
            #expect(row.pageViews == Int(expected[3]), "\(segment)")
            #expect(abs(row.visitsPerVisitorPerWeek - Double(expected[2])! / Double(expected[1])! / (3.0 / 7)) < 1e-9)
            let products = interest.filter { $0[0] == segment }.prefix(3)
            #expect(row.topProducts.map(\.name) == products.map { $0[1] }, "\(segment)")
            for (ours, theirs) in zip(row.topProducts, products) { #expect(abs(ours.value - Double(theirs[2])!) < 1e-4) }
            #expect(row.topContent.map(\.name) == content.filter { $0[0] == segment }.prefix(3).map { $0[1] }, "\(segment)")
            #expect(row.topContent.map { Int($0.value) } == content.filter { $0[0] == segment }.prefix(3).map { Int($0[2])! })
        }
    }

    @Test func allFourSegmentsAreListedAndAFilterNarrowsThePageViews() throws {
        var query = Self.range
        query.device = "tablet"
        let filtered = try SegmentsReport.make(store: ReportFixture.store, query: query)
        let all = try SegmentsReport.make(store: ReportFixture.store, query: Self.range)
        #expect(filtered.rows.map(\.segment) == Segment.allCases)
        for (narrow, wide) in zip(filtered.rows, all.rows) {
            #expect(narrow.visits < wide.visits)
            #expect((narrow.topContent.first?.value ?? 0) <= (wide.topContent.first?.value ?? 0))
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(filtered.jsonValue.text().utf8)) as? [String: Any])
        let first = try #require((json["segments"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == [
            "segment", "visitors", "visits", "page_views", "pages_per_visitor", "visits_per_visitor_per_week", "top_content",
            "top_product_categories", "top_products", "top_paths",
        ])
    }
}
