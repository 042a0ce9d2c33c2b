import Foundation
import FootfallStore
import LogAnalytics
import Reports
import Testing

@Suite("Overview report", .serialized)
struct OverviewReportTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)

    static func sql(_ root: String, filter: String) -> String {
        let visits = "read_parquet('\(root)/visits/*/*.parquet', hive_partitioning = true)"
        let hits = "read_parquet('\(root)/daily_hits/*/*.parquet', hive_partitioning = true)"
        return """
            with v as (select * from \(visits) where \(filter)),
                 h as (select day, sum(count) filter (where kind = 'hits') hits, sum(count) filter (where kind = 'bot_hits') bots from \(hits) group by day),
                 per_day as (
                   select cast(day as varchar) d, count(*) visits, sum(page_views) pv, count(distinct visitor_key) visitors,
                          count(*) filter (where first_visit) first_time, count(*) filter (where logged_in) logins,
                          count(distinct member_id) filter (where logged_in) members,
                          sum(duration_s) dur, count(*) filter (where bounce) bounces
                   from v group by day),
                 total as (
                   select 'total' d, count(*), sum(page_views), count(distinct visitor_key), count(*) filter (where first_visit),
                          count(*) filter (where logged_in), count(distinct member_id) filter (where logged_in), sum(duration_s),
                          count(*) filter (where bounce) from v)
            select p.*, h.hits, h.bots from per_day p left join h on cast(h.day as varchar) = p.d
            union all select t.*, (select sum(hits) from h), (select sum(bots) from h) from total t
            order by 1
            """
    }

    /// Checks figures against a DuckDB row: d, visits, pv, visitors, first_time, logins, members, dur, bounces, hits, bots.
    static func check(_ figures: OverviewReport.Figures, _ row: [String], days: Int, withHits: Bool) {
        let visits = Int(row[1])!
        #expect(figures.visits == visits, "\(row[0])")
        #expect(figures.pageViews == Int(row[2])!, "\(row[0])")
        #expect(figures.visitors == Int(row[3])!, "\(row[0])")
        #expect(figures.firstTimeVisitors == Int(row[4])!, "\(row[0])")
        #expect(figures.logins == Int(row[5])!, "\(row[0])")
        let members = Int(row[6])!
        #expect(abs(figures.loginsPerMember - (members == 0 ? 0 : Double(row[5])! / Double(members))) < 1e-9)
        #expect(abs(figures.loginsPerDay - Double(row[5])! / Double(days)) < 1e-9)
        #expect(abs(figures.averageVisitDurationSeconds - Double(row[7])! / Double(visits)) < 1e-9)
        #expect(abs(figures.bounceRate - Double(row[8])! / Double(visits)) < 1e-9)
        #expect(abs(figures.pagesPerVisit - Double(row[2])! / Double(visits)) < 1e-9)
        if withHits {
            #expect(figures.hits == Int(row[9]), "\(row[0])")
            #expect(figures.botHits == Int(row[10]), "\(row[0])")
        } else {
            #expect(figures.hits == nil)
        }
    }

    @Test(.enabled(if: ReportFixture.hasDuckDB), arguments: [nil, Segment.customer, Segment.anonymousNew])
    func figuresMatchDuckDB(segment: Segment?) throws {
        var query = Self.range
        query.segment = segment
        let report = try OverviewReport.make(store: ReportFixture.store, query: query)
        let rows = try ReportFixture.duckdb(Self.sql(ReportFixture.store.root, filter: segment.map { "segment = '\($0.rawValue)'" } ?? "true"))
        #expect(rows.count == 4)
        for (day, figures) in report.daily {
            let row = try #require(rows.first { $0[0] == day.description })
            Self.check(figures, row, days: 1, withHits: segment == nil)
        }
        Self.check(report.totals, try #require(rows.first { $0[0] == "total" }), days: 3, withHits: segment == nil)
    }

    @Test func theJSONMatchesTheGoldenFile() throws {
        let report = try OverviewReport.make(store: ReportFixture.store, query: Self.range)
        let golden = ReportFixture.repositoryRoot.appendingPathComponent("Tests/ReportsTests/Golden/overview.json").path
        let text = report.jsonValue.text() + "\n"
        if ProcessInfo.processInfo.environment["FOOTFALL_UPDATE_GOLDEN"] != nil {
            try text.write(toFile: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: golden, encoding: .utf8)
        if text != expected {
            // Outside the test scratch folder (removed at exit), so that the file is there to compare.
            let actual = FileManager.default.temporaryDirectory.appendingPathComponent("overview.actual.json").path
            try text.write(toFile: actual, atomically: true, encoding: .utf8)
            Issue.record("overview JSON differs from \(golden): compare with `git diff --no-index -U5 \(golden) \(actual)`")
        }
    }

    @Test func emptyDaysAreListedWithZeroRatios() throws {
        let query = ReportQuery(from: SiteDay("2026-11-15")!, to: SiteDay("2026-11-17")!)
        let report = try OverviewReport.make(store: ReportFixture.store, query: query)
        #expect(report.daily.map(\.day.description) == ["2026-11-15", "2026-11-16", "2026-11-17"])
        let empty = report.daily[0].figures
        #expect(empty.visits == 0)
        #expect(empty.pagesPerVisit == 0)
        #expect(empty.bounceRate == 0)
        #expect(empty.loginsPerMember == 0)
        #expect(empty.hits == nil || empty.hits == 0)
        #expect(Set(report.devices.keys) == ["desktop", "mobile", "tablet"])
    }

    @Test func aFilterOmitsHitsAndKeepsTheContractKeys() throws {
        var query = Self.range
        query.device = "mobile"
        query.ages = 30...45
        let json = try OverviewReport.make(store: ReportFixture.store, query: query).jsonValue.text()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["report", "from", "to", "filters", "totals", "daily", "devices"])
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["hits"] == nil)
        #expect(Set(totals.keys) == [
            "page_views", "visits", "visitors", "first_time_visitors", "logins", "logins_per_day", "logins_per_member",
            "pages_per_visit", "avg_visit_duration_s", "bounce_rate",
        ])
        #expect(object["filters"] as? [String: String] == ["device": "mobile", "age": "30-45"])
        #expect((object["devices"] as? [String: Int])?["desktop"] == 0)
    }
}
