import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore
@testable import Reports
import Testing

/// Unfiltered, the pages and paths reports read the `daily_items` rollup; under a visit filter they read
/// the page views or the visits' paths. Over the same range both ways must give the same report.
@Suite("Rollups and tables agree", .serialized)
struct RollupAndTablesAgreeTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)

    @Test func pagesFromTheRollupEqualPagesFromThePageViews() throws {
        let fromRollup = try PagesReport.fromRollups(store: ReportFixture.store, query: Self.range)
        let fromTables = try PagesReport.fromPageViews(store: ReportFixture.store, query: Self.range)
        #expect(!fromRollup.rows.isEmpty)
        #expect(fromRollup.rows.contains { $0.content != nil && $0.exits > 0 && $0.entries > 0 && $0.averageTimeOnPageSeconds > 0 })
        #expect(fromRollup.rows.map(\.page) == fromTables.rows.map(\.page))
        for (a, b) in zip(fromRollup.rows, fromTables.rows) {
            #expect(a.content == b.content, "\(a.page)")
            let figures: [Int] = [a.pageViews, a.visits, a.entries, a.exits]
            #expect(figures == [b.pageViews, b.visits, b.entries, b.exits], "\(a.page)")
            #expect(abs(a.averageTimeOnPageSeconds - b.averageTimeOnPageSeconds) < 1e-9, "\(a.page)")
        }
    }

    @Test func pathsFromTheRollupEqualPathsFromTheVisits() throws {
        let fromRollup = try PathsReport.fromRollups(store: ReportFixture.store, query: Self.range)
        let fromTables = try PathsReport.fromVisits(store: ReportFixture.store, query: Self.range)
        #expect(!fromRollup.transitions.isEmpty)
        #expect(fromRollup.topPaths.map(\.path) == fromTables.topPaths.map(\.path))
        #expect(fromRollup.topPaths.map(\.visits) == fromTables.topPaths.map(\.visits))
        #expect(fromRollup.transitions.map { [$0.from, $0.to, String($0.count)] } == fromTables.transitions.map { [$0.from, $0.to, String($0.count)] })
        #expect(fromRollup.entryPages.map { "\($0.page) \($0.visits)" } == fromTables.entryPages.map { "\($0.page) \($0.visits)" })
        #expect(fromRollup.exitPages.map { "\($0.page) \($0.visits)" } == fromTables.exitPages.map { "\($0.page) \($0.visits)" })
    }

    /// The store writes each `daily_items` kind as a row group of its own; a reader of one kind reads only
    /// its rows.
    @Test func oneKindIsReadAlone() throws {
        let items = try DailyRollups.items(from: ReportFixture.store, days: Self.range.days, kinds: ["hour"])
        #expect(items.count.count > 0)
        #expect(items.kind.dictionary == ["hour"])
        let all = try DailyRollups.items(
            from: ReportFixture.store, days: Self.range.days, kinds: Set(["hour", "page", "transition", "login_member"]))
        #expect(Set(all.kind.dictionary) == ["hour", "page", "transition", "login_member"])
    }
}
