public import ArgumentParser
import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import Reports
import SiteConfig

#if canImport(Glibc)
import Glibc
#endif

/// Output formats of the reports.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html
}

extension Footfall {
    /// `footfall report NAME`: the eCRM reports over the store.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a report over the store: overview, segments, profile, groups, pages, paths, funnel NAME, campaigns, referrers, logins, customer MEMBER_ID, conversions, retention-watch, bots, status or hours.",
            discussion: "Filters select visits (SPEC §12.15); under a visit filter hit counts are omitted. The format defaults to table on a terminal and JSON otherwise.")

        /// The reports available now.
        static let available = [
            "overview", "segments", "profile", "groups", "pages", "funnel", "campaigns", "paths", "referrers", "logins", "customer", "conversions",
            "retention-watch", "hours", "status", "bots",
        ]

        @Argument(help: "The report: overview, segments, profile, groups, pages, paths, funnel, campaigns, referrers, logins, customer, conversions, retention-watch, bots, status or hours.")
        var name: String

        @Argument(help: "The funnel's name for the funnel report (as in site.toml's [[funnels]]), or the member id for the customer report.")
        var funnelName: String?

        @Option(help: "The site config (the funnel report needs it for its steps, campaigns for campaigns.csv).")
        var config: String?

        @Option(help: "The store folder.")
        var store: String

        @Option(help: "First day (YYYY-MM-DD); the store's first day when omitted.")
        var from: String?

        @Option(help: "Last day (YYYY-MM-DD); the store's last day when omitted.")
        var to: String?

        @Option(help: "Segment filter: customer, member, anonymous_new, anonymous.")
        var segment: String?

        @Option(help: "Customer grade filter: vip, regular, churned, dormant, reactivated, prospect.")
        var grade: String?

        @Option(help: "Gender filter (as in customers.csv, e.g. M or F).")
        var gender: String?

        @Option(help: "Age filter, inclusive, e.g. 28-35 (age = the range end's year minus birth year).")
        var age: String?

        @Option(help: "Device filter: desktop, mobile, tablet.")
        var device: String?

        @Option(help: "Channel filter: campaign, search, social, referral, direct.")
        var channel: String?

        @Option(help: "Campaign filter (a campaign name).")
        var campaign: String?

        @Option(help: "table, csv, json or html.")
        var format: ReportFormat?

        @Option(help: "Compare with the previous period of the same length (previous) or the same dates a year earlier (year): overview, segments, campaigns, referrers, pages, logins, conversions and funnel.")
        var compare: ComparisonPeriod?

        /// The reports `--compare` applies to (SPEC §12.22).
        static let comparable: Set<String> = ["overview", "segments", "campaigns", "referrers", "pages", "logins", "conversions", "funnel"]

        @Option(help: "Write to this file instead of standard output.")
        var output: String?

        @Option(help: "The language of labels in table, HTML and --excel CSV: en or ko (default: from LC_ALL/LANG, else en). JSON does not change.")
        var lang: ReportStyle.Language?

        @Flag(help: "Keep every column of a terminal table, however wide (else the least important are left out past 120 columns).")
        var wide = false

        @Flag(help: "CSV for Excel: UTF-8 with a byte order mark, labels in the language, numbers for people (implies --format csv).")
        var excel = false

        /// How the report is shown (issue 19).
        var style: ReportStyle {
            ReportStyle(language: lang ?? ReportStyle.language(fromEnvironment: ProcessInfo.processInfo.environment), wide: wide, excel: excel)
        }

        func validate() throws {
            guard Self.available.contains(name) else {
                throw ValidationError(
                    "no such report '\(name)'; the reports: \(Self.available.joined(separator: ", "))" + ReportFilterCheck.suggestion(name, Self.available, synonyms: [:]))
            }
            if let segment, Segment(rawValue: segment) == nil {
                throw ValidationError("unknown segment '\(segment)'; expected \(Segment.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            for (label, value) in [("from", from), ("to", to)] {
                if let value, SiteDay(value) == nil { throw ValidationError("--\(label) '\(value)' is not a date YYYY-MM-DD") }
            }
            if compare != nil, !Self.comparable.contains(name) {
                throw ValidationError("--compare applies to \(Self.comparable.sorted().joined(separator: ", ")), not to \(name)")
            }
            if excel, let format, format != .csv { throw ValidationError("--excel writes CSV; it cannot go with --format \(format.rawValue)") }
            if let age, ReportFilterCheck.parseAges(age) == nil { throw ValidationError("--age '\(age)' is not an age range such as 28-35, 60+ or 35") }
        }

        /// Computes report `name`.
        func make(_ name: String, store: Store, query: ReportQuery) throws -> any RenderableReport {
            switch name {
            case "groups":
                return try GroupsReport.make(store: store, query: query)
            case "customer":
                guard let member = funnelName else { throw CommandFailure(message: "the customer report needs a member id: footfall report customer M000123", exitCode: 64) }
                let customers = try customers(required: true)
                // A member id neither the store nor customers.csv knows is an error, not an empty sheet.
                let stored = try store.memberNumbers().number(for: member)
                guard customers[member] != nil || stored != nil else {
                    throw CommandFailure(
                        message: "no member '\(member)' in the store or customers.csv" + ReportFilterCheck.suggestion(member, Array(customers.keys), synonyms: [:]),
                        exitCode: 64)
                }
                return try CustomerReport.make(store: store, query: query, memberId: member, customers: customers)
            case "conversions":
                return try ConversionsReport.make(store: store, query: query, customers: try customers(required: true))
            case "retention-watch":
                return try RetentionWatchReport.make(store: store, query: query, customers: try customers(required: true))
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
                if let config {
                    do { costs = try SiteCatalog.load(for: try SiteConfiguration.load(path: config), parts: .campaignCosts).campaignCosts } catch {
                        throw CommandFailure(message: "\(error)", exitCode: 64)
                    }
                }
                return try CampaignsReport.make(store: store, query: query, costs: costs)
            case "funnel":
                guard let config else { throw CommandFailure(message: "the funnel report needs --config site.toml (for the funnel's steps)", exitCode: 64) }
                let configuration: SiteConfiguration
                do { configuration = try SiteConfiguration.load(path: config) } catch { throw CommandFailure(message: "\(error)", exitCode: 64) }
                let names = configuration.funnels.map(\.name)
                guard let wanted = funnelName ?? names.first, let definition = configuration.funnels.first(where: { $0.name == wanted }) else {
                    throw CommandFailure(message: "no funnel '\(funnelName ?? "")' in \(config); funnels: \(names.joined(separator: ", "))", exitCode: 64)
                }
                var report = try FunnelReport.make(store: store, query: query, name: definition.name, stepNames: definition.steps.map(\.pattern))
                report.pageNames = FunnelReport.pageNames(steps: report.steps.map(\.name), rules: configuration.pages.map { ($0.match, $0.page) })
                return report
            case "status", "bots":
                return try HitsReport.make(name == "status" ? .status : .bots, store: store, query: query)
            case "segments":
                return try SegmentsReport.make(store: store, query: query)
            default:
                return try OverviewReport.make(store: store, query: query)
            }
        }

        /// The customer master of --config.
        func customers(required: Bool) throws -> [String: CustomerRecord] {
            guard let config else {
                if required { throw CommandFailure(message: "the \(name) report needs --config site.toml (for customers.csv)", exitCode: 64) }
                return [:]
            }
            do {
                return try SiteCatalog.load(for: try SiteConfiguration.load(path: config), parts: .customers).customers
            } catch {
                throw CommandFailure(message: "\(error)", exitCode: 64)
            }
        }

        static func rendered(_ report: any RenderableReport, _ format: ReportFormat, earlier: (any RenderableReport)?? = nil) -> String {
            guard let earlier, let period = report.query.comparison else {
                switch format {
                case .table: return report.tableText + "\n"
                case .csv: return report.csvText
                case .json: return report.contractJSON.text() + "\n"
                case .html: return report.htmlText
                }
            }
            // SPEC §12.22: the report beside the same report over the earlier range.
            let range = period.range(from: report.query.from, to: report.query.to)
            let annotated = ReportChange.annotate(report.contractJSON, earlier: earlier?.contractJSON, period: period, range: range)
            let view = ComparisonView(headlines: ReportChange.headlines(annotated), period: period, range: range, available: earlier != nil)
            switch format {
            case .table: return report.tableText + "\n\n" + view.tableText + "\n"
            case .csv: return report.csvText + "\r\n" + view.csvText
            case .json: return annotated.text() + "\n"
            case .html:
                // The overview draws the earlier period's daily visits dashed under this one's.
                if let overview = report as? OverviewReport { return view.inserted(into: overview.htmlText(comparedWith: earlier as? OverviewReport)) }
                return view.inserted(into: report.htmlText)
            }
        }

        func run() throws {
            try reportingFailures {
                let store = Store(root: store).pinned()  // one version for the whole command (SPEC §9)
                let manifest: StoreManifest
                do {
                    guard let found = try store.manifest() else {
                        throw CommandFailure(message: "\(self.store): not a footfall store (no published version); run footfall ingest first", exitCode: 2)
                    }
                    manifest = found
                } catch let error as StoreError {
                    throw CommandFailure(message: "\(error)", exitCode: 2)
                }
                let days = manifest.days.keys.sorted()
                guard let storeFirst = days.first.flatMap(SiteDay.init), let storeLast = days.last.flatMap(SiteDay.init) else {
                    throw CommandFailure(message: "\(self.store): the store has no days yet", exitCode: 2)
                }
                let asked = (from: from.flatMap(SiteDay.init) ?? storeFirst, to: to.flatMap(SiteDay.init) ?? storeLast)
                if from != nil, to != nil, asked.from > asked.to {
                    throw CommandFailure(message: "--from \(asked.from) is after --to \(asked.to)", exitCode: 64)
                }
                // A range is cut to the store's days (SPEC §12.21): per-day figures are not diluted by days never
                // ingested, and a range of centuries does not make a report walk them.
                guard asked.to >= storeFirst, asked.from <= storeLast, asked.from <= asked.to else {
                    let why = asked.from > storeLast ? "--from \(asked.from) is after the store's last day" : "--to \(asked.to) is before the store's first day"
                    throw CommandFailure(message: "\(why): the store holds \(storeFirst) – \(storeLast)", exitCode: 64)
                }
                let first = max(asked.from, storeFirst), last = min(asked.to, storeLast)
                if first != asked.from || last != asked.to {
                    printError("footfall: note: the range \(asked.from) – \(asked.to) was cut to the store's days: \(first) – \(last)")
                }
                var query = ReportQuery(
                    from: first, to: last, segment: segment.flatMap(Segment.init(rawValue:)), grade: grade, gender: gender,
                    ages: age.flatMap(ReportFilterCheck.parseAges), device: device, channel: channel, campaign: campaign)
                if first != asked.from || last != asked.to { query.requestedRange = asked.from...asked.to }
                query.comparison = compare
                let configuration: SiteConfiguration?
                do { configuration = try config.map { try SiteConfiguration.load(path: $0) } } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 64)
                }
                if let configuration { query.conversionGoals = configuration.conversionGoals }
                do {
                    // Filter values checked against their sets, the store and the config (SPEC §12.21).
                    var parts: SiteCatalog.Parts = campaign != nil ? [.campaignCosts] : []
                    if gender != nil { parts.insert(.customers) }
                    let catalog = try configuration.map { try SiteCatalog.load(for: $0, parts: parts) }
                    try ReportFilterCheck.check(query, store: store, catalog: catalog)
                } catch let error as ReportUsageError {
                    throw CommandFailure(message: error.message, exitCode: 64)
                } catch let error as ConfigError {
                    throw CommandFailure(message: "\(error)", exitCode: 64)
                }
                let chosen = excel ? .csv : format ?? (output == nil && isatty(STDOUT_FILENO) == 1 ? .table : .json)
                let text: String
                do {
                    let report = try make(name, store: store, query: query)
                    var earlier: (any RenderableReport)?? = nil
                    if let period = query.comparison {
                        // The earlier range, cut to the store's days; no day of it stored: the comparison is null.
                        let range = period.range(from: query.from, to: query.to)
                        if range.upperBound >= storeFirst, range.lowerBound <= storeLast {
                            var before = query
                            before.from = max(range.lowerBound, storeFirst)
                            before.to = min(range.upperBound, storeLast)
                            before.comparison = nil
                            before.requestedRange = nil
                            earlier = .some(try make(name, store: store, query: before))
                        } else {
                            earlier = .some(nil)
                        }
                    }
                    text = (excel ? "\u{FEFF}" : "") + ReportStyle.$current.withValue(style) { Self.rendered(report, chosen, earlier: earlier) }
                } catch let failure as CommandFailure {
                    throw failure
                } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 2)
                }
                if let output {
                    do {
                        try text.write(toFile: output, atomically: true, encoding: .utf8)
                    } catch {
                        throw CommandFailure(message: "\(output): cannot write the report (\(error.localizedDescription))", exitCode: 2)
                    }
                } else {
                    print(text, terminator: "")
                }
            }
        }
    }
}

extension ComparisonPeriod: ArgumentParser.ExpressibleByArgument {}
extension ReportStyle.Language: ArgumentParser.ExpressibleByArgument {}
