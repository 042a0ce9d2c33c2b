public import FootfallStore
import Foundation
public import LogAnalytics
public import SiteConfig

/// What a person asks for: a report, its range, filters and comparison, as the CLI's flags or the console's
/// URL give them (strings, checked by ``ReportRunner``).
public struct ReportRequest: Sendable, Hashable {
    public var name: String
    /// The funnel's name (funnel) or the member id (customer).
    public var argument: String?
    public var from: String?
    public var to: String?
    public var segment: String?
    public var grade: String?
    public var gender: String?
    public var age: String?
    public var device: String?
    public var channel: String?
    public var campaign: String?
    public var compare: ComparisonPeriod?
    /// `funnel --window DAYS` (SPEC §14): 0 or `nil` is the within-a-visit funnel.
    public var window: Int?
    /// The goal of `attribution` (required) and `cohorts` (optional).
    public var goal: String?
    /// `attribution --lookback DAYS` (default 30).
    public var lookback: Int?
    /// `cohorts --by week|month`.
    public var by: String?
    /// `cohorts --periods N` (default 8, at most 64).
    public var periods: Int?

    public init(name: String, argument: String? = nil) {
        self.name = name
        self.argument = argument
    }

    /// The reports, in SPEC §8's order.
    public static let reports = [
        "overview", "segments", "profile", "groups", "pages", "funnel", "campaigns", "paths", "referrers", "logins", "customer", "conversions",
        "retention-watch", "hours", "status", "bots", "attribution", "cohorts",
    ]

    /// The reports `compare` applies to (SPEC §12.22).
    public static let comparable: Set<String> = ["overview", "segments", "campaigns", "referrers", "pages", "logins", "conversions", "funnel", "attribution"]

    /// The checks that need no store: a known report, a known segment, dates, an age range, a comparison the
    /// report takes. The message is the CLI's usage error and the console's 400.
    public func validate() throws(ReportUsageError) {
        guard Self.reports.contains(name) else {
            throw ReportUsageError(
                "no such report '\(name)'; the reports: \(Self.reports.joined(separator: ", "))" + ReportFilterCheck.suggestion(name, Self.reports, synonyms: [:]))
        }
        if let segment, Segment(rawValue: segment) == nil {
            throw ReportUsageError("unknown segment '\(segment)'; expected \(Segment.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for (label, value) in [("from", from), ("to", to)] {
            if let value, SiteDay(value) == nil { throw ReportUsageError("--\(label) '\(value)' is not a date YYYY-MM-DD") }
        }
        if compare != nil, !Self.comparable.contains(name) {
            throw ReportUsageError("--compare applies to \(Self.comparable.sorted().joined(separator: ", ")), not to \(name)")
        }
        try validateJourneyOptions()
        if let age, ReportFilterCheck.parseAges(age) == nil { throw ReportUsageError("--age '\(age)' is not an age range such as 28-35, 60+ or 35") }
    }
}

extension ReportRequest {
    /// The options of SPEC §14's reports: each only on its report, numbers in range, `--by` known.
    func validateJourneyOptions() throws(ReportUsageError) {
        if let window {
            guard name == "funnel" else { throw ReportUsageError("--window applies to the funnel report, not to \(name)") }
            guard (0...366).contains(window) else { throw ReportUsageError("--window \(window) is not a number of days from 0 to 366") }
        }
        if goal != nil, !["attribution", "cohorts"].contains(name) { throw ReportUsageError("--goal applies to attribution and cohorts, not to \(name)") }
        if let lookback {
            guard name == "attribution" else { throw ReportUsageError("--lookback applies to the attribution report, not to \(name)") }
            guard (0...366).contains(lookback) else { throw ReportUsageError("--lookback \(lookback) is not a number of days from 0 to 366") }
        }
        if let by {
            guard name == "cohorts" else { throw ReportUsageError("--by applies to the cohorts report, not to \(name)") }
            guard CohortsReport.Period(rawValue: by) != nil else { throw ReportUsageError("--by '\(by)' is not week or month") }
        }
        if let periods {
            guard name == "cohorts" else { throw ReportUsageError("--periods applies to the cohorts report, not to \(name)") }
            guard (1...64).contains(periods) else { throw ReportUsageError("--periods \(periods) is not a number from 1 to 64") }
        }
        if name == "attribution", goal == nil { throw ReportUsageError("the attribution report needs --goal GOAL (a goal of site.toml's [[goals]])") }
        if name == "cohorts", by == nil { throw ReportUsageError("the cohorts report needs --by week or --by month") }
    }
}

/// Why a report could not be made: the person's request (`usage`: exit 64, HTTP 400), something that is not
/// there (`notFound`: exit 64, HTTP 404), or the store (`store`: exit 2, HTTP 500).
public struct ReportRunError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case usage, notFound, store }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// A made report, with the same report over the comparison's earlier range when asked, and the notes a
/// person should read (a range cut to the store's days).
public struct ReportResult {
    public var report: any RenderableReport
    /// `nil`: no comparison asked; `.some(nil)`: asked, but the store holds none of the earlier days.
    public var earlier: (any RenderableReport)??
    public var notes: [String]

