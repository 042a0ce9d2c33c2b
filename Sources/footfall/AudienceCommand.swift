import ArgumentParser
import Foundation
import FootfallStore
import LogAnalytics
import Reports
import SiteConfig

#if canImport(Glibc)
import Glibc
#endif

extension Footfall {
    /// `footfall audience [NAME]`: the members a campaign targets, for a CRM or an e-mail system (SPEC §15).
    struct AudienceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audience",
            abstract: "List the members who visited in the range and meet every criterion (a named [[audiences]] of site.toml, or the flags).",
            discussion: """
                The count goes to standard error first; the list (CSV or JSON) to standard output or --output, a file created with \
                mode 0600. --explain prints how many members remain after each criterion instead. See docs/AUDIENCES.md.
                """)

        @Argument(help: "A named audience of site.toml's [[audiences]] (flags given beside it are added to its criteria).")
        var name: String?

        @Option(help: "The site config (customers.csv, products.csv, goals, funnels, named audiences).")
        var config: String

        @Option(help: "The store folder.")
        var store: String

        @Option(help: "First day (YYYY-MM-DD); the store's first day when omitted.")
        var from: String?

        @Option(help: "Last day (YYYY-MM-DD); the store's last day when omitted. Recency, interest and maturity are counted from it.")
        var to: String?

        @Option(help: "member or customer: the segment of the member's last visit in the range.")
        var segment: String?

        @Option(help: "Customer grade (customers.csv): vip, regular, churned, dormant, reactivated, prospect.")
        var grade: String?

        @Option(help: "Gender (customers.csv), e.g. M or F.")
        var gender: String?

        @Option(help: "Age range, e.g. 28-35, 60+ or 35 (the range end's year minus birth_year).")
        var age: String?

        @Option(name: .customLong("where"), help: "COLUMN=VALUE on any column of customers.csv, e.g. occupation=회사원 (repeatable; an empty VALUE matches an empty cell).")
        var whereConditions: [String] = []

        @Option(help: "The member's last visit falls on one of the range's last DAYS days.")
        var visitedWithin: Int?

        @Option(help: "At least N visits in the range.")
        var minVisits: Int?

        @Option(help: "NAME[:MIN]: interest (SPEC §7) in a product (name or code) or a product category, at least MIN (default: above 0). Repeatable.")
        var interest: [String] = []

        @Option(help: "A goal some visit of the member reached in the range (repeatable).")
        var reached: [String] = []

        @Option(help: "A goal none of the member's visits reached in the range (repeatable).")
        var notReached: [String] = []

        @Option(help: "FUNNEL:STEP: the member's furthest progress in the funnel is exactly STEP (a number from 1, the step's glob or its page).")
        var dropped: String?

        @Option(help: "With --dropped: count progress over attempts of up to DAYS days across visits (SPEC §14); 0 (default): within a visit.")
        var window: Int?

        @Option(help: "A campaign the member had a visit from (repeatable).")
        var campaign: [String] = []

        @Option(help: "Customers whose maturity_date lies 1 … DAYS days after the range end.")
        var maturityWithin: Int?

        @Option(help: "member_id (default), interest (the first --interest score, else the top product's; highest first) or last_visit (latest first).")
        var orderBy: String?

        @Option(help: "At most N members (after ordering).")
        var limit: Int?

        @Option(help: "csv or json (default: csv).")
        var format: AudienceFormat = .csv

        @Option(help: "Write the list to this file, created with mode 0600 (it holds member ids).")
        var output: String?

        @Flag(help: "Print, per criterion in order, how many members remain after it, instead of the list.")
        var explain = false

        @Option(help: "The language of --explain's labels: en or ko (default: from LC_ALL/LANG, else en).")
        var lang: ReportStyle.Language?

        enum AudienceFormat: String, ExpressibleByArgument { case csv, json }

        var request: AudienceRequest {
            var request = AudienceRequest(name: name)
            var criteria = AudienceCriteria()
            (criteria.segment, criteria.grade, criteria.gender, criteria.age) = (segment, grade, gender, age)
            (criteria.whereConditions, criteria.visitedWithin, criteria.minVisits) = (whereConditions, visitedWithin, minVisits)
            (criteria.interest, criteria.reached, criteria.notReached) = (interest, reached, notReached)
            (criteria.dropped, criteria.window, criteria.campaigns, criteria.maturityWithin) = (dropped, window, campaign, maturityWithin)
            request.criteria = criteria
            (request.from, request.to, request.orderBy, request.limit, request.explain) = (from, to, orderBy, limit, explain)
            return request
        }

        func validate() throws {
            for (flag, value, range) in [("--visited-within", visitedWithin, 1...36_500), ("--min-visits", minVisits, 1...1_000_000_000),
                                         ("--window", window, 0...3_650), ("--maturity-within", maturityWithin, 1...36_500), ("--limit", limit, 1...1_000_000_000)] {
                if let value, !range.contains(value) { throw ValidationError("\(flag) \(value): give a number from \(range.lowerBound) to \(range.upperBound)") }
            }
            for (flag, value) in [("--from", from), ("--to", to)] {
                if let value, SiteDay(value) == nil { throw ValidationError("\(flag) '\(value)' is not a date YYYY-MM-DD") }
            }
        }

        func run() throws {
            try reportingFailures {
                let configuration: SiteConfiguration
                do { configuration = try SiteConfiguration.load(path: config) } catch { throw CommandFailure(message: "\(error)", exitCode: 64) }
                let runner = ReportRunner(store: Store(root: store).pinned(), configuration: configuration)
                let asked = request
                let made: Audience
                switch Result(catching: { () throws(ReportRunError) in try runner.audience(asked) }) {
                case .success(let (audience, notes)):
                    for note in notes { printError("footfall: note: " + note) }
                    made = audience
                case .failure(let error):
                    throw CommandFailure(message: error.message, exitCode: error.kind == .store ? 2 : 64)
                }
                if explain {
                    let style = ReportStyle(language: lang ?? ReportStyle.language(fromEnvironment: ProcessInfo.processInfo.environment), wide: false, excel: false)
                    print(ReportStyle.$current.withValue(style) { made.explanationText }, terminator: "")
                    return
                }
                // The count first, on standard error (SPEC §15), so a script sees it before the list.
                printError("\(made.rows.count) members" + (made.matched > made.rows.count ? " (of \(made.matched) matching; --limit \(made.limit ?? 0))" : ""))
                let text = format == .json ? made.jsonText : made.csvText
                if let output {
                    try PrivateFile.write(Array(text.utf8), to: output, what: "the audience")
                } else {
                    print(text, terminator: "")
                }
            }
        }
    }
}
