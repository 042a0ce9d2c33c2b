import Foundation
import LogAnalytics
import LogIngest
import Reports
import SiteConfig
import Testing

/// Every report in every format on the bundled sample, against the files in `Golden/` (SPEC §8, §10).
///
/// The figures themselves are checked independently elsewhere (DuckDB SQL over the same store, in each
/// report's tests); these files pin down the rendering: the JSON contract's keys and order, the aligned
/// table, the CSV, the HTML page. After an intended change, regenerate them with
/// `FOOTFALL_UPDATE_GOLDEN=1 swift test --filter GoldenFilesTests` and review the diff.
@Suite("Golden files of every report and format")
struct GoldenFilesTests {
    static let range = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)
    /// The customer of the sample with the most visits.
    static let member = "M415309"
    static let reports = [
        "overview", "segments", "profile", "groups", "pages", "paths", "funnel", "campaigns", "referrers", "logins", "customer",
        "conversions", "retention-watch", "bots", "status", "hours", "funnel-window", "attribution", "cohorts",
    ]
    /// The formats, and the Korean table and page and the CSV for Excel (issue 19).
    static let formats: [(name: String, fileExtension: String)] = [
        ("json", "json"), ("table", "txt"), ("csv", "csv"), ("html", "html"), ("table-ko", "ko.txt"), ("html-ko", "ko.html"), ("excel", "excel.csv"),
    ]

    static func make(_ name: String) throws -> any RenderableReport {
        let store = ReportFixture.store
        let configuration = try SiteConfiguration.load(path: ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path)
        let catalog = try SiteCatalog.load(for: configuration)
        switch name {
        case "overview": return try OverviewReport.make(store: store, query: range)
        case "segments": return try SegmentsReport.make(store: store, query: range)
        case "profile": return try ProfileReport.make(store: store, query: range)
        case "groups": return try GroupsReport.make(store: store, query: range)
        case "pages": return try PagesReport.make(store: store, query: range)
        case "paths": return try PathsReport.make(store: store, query: range)
        case "funnel":
            let funnel = try #require(configuration.funnels.first)
            var report = try FunnelReport.make(store: store, query: range, name: funnel.name, stepNames: funnel.steps.map(\.pattern))
            report.pageNames = FunnelReport.pageNames(steps: report.steps.map(\.name), rules: configuration.pages.map { ($0.match, $0.page) })
            return report
        case "funnel-window":
            let funnel = try #require(configuration.funnels.first)
            let days = range.from...range.to
            var report = try WindowedFunnelReport.make(store: store, storeDays: days, query: range, name: funnel.name, steps: funnel.steps, windowDays: 7)
            report.pageNames = FunnelReport.pageNames(steps: funnel.steps.map(\.pattern), rules: configuration.pages.map { ($0.match, $0.page) })
            return report
        case "attribution":
            return try AttributionReport.make(
                store: store, storeDays: range.from...range.to, query: range, goal: "signup_complete", lookbackDays: 30, costs: catalog.campaignCosts)
        case "cohorts":
            return try CohortsReport.make(store: store, storeDays: range.from...range.to, query: range, by: .week, goal: nil, periods: 4)
        case "campaigns": return try CampaignsReport.make(store: store, query: range, costs: catalog.campaignCosts)
        case "referrers": return try ReferrersReport.make(store: store, query: range)
        case "logins": return try LoginsReport.make(store: store, query: range)
        case "customer": return try CustomerReport.make(store: store, query: range, memberId: member, customers: catalog.customers)
        case "conversions": return try ConversionsReport.make(store: store, query: range, customers: catalog.customers)
        case "retention-watch": return try RetentionWatchReport.make(store: store, query: range, customers: catalog.customers)
        case "bots": return try HitsReport.make(.bots, store: store, query: range)
        case "status": return try HitsReport.make(.status, store: store, query: range)
        default: return try HoursReport.make(store: store, query: range)
        }
    }

    static func rendered(_ report: any RenderableReport, _ format: String) -> String {
        let style = ReportStyle(language: format.hasSuffix("-ko") ? .ko : .en, excel: format == "excel")
        return ReportStyle.$current.withValue(style) {
            switch format {
            case "json": report.jsonValue.text() + "\n"
            case "table", "table-ko": report.tableText
            case "csv", "excel": report.csvText
            default: report.htmlText
            }
        }
    }

    @Test(arguments: reports)
    func matchesItsGoldenFiles(report name: String) throws {
        let report = try Self.make(name)
        let folder = ReportFixture.repositoryRoot.appendingPathComponent("Tests/ReportsTests/Golden")
        for format in Self.formats {
            let text = Self.rendered(report, format.name)
            let golden = folder.appendingPathComponent("\(name).\(format.fileExtension)").path
            if ProcessInfo.processInfo.environment["FOOTFALL_UPDATE_GOLDEN"] != nil {
                try text.write(toFile: golden, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOfFile: golden, encoding: .utf8)
            if text != expected {
                // Outside the test scratch folder (removed at exit), so that the file is there to compare.
                let actual = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).actual.\(format.fileExtension)").path
                try text.write(toFile: actual, atomically: true, encoding: .utf8)
                Issue.record("\(name) as \(format.name) differs from \(golden): compare with `git diff --no-index -U5 \(golden) \(actual)`")
            }
        }
    }

    /// The golden files are worth something only if what they pin down has content.
    @Test func theSampleGivesEveryReportSomethingToShow() throws {
        let customer = try #require(try Self.make("customer") as? CustomerReport)
        #expect(customer.visits > 0)
        let watch = try #require(try Self.make("retention-watch") as? RetentionWatchReport)
        #expect(!watch.rows.isEmpty)
        let logins = try #require(try Self.make("logins") as? LoginsReport)
        #expect(logins.members > 0)
    }
}
