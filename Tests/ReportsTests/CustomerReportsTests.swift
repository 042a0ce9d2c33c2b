import Foundation
import FootfallStore
import LogAnalytics
import Reports
import SiteConfig
import Testing

@Suite("Customer reports", .serialized)
struct CustomerReportsTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)
    static var customersCSV: String { ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/customers.csv").path }

    static func customers() throws -> [String: CustomerRecord] {
        let config = try SiteConfiguration.load(path: ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path)
        return try SiteCatalog.load(for: config).customers
    }

    /// Member ids of the store's visits joined in DuckDB with customers.csv read by DuckDB's CSV reader.
    static func sql(_ select: String) throws -> [[String]] {
        let visits = "read_parquet('\(ReportFixture.store.root)/visits/*/*.parquet', hive_partitioning = true)"
        let customers = "read_csv('\(customersCSV)', header = true, all_varchar = true)"
        return try ReportFixture.duckdb(select.replacingOccurrences(of: "VISITS", with: visits).replacingOccurrences(of: "CUSTOMERS", with: customers))
    }

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func conversionsAndRetentionWatchMatchDuckDB() throws {
        let customers = try Self.customers()
        let conversions = try ConversionsReport.make(store: ReportFixture.store, query: Self.range, customers: customers)
        let signups = try Self.sql("select count(*) from VISITS where list_contains(from_json(goals, '[\"VARCHAR\"]'), 'signup_complete')")
        #expect(conversions.signupVisits == Int(signups[0][0]))
        let joined = try Self.sql("""
            select distinct v.member_id from VISITS v join CUSTOMERS c using (member_id)
            where c.joined between '2026-11-17' and '2026-11-19' order by 1
            """)
        #expect(conversions.joinedMembers == joined.map { $0[0] })
        let contracts = try Self.sql("""
            select distinct v.member_id from VISITS v join CUSTOMERS c using (member_id)
            where c.first_contract between '2026-11-17' and '2026-11-19' order by 1
            """)
        #expect(conversions.firstContracts == contracts.map { $0[0] })

        let watch = try RetentionWatchReport.make(store: ReportFixture.store, query: Self.range, customers: customers)
        let maturing = try Self.sql("""
            select v.member_id, count(*) from VISITS v join CUSTOMERS c using (member_id)
            where c.maturity_date between '2026-11-20' and '2026-12-09' group by 1 order by 1
            """)
        #expect(watch.rows.map(\.memberId).sorted() == maturing.map { $0[0] })
        for row in watch.rows { #expect(row.visits == Int(maturing.first { $0[0] == row.memberId }![1])) }
    }

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func aCustomerSheetAndTheGroupsMatchDuckDB() throws {
        let top = try Self.sql("select member_id, count(*), sum(page_views) from VISITS where member_id is not null group by 1 order by 2 desc, 1 limit 1")
        let member = top[0][0]
        let sheet = try CustomerReport.make(store: ReportFixture.store, query: Self.range, memberId: member, customers: try Self.customers())
        #expect(sheet.visits == Int(top[0][1]))
        #expect(sheet.pageViews == Int(top[0][2]))
        #expect(sheet.recentVisits.count == min(sheet.visits, CustomerReport.recentCount))
        #expect(sheet.lastVisit == sheet.recentVisits.first?.start)
        #expect(sheet.lastVisit?.hasSuffix("+09:00") == true)

        let groups = try GroupsReport.make(store: ReportFixture.store, query: Self.range)
        let graded = try Self.sql("select count(*), sum(page_views) from VISITS where grade is not null")
        #expect(groups.cells.reduce(0) { $0 + $1.visits } == Int(graded[0][0]))
        #expect(groups.cells.reduce(0) { $0 + $1.pageViews } == Int(graded[0][1]))
        #expect(Set(groups.cells.map(\.ageBand)).isSubset(of: ["10s", "20s", "30s", "40s", "50s", "60+", "unknown"]))
    }
}
