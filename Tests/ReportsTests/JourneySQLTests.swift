import Foundation
import FootfallStore
import Reports
import SiteConfig
import Testing

/// SPEC §14's reports against the DuckDB SQL of `Scripts/journey_sql.py` over the same store: the sample store and the
/// hand-made journeys of ``JourneyReportsTests``, with and without filters. Every figure the script prints (persons
/// per step, times between steps, by segment and channel, next pages after a drop; conversions, touchpoints, lags,
/// credits per model and channel and campaign; cohort sizes and cells) must equal footfall's JSON.
@Suite("Journey reports against DuckDB", .enabled(if: ReportFixture.hasDuckDB))
struct JourneySQLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var sample: Bool
        var report: String
        var from: String
        var to: String
        /// The report's options as the CLI writes them (`--window 7`, `--goal G`, …) and the filters.
        var options: [String: String]

        var testDescription: String { (sample ? "sample " : "journeys ") + report + " " + options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    static let sampleRange = (from: "2026-11-17", to: "2026-11-19")
    static let journeyRange = (from: "2026-11-01", to: "2026-12-01")

    static func sample(_ report: String, _ options: [String: String]) -> Case {
        Case(sample: true, report: report, from: sampleRange.from, to: sampleRange.to, options: options)
    }

    static func journeys(_ report: String, _ options: [String: String], from: String = journeyRange.from) -> Case {
        Case(sample: false, report: report, from: from, to: journeyRange.to, options: options)
    }

    static let cases: [Case] = [
        sample("funnel", ["window": "7"]), sample("funnel", ["window": "1"]), sample("funnel", ["window": "30", "segment": "anonymous_new"]),
        sample("funnel", ["window": "7", "channel": "search"]), sample("funnel", ["window": "7", "device": "mobile"]),
        sample("attribution", ["goal": "signup_complete"]), sample("attribution", ["goal": "apply_complete", "lookback": "1"]),
        sample("attribution", ["goal": "premium_quote", "channel": "search"]), sample("attribution", ["goal": "consult_request", "segment": "member"]),
        sample("cohorts", ["by": "week"]), sample("cohorts", ["by": "month", "goal": "premium_quote"]), sample("cohorts", ["by": "week", "device": "mobile"]),
        journeys("funnel", ["window": "1"]), journeys("funnel", ["window": "7"]), journeys("funnel", ["window": "10"]),
        journeys("funnel", ["window": "7", "segment": "member"]),
        journeys("attribution", ["goal": "apply"]), journeys("attribution", ["goal": "apply", "lookback": "29"]),
        journeys("attribution", ["goal": "apply"], from: "2026-11-03"),
        journeys("cohorts", ["by": "week"]), journeys("cohorts", ["by": "week", "goal": "apply"]),
        journeys("cohorts", ["by": "month", "periods": "3"], from: "2026-10-01"), journeys("cohorts", ["by": "month", "periods": "3", "channel": "search"], from: "2026-10-01"),
    ]

    static let sampleConfig = try! SiteConfiguration.load(path: ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path)

    /// footfall's JSON of `test`.
    static func footfall(_ test: Case) throws -> Any {
        let (store, config) = test.sample ? (ReportFixture.store, sampleConfig) : (JourneyReportsTests.fixture.store, JourneyReportsTests.fixture.config)
        var request = ReportRequest(name: test.report, argument: test.report == "funnel" ? config.funnels[0].name : nil)
        (request.from, request.to) = (test.from, test.to)
        let options = test.options
        request.window = options["window"].flatMap { Int($0) }
        request.goal = options["goal"]
        request.lookback = options["lookback"].flatMap { Int($0) }
        request.by = options["by"]
        request.periods = options["periods"].flatMap { Int($0) }
        (request.segment, request.channel, request.device) = (options["segment"], options["channel"], options["device"])
        let text = try ReportRunner(store: store.pinned(), configuration: config).run(request).rendered(.json)
        return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// The script's JSON for `test`.
    static func duckdb(_ test: Case) throws -> Any {
        let (store, config) = test.sample ? (ReportFixture.store, sampleConfig) : (JourneyReportsTests.fixture.store, JourneyReportsTests.fixture.config)
        var arguments = [ReportFixture.repositoryRoot.appendingPathComponent("Scripts/journey_sql.py").path, test.report,
                         "--store", store.root, "--from", test.from, "--to", test.to]
        for (key, value) in test.options.sorted(by: { $0.key < $1.key }) { arguments += ["--" + key, value] }
        if test.report == "funnel" { arguments += ["--funnel", config.funnels[0].name, "--steps"] + config.funnels[0].steps.map(\.pattern) }
        return try JSONSerialization.jsonObject(with: try ReportFixture.python(arguments))
    }

    /// The places where `actual` differs from `expected` for the keys `expected` has (numbers within 1e-6 relative:
    /// footfall's JSON writes six decimals).
    static func differences(_ expected: Any, _ actual: Any?, at path: String = "") -> [String] {
        switch expected {
        case let object as [String: Any]:
            guard let other = actual as? [String: Any] else { return ["\(path): \(String(describing: actual)) is not an object"] }
            return object.keys.sorted().flatMap { differences(object[$0]!, other[$0], at: path + "." + $0) }
        case let list as [Any]:
            guard let other = actual as? [Any], other.count == list.count else { return ["\(path): \(String(describing: actual)) has not \(list.count) elements"] }
            return list.indices.flatMap { differences(list[$0], other[$0], at: path + "[\($0)]") }
        case let number as NSNumber where !(expected is String):
            guard let other = actual as? NSNumber, !(actual is NSNull) else { return ["\(path): expected \(number), got \(String(describing: actual))"] }
            return abs(number.doubleValue - other.doubleValue) <= 1e-6 * max(1, abs(number.doubleValue)) ? [] : ["\(path): expected \(number), got \(other)"]
        case is NSNull:
            return actual is NSNull ? [] : ["\(path): expected null, got \(String(describing: actual))"]
        default:
            return "\(expected)" == "\(actual ?? "nil")" ? [] : ["\(path): expected \(expected), got \(String(describing: actual))"]
        }
    }

    @Test(arguments: cases)
    func footfallEqualsDuckDB(_ test: Case) throws {
        let expected = try Self.duckdb(test)
        let actual = try Self.footfall(test)
        let found = Self.differences(expected, actual)
        #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
    }

    /// Per model, the channels' credits add up to the conversions; cohort cells never exceed the cohort's size and, without
    /// a goal, period 0 is the whole cohort.
    @Test(arguments: cases.filter { $0.report != "funnel" })
    func invariants(_ test: Case) throws {
        let json = try #require(try Self.footfall(test) as? [String: Any])
        if test.report == "attribution" {
            let conversions = try #require(json["conversions"] as? Int)
            let channels = try #require(json["channels"] as? [[String: Any]])
            for model in AttributionReport.Model.allCases {
                let total = channels.compactMap { ($0["credit"] as? [String: Any])?[model.rawValue] as? Double }.reduce(0, +)
                #expect(abs(total - Double(conversions)) < 1e-4, "\(model): \(total) ≠ \(conversions)")
            }
        } else {
            for cohort in try #require(json["cohorts"] as? [[String: Any]]) {
                let size = try #require(cohort["size"] as? Int)
                let counts = try #require(cohort["counts"] as? [Any])
                #expect(counts.compactMap { $0 as? Int }.allSatisfy { $0 <= size })
                if test.options["goal"] == nil { #expect(counts.first as? Int == size) }
            }
        }
    }
}
