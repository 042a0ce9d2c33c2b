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

        @OptionGroup var selection: ReportSelection

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
            var request = selection.request
            request.compare = compare
            return request
        }

        func validate() throws {
            do { try request.validate() } catch { throw ValidationError(error.message) }
            if excel, let format, format != .csv { throw ValidationError("--excel writes CSV; it cannot go with --format \(format.rawValue)") }
        }

        func run() throws {
            try reportingFailures {
                let runner = try selection.runner()
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
