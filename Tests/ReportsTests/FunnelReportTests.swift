import Foundation
import FootfallStore
import LogAnalytics
import Reports
import Testing

@Suite("Funnel report", .serialized)
struct FunnelReportTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)
    static let steps = ["/product/insurance/*.do", "/calc/premium.do", "/apply/form.do", "/apply/complete.do"]

    @Test(.enabled(if: ReportFixture.hasDuckDB))
    func stepsAndSegmentsMatchDuckDB() throws {
        let report = try FunnelReport.make(store: ReportFixture.store, query: Self.range, name: "insurance_signup", stepNames: Self.steps)
        let visits = "read_parquet('\(ReportFixture.store.root)/visits/*/*.parquet', hive_partitioning = true)"
        let rows = try ReportFixture.duckdb("""
            with f as (select segment, coalesce(cast(json_extract(funnel_steps, '$.insurance_signup') as integer), 0) as reached from \(visits))
            select s.step, s.segment, count(f.reached) filter (where f.reached >= s.step)
            from (select * from range(1, 5) t(step), (select distinct segment from f)) s left join f using (segment)
            group by all order by 1, 2
            """)
        for (index, step) in report.steps.enumerated() {
            let expected = rows.filter { $0[0] == String(index + 1) }.reduce(0) { $0 + Int($1[2])! }
            #expect(step.visits == expected, "step \(index + 1)")
            #expect(step.name == Self.steps[index])
        }
        for (segment, counts) in report.bySegment {
            let expected = rows.filter { $0[1] == segment.rawValue }.sorted { Int($0[0])! < Int($1[0])! }.map { Int($0[2])! }
            #expect(counts == (expected.isEmpty ? [0, 0, 0, 0] : expected), "\(segment)")
        }
        #expect(report.steps[0].conversionFromStart == 1)
        #expect(report.steps[0].conversionFromPrevious == 1)
        #expect(abs(report.steps[2].conversionFromPrevious - Double(report.steps[2].visits) / Double(report.steps[1].visits)) < 1e-12)
    }

    @Test func anEmptyFunnelHasZeroConversions() throws {
        let query = ReportQuery(from: SiteDay("2026-11-10")!, to: SiteDay("2026-11-11")!)
        let report = try FunnelReport.make(store: ReportFixture.store, query: query, name: "insurance_signup", stepNames: Self.steps)
        #expect(report.steps.map(\.visits) == [0, 0, 0, 0])
        #expect(report.steps.allSatisfy { $0.conversionFromStart == 0 && $0.conversionFromPrevious == 0 })
        #expect(report.bySegment.map(\.segment) == Segment.allCases)
    }
}
