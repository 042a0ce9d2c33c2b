import Foundation
import FootfallStore
import LogAnalytics
import Reports
import SiteConfig
import Testing

@Suite("Campaigns report", .serialized)
struct CampaignsReportTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)

    static func costs() throws -> [String: CampaignCostRecord] {
        let config = try SiteConfiguration.load(path: ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path)
        return try SiteCatalog.load(for: config).campaignCosts
    }

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func campaignsMatchDuckDB() throws {
        let costs = try Self.costs()
        let report = try CampaignsReport.make(store: ReportFixture.store, query: Self.range, costs: costs)
        let root = ReportFixture.store.root
        let rows = try ReportFixture.duckdb("""
            with v as (select * from read_parquet('\(root)/visits/*/*.parquet', hive_partitioning = true) where campaign is not null),
                 o as (select key as campaign, sum(count) as opens from read_parquet('\(root)/daily_hits/*/*.parquet', hive_partitioning = true)
                       where kind = 'email_open' group by key),
                 c as (select campaign, count(*) visits, count(distinct visitor_key) visitors, avg(bounce::int) bounce_rate,
                              sum(page_views) / count(*) pages,
                              -- SPEC §12.19: with no goal marked, every goal but login converts
                              count(*) filter (where len(list_filter(from_json(goals, '["VARCHAR"]'), lambda g: g <> 'login')) > 0) conversions
                       from v group by campaign)
            select coalesce(c.campaign, o.campaign), coalesce(visits, 0), coalesce(visitors, 0), bounce_rate, pages,
                   coalesce(conversions, 0), coalesce(o.opens, 0)
            from c full join o on c.campaign = o.campaign order by 1
            """)
        #expect(Set(report.rows.map(\.campaign)) == Set(rows.map { $0[0] }))
        for expected in rows {
            let row = try #require(report.rows.first { $0.campaign == expected[0] })
            #expect(row.visits == Int(expected[1]), "\(row.campaign)")
            #expect(row.visitors == Int(expected[2]), "\(row.campaign)")
            if row.visits > 0 {
                #expect(abs(row.bounceRate - Double(expected[3])!) < 1e-9)
                #expect(abs(row.pagesPerVisit - Double(expected[4])!) < 1e-9)
            }
            #expect(row.conversions == Int(expected[5]), "\(row.campaign)")
            #expect(row.opens == Int(expected[6]), "\(row.campaign)")
            if let cost = costs[row.campaign]?.cost {
                #expect(row.cost == cost)
                #expect(row.costPerVisit == (row.visits > 0 ? cost / Double(row.visits) : nil))
                #expect(row.costPerConversion == (row.conversions > 0 ? cost / Double(row.conversions) : nil))
            } else {
                #expect(row.cost == nil && row.costPerVisit == nil && row.costPerConversion == nil)
            }
        }
    }

    @Test func aCampaignMissingFromTheCSVHasNullCostsInJSON() throws {
        let report = try CampaignsReport.make(store: ReportFixture.store, query: Self.range, costs: try Self.costs())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.jsonValue.text().utf8)) as? [String: Any])
        let campaigns = try #require(json["campaigns"] as? [[String: Any]])
        let winter = try #require(campaigns.first { $0["campaign"] as? String == "BN_WINTER03" })
        #expect(winter["cost"] is NSNull)
        #expect(winter["cost_per_visit"] is NSNull)
        #expect(winter["source"] is NSNull)
        #expect(winter["medium"] as? String == "banner")
        let utm = try #require(campaigns.first { $0["campaign"] as? String == "autumn_promo" })
        #expect(utm["source"] as? String == "kakao")
        #expect(utm["medium"] as? String == "cpc")
    }
}