    /// The report in `format`, with the comparison of SPEC §12.22 when one was asked, in the current ``ReportStyle``;
    /// the JSON without the top-level keys `redacting` names (member ids, for a reader who may not see them).
    public func rendered(_ format: ReportOutputFormat, redacting: Set<String> = []) -> String {
        guard let earlier, let period = report.query.comparison else {
            switch format {
            case .table: return report.tableText + "\n"
            case .csv: return report.csvText
            case .json: return report.contractJSON.removing(keys: redacting).text() + "\n"
            case .html: return report.htmlText
            }
        }
        let range = period.range(from: report.query.from, to: report.query.to)
        let annotated = ReportChange.annotate(report.contractJSON, earlier: earlier?.contractJSON, period: period, range: range)
        let view = ComparisonView(headlines: ReportChange.headlines(annotated), period: period, range: range, available: earlier != nil)
        switch format {
        case .table: return report.tableText + "\n\n" + view.tableText + "\n"
        case .csv: return report.csvText + "\r\n" + view.csvText
        case .json: return annotated.removing(keys: redacting).text() + "\n"
        case .html:
            // The overview draws the earlier period's daily visits dashed under this one's.
            if let overview = report as? OverviewReport { return view.inserted(into: overview.htmlText(comparedWith: earlier as? OverviewReport)) }
            return view.inserted(into: report.htmlText)
        }
    }
}

/// The output formats of the reports (SPEC §8).
public enum ReportOutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, html
}

/// Makes reports the one way the CLI and the console both use: checks the request against the store and the
/// config (SPEC §12.21), cuts the range to the store's days, computes the report and its comparison.
public struct ReportRunner: Sendable {
    /// A pinned store (one version for everything the runner reads).
    public var store: Store
    public var configuration: SiteConfiguration?
    /// The config's catalogs, loaded only with the parts a report needs (the console caches them).
    public var catalog: @Sendable (SiteCatalog.Parts) throws -> SiteCatalog

    public init(store: Store, configuration: SiteConfiguration?, catalog: (@Sendable (SiteCatalog.Parts) throws -> SiteCatalog)? = nil) {
        self.store = store
        self.configuration = configuration
        self.catalog = catalog ?? { parts in
            guard let configuration else { return SiteCatalog() }
            return try SiteCatalog.load(for: configuration, parts: parts)
        }
    }

    /// The store's first and last day, or why there are none.
    public func storeDays() throws(ReportRunError) -> ClosedRange<SiteDay> {
        let manifest: StoreManifest
        do {
            guard let found = try store.manifest() else {
                throw ReportRunError(.store, "\(store.root): not a footfall store (no published version); run footfall ingest first")
            }
            manifest = found
        } catch let error as ReportRunError {
            throw error
        } catch {
            throw ReportRunError(.store, "\(error)")
        }
        let days = manifest.days.keys.sorted()
        guard let first = days.first.flatMap(SiteDay.init), let last = days.last.flatMap(SiteDay.init) else {
            throw ReportRunError(.store, "\(store.root): the store has no days yet")
        }
        return first...last
    }

