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
            abstract: "Print a report over the store: overview, segments, profile, groups, pages, paths, funnel NAME, campaigns, referrers, logins, customer MEMBER_ID, conversions, retention-watch, bots, status, hours, attribution --goal G or cohorts --by week|month.",
            discussion: "Filters select visits (SPEC §12.15); under a visit filter hit counts are omitted. The format defaults to table on a terminal and JSON otherwise.")

        @Argument(help: "The report: overview, segments, profile, groups, pages, paths, funnel, campaigns, referrers, logins, customer, conversions, retention-watch, bots, status, hours, attribution or cohorts.")
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

        @Option(help: "funnel: follow attempts across visits for this many days (SPEC §14); 0, the default, is the funnel within a visit.")
        var window: Int?

        @Option(help: "attribution: the goal whose conversions are credited (required); cohorts: count keys reaching it instead of visiting.")
        var goal: String?

        @Option(help: "attribution: how many days before a conversion a visit counts as its touchpoint (default 30).")
        var lookback: Int?

        @Option(help: "cohorts: week (Monday–Sunday) or month.")
        var by: String?

        @Option(help: "cohorts: how many periods from the cohort's own (default 8, at most 64).")
        var periods: Int?

        @Option(help: "table, csv, json or html.")
        var format: ReportFormat?

        @Option(help: "Compare with the previous period of the same length (previous) or the same dates a year earlier (year): overview, segments, campaigns, referrers, pages, logins, conversions, funnel and attribution.")
        var compare: ComparisonPeriod?

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

        /// The request the flags make.
        var request: ReportRequest {
            var request = ReportRequest(name: name, argument: funnelName)
            (request.from, request.to, request.compare) = (from, to, compare)
            (request.segment, request.grade, request.gender, request.age) = (segment, grade, gender, age)
            (request.device, request.channel, request.campaign) = (device, channel, campaign)
            (request.window, request.goal, request.lookback, request.by, request.periods) = (window, goal, lookback, by, periods)
            return request
        }

        func validate() throws {
            do { try request.validate() } catch { throw ValidationError(error.message) }
            if excel, let format, format != .csv { throw ValidationError("--excel writes CSV; it cannot go with --format \(format.rawValue)") }
        }

        func run() throws {
            try reportingFailures {
                let configuration: SiteConfiguration?
                do { configuration = try config.map { try SiteConfiguration.load(path: $0) } } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 64)
                }
                // One version for the whole command (SPEC §9).
                let runner = ReportRunner(store: Store(root: store).pinned(), configuration: configuration)
                let chosen: ReportFormat = excel ? .csv : format ?? (output == nil && isatty(STDOUT_FILENO) == 1 ? .table : .json)
                let text: String
                do {
                    let result = try runner.run(request)
                    for note in result.notes { printError("footfall: note: " + note) }
                    let rendered = ReportStyle.$current.withValue(style) { result.rendered(ReportOutputFormat(rawValue: chosen.rawValue)!) }
                    text = (excel ? "\u{FEFF}" : "") + rendered
                } catch let error as ReportRunError {
                    throw CommandFailure(message: error.message, exitCode: error.kind == .store ? 2 : 64)
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