    /// The query of `request`: its range cut to the store's days (with a note), its filters checked.
    public func query(for request: ReportRequest) throws(ReportRunError) -> (query: ReportQuery, notes: [String]) {
        do { try request.validate() } catch { throw ReportRunError(.usage, error.message) }
        let stored = try storeDays()
        let asked = (from: request.from.flatMap(SiteDay.init) ?? stored.lowerBound, to: request.to.flatMap(SiteDay.init) ?? stored.upperBound)
        if request.from != nil, request.to != nil, asked.from > asked.to {
            throw ReportRunError(.usage, "--from \(asked.from) is after --to \(asked.to)")
        }
        // A range is cut to the store's days (SPEC §12.21): per-day figures are not diluted by days never ingested.
        guard asked.to >= stored.lowerBound, asked.from <= stored.upperBound, asked.from <= asked.to else {
            let why = asked.from > stored.upperBound ? "--from \(asked.from) is after the store's last day" : "--to \(asked.to) is before the store's first day"
            throw ReportRunError(.usage, "\(why): the store holds \(stored.lowerBound) – \(stored.upperBound)")
        }
        let first = max(asked.from, stored.lowerBound), last = min(asked.to, stored.upperBound)
        var notes: [String] = []
        var query = ReportQuery(
            from: first, to: last, segment: request.segment.flatMap(Segment.init(rawValue:)), grade: request.grade, gender: request.gender,
            ages: request.age.flatMap(ReportFilterCheck.parseAges), device: request.device, channel: request.channel, campaign: request.campaign)
        if first != asked.from || last != asked.to {
            notes.append("the range \(asked.from) – \(asked.to) was cut to the store's days: \(first) – \(last)")
            query.requestedRange = asked.from...asked.to
        }
        query.comparison = request.compare
        if let configuration { query.conversionGoals = configuration.conversionGoals }
        do {
            var parts: SiteCatalog.Parts = request.campaign != nil ? [.campaignCosts] : []
            if request.gender != nil { parts.insert(.customers) }
            let catalog = configuration == nil ? nil : try self.catalog(parts)
            try ReportFilterCheck.check(query, store: store, catalog: catalog)
        } catch let error as ReportUsageError {
            throw ReportRunError(.usage, error.message)
        } catch {
            throw ReportRunError(.usage, "\(error)")
        }
        return (query, notes)
    }

    /// Makes the report of `request`, and the earlier one when a comparison is asked.
    public func run(_ request: ReportRequest) throws(ReportRunError) -> ReportResult {
        let (query, notes) = try query(for: request)
        let stored = try storeDays()
        do {
            let report = try make(request, query: query)
            var earlier: (any RenderableReport)?? = nil
            if let period = query.comparison {
                // The earlier range, cut to the store's days; no day of it stored: the comparison is null.
                let range = period.range(from: query.from, to: query.to)
                if range.upperBound >= stored.lowerBound, range.lowerBound <= stored.upperBound {
                    var before = query
                    before.from = max(range.lowerBound, stored.lowerBound)
                    before.to = min(range.upperBound, stored.upperBound)
                    before.comparison = nil
                    before.requestedRange = nil
                    earlier = .some(try make(request, query: before))
                } else {
                    earlier = .some(nil)
                }
            }
            return ReportResult(report: report, earlier: earlier, notes: notes)
        } catch let error as ReportRunError {
            throw error
        } catch {
            throw ReportRunError(.store, "\(error)")
        }
    }

    func customers(for name: String) throws -> [String: CustomerRecord] {
        guard configuration != nil else { throw ReportRunError(.usage, "the \(name) report needs --config site.toml (for customers.csv)") }
        do { return try catalog(.customers).customers } catch { throw ReportRunError(.usage, "\(error)") }
    }

    /// `goal` when it is a goal of the config (exit 64 with the closest goal otherwise).
    func knownGoal(_ goal: String) throws(ReportRunError) -> String {
        guard let configuration else { throw ReportRunError(.usage, "--goal needs --config site.toml (for its [[goals]])") }
        var goals: [String] = []
        for rule in configuration.goals where !goals.contains(rule.name) { goals.append(rule.name) }
        guard goals.contains(goal) else {
            throw ReportRunError(
                .usage, "--goal '\(goal)' is not a goal of the config; goals: \(goals.joined(separator: ", "))" + ReportFilterCheck.suggestion(goal, goals, synonyms: [:]))
        }
        return goal
    }

    /// Computes the report of `request` over `query`.
    func make(_ request: ReportRequest, query: ReportQuery) throws -> any RenderableReport {
        switch request.name {
        case "groups":
            return try GroupsReport.make(store: store, query: query)
        case "customer":
            guard let member = request.argument, !member.isEmpty else {
                throw ReportRunError(.usage, "the customer report needs a member id: footfall report customer M000123")
            }
            let customers = try customers(for: request.name)
            // A member id neither the store nor customers.csv knows is an error, not an empty sheet.
            let stored = try store.memberNumbers().number(for: member)
            guard customers[member] != nil || stored != nil else {
                throw ReportRunError(
                    .notFound, "no member '\(member)' in the store or customers.csv" + ReportFilterCheck.suggestion(member, Array(customers.keys), synonyms: [:]))
            }
            return try CustomerReport.make(store: store, query: query, memberId: member, customers: customers)
        case "conversions":
            return try ConversionsReport.make(store: store, query: query, customers: try customers(for: request.name))
        case "retention-watch":
            return try RetentionWatchReport.make(store: store, query: query, customers: try customers(for: request.name))
        case "pages":
            return try PagesReport.make(store: store, query: query)
        case "logins":
            return try LoginsReport.make(store: store, query: query)
        case "profile":
            return try ProfileReport.make(store: store, query: query)
        case "referrers":
            return try ReferrersReport.make(store: store, query: query)
        case "paths":
            return try PathsReport.make(store: store, query: query)
        case "hours":
            return try HoursReport.make(store: store, query: query)
        case "campaigns":
            var costs: [String: CampaignCostRecord] = [:]
            if configuration != nil {
                do { costs = try catalog(.campaignCosts).campaignCosts } catch { throw ReportRunError(.usage, "\(error)") }
            }
            return try CampaignsReport.make(store: store, query: query, costs: costs)
        case "funnel":
            guard let configuration else { throw ReportRunError(.usage, "the funnel report needs --config site.toml (for the funnel's steps)") }
            let names = configuration.funnels.map(\.name)
            guard let wanted = request.argument ?? names.first, let definition = configuration.funnels.first(where: { $0.name == wanted }) else {
                throw ReportRunError(.notFound, "no funnel '\(request.argument ?? "")' in the config; funnels: \(names.joined(separator: ", "))")
            }
            let pageNames = FunnelReport.pageNames(steps: definition.steps.map(\.pattern), rules: configuration.pages.map { ($0.match, $0.page) })
            if let window = request.window, window > 0 {
                guard definition.steps.count <= 64 else { throw ReportRunError(.usage, "funnel '\(definition.name)' has more than 64 steps; --window follows at most 64") }
                var report = try WindowedFunnelReport.make(
                    store: store, storeDays: try storeDays(), query: query, name: definition.name, steps: definition.steps, windowDays: window)
                report.pageNames = pageNames
                return report
            }
            var report = try FunnelReport.make(store: store, query: query, name: definition.name, stepNames: definition.steps.map(\.pattern))
            report.pageNames = pageNames
            return report
        case "attribution":
            let goal = try knownGoal(request.goal ?? "")
            var costs: [String: CampaignCostRecord] = [:]
            if configuration != nil {
                do { costs = try catalog(.campaignCosts).campaignCosts } catch { throw ReportRunError(.usage, "\(error)") }
            }
            return try AttributionReport.make(
                store: store, storeDays: try storeDays(), query: query, goal: goal, lookbackDays: request.lookback ?? 30, costs: costs)
        case "cohorts":
            let goal = try request.goal.map(knownGoal)
            return try CohortsReport.make(
                store: store, storeDays: try storeDays(), query: query, by: CohortsReport.Period(rawValue: request.by ?? "week") ?? .week, goal: goal,
                periods: request.periods ?? 8)
        case "status", "bots":
            return try HitsReport.make(request.name == "status" ? .status : .bots, store: store, query: query)
        case "segments":
            return try SegmentsReport.make(store: store, query: query)
        default:
            return try OverviewReport.make(store: store, query: query)
        }
    }
}
