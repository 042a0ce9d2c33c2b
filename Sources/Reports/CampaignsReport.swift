import Foundation
public import FootfallStore
import LogAnalytics
import ParquetStore
public import SiteConfig

/// The `campaigns` report (SPEC §8, §10, §12.11, §12.17, §12.19): banner, e-mail and utm campaigns with their
/// visits, visitors, bounce rate, pages per visit, goals reached, e-mail opens, and cost per visit and per
/// conversion from `campaigns.csv`.
public struct CampaignsReport: Sendable {
    public struct Row: Sendable, Equatable {
        public var campaign: String
        public var source: String?
        public var medium: String?
        public var visits = 0
        public var visitors = 0
        public var bounceRate = 0.0
        public var pagesPerVisit = 0.0
        /// Visits reaching each goal (goals reached by at least one visit).
        public var goals: [String: Int] = [:]
        public var conversions = 0
        public var opens = 0
        public var cost: Double?
        public var costPerVisit: Double?
        public var costPerConversion: Double?
    }

    public var query: ReportQuery
    /// Campaigns with a visit or an open in the range, most visits first.
    public var rows: [Row]

    public static func make(store: Store, query: ReportQuery, costs: [String: CampaignCostRecord]) throws -> CampaignsReport {
        let visits = try VisitColumns.load(
            from: store, query: query,
            columns: ["campaign", "page_views", "bounce", "visitor_no", "goals", "source", "medium"])
        struct Tally {
            var visits = 0
            var pageViews = 0
            var bounces = 0
            var visitors = Set<Int32>()
            var goals: [String: Int] = [:]
            var conversions = 0
            var sources: [String: Int] = [:]
            var mediums: [String: Int] = [:]
        }
        /// One campaign's tallies by code, turned into a `Tally` once all rows are counted.
        struct CodedTally {
            var visits = 0
            var pageViews = 0
            var bounces = 0
            var visitors = Set<Int32>()
            var goalLists: [Int32: Int] = [:]
            var sources: [Int32: Int] = [:]
            var mediums: [Int32: Int] = [:]
        }
        var coded = [CodedTally](repeating: CodedTally(), count: visits.campaign.dictionary.count)
        for row in 0..<visits.count {
            let campaign = Int(visits.campaign.codes[row])
            guard campaign >= 0 else { continue }
            coded[campaign].visits += 1
            coded[campaign].pageViews += Int(visits.pageViews[row])
            if visits.bounce[row] { coded[campaign].bounces += 1 }
            coded[campaign].visitors.insert(visits.visitorNumber[row])
            if visits.goalsJSON.codes[row] >= 0 { coded[campaign].goalLists[visits.goalsJSON.codes[row], default: 0] += 1 }
            if visits.source.codes[row] >= 0 { coded[campaign].sources[visits.source.codes[row], default: 0] += 1 }
            if visits.medium.codes[row] >= 0 { coded[campaign].mediums[visits.medium.codes[row], default: 0] += 1 }
        }
        let goalLists = visits.goalsJSON.decodedDictionary(JSONText.stringArray)
        var tallies: [String: Tally] = [:]
        for (code, counts) in coded.enumerated() where counts.visits > 0 {
            var tally = Tally(visits: counts.visits, pageViews: counts.pageViews, bounces: counts.bounces, visitors: counts.visitors)
            for (list, reaching) in counts.goalLists {
                let goals = goalLists[Int(list)]
                for goal in goals { tally.goals[goal, default: 0] += reaching }
                if !goals.isEmpty { tally.conversions += reaching }
            }
            for (source, count) in counts.sources { tally.sources[visits.source.dictionary[Int(source)], default: 0] += count }
            for (medium, count) in counts.mediums { tally.mediums[visits.medium.dictionary[Int(medium)], default: 0] += count }
            tallies[visits.campaign.dictionary[code]] = tally
        }
        let opens = query.filtersVisits ? [:] : try emailOpens(store: store, days: query.days)
        var names = Set(tallies.keys)
        names.formUnion(opens.keys)
        func mostFrequent(_ counts: [String: Int]) -> String? {
            counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
        }
        let rows = names.map { name -> Row in
            let tally = tallies[name] ?? Tally()
            var row = Row(campaign: name)
            row.source = mostFrequent(tally.sources)
            row.medium = mostFrequent(tally.mediums) ?? costs[name]?.medium ?? (opens[name] != nil ? "email" : nil)
            row.visits = tally.visits
            row.visitors = tally.visitors.count
            row.bounceRate = OverviewReport.ratio(tally.bounces, tally.visits)
            row.pagesPerVisit = OverviewReport.ratio(tally.pageViews, tally.visits)
            row.goals = tally.goals
            row.conversions = tally.conversions
            row.opens = opens[name] ?? 0
            if let cost = costs[name]?.cost {
                row.cost = cost
                row.costPerVisit = tally.visits > 0 ? cost / Double(tally.visits) : nil
                row.costPerConversion = tally.conversions > 0 ? cost / Double(tally.conversions) : nil
            }
            return row
        }.sorted { $0.visits != $1.visits ? $0.visits > $1.visits : $0.campaign < $1.campaign }
        return CampaignsReport(query: query, rows: rows)
    }

    /// E-mail opens per campaign id from `daily_hits`.
    static func emailOpens(store: Store, days: [SiteDay]) throws -> [String: Int] {
        var opens: [String: Int] = [:]
        for row in try DailyHitsTable.rows(from: store, days: days) where row.kind == "email_open" {
            opens[row.key ?? "", default: 0] += row.count
        }
        return opens
    }

    public var jsonValue: JSONValue {
        func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            ("report", .string("campaigns")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("campaigns", .array(rows.map { row in
                .object([
                    ("campaign", .string(row.campaign)), ("source", optional(row.source)), ("medium", optional(row.medium)),
                    ("visits", .int(row.visits)), ("visitors", .int(row.visitors)), ("bounce_rate", .double(row.bounceRate)),
                    ("pages_per_visit", .double(row.pagesPerVisit)),
                    ("goals", .object(row.goals.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                    ("conversions", .int(row.conversions)), ("opens", .int(row.opens)), ("cost", optional(row.cost)),
                    ("cost_per_visit", optional(row.costPerVisit)), ("cost_per_conversion", optional(row.costPerConversion)),
                ])
            })),
        ])
    }

    static let headers = [
        "campaign", "source", "medium", "visits", "visitors", "bounce rate", "pages/visit", "conversions", "opens", "cost",
        "cost/visit", "cost/conversion", "goals",
    ]

    var tableRows: [[String]] {
        func money(_ value: Double?) -> String { value.map { JSONValue.format(($0 * 100).rounded() / 100) } ?? "-" }
        return rows.map { row in
            [row.campaign, row.source ?? "-", row.medium ?? "-", String(row.visits), String(row.visitors),
             JSONValue.format((row.bounceRate * 1000).rounded() / 1000), JSONValue.format((row.pagesPerVisit * 100).rounded() / 100),
             String(row.conversions), String(row.opens), money(row.cost), money(row.costPerVisit), money(row.costPerConversion),
             row.goals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
        }
    }

    public var tableText: String {
        "campaigns \(query.from) – \(query.to)\n" + TextTable(headers: Self.headers, rows: tableRows, rightAligned: Set(3...11)).text
    }

    public var csvText: String { CSVWriter.text(headers: Self.headers.map { String($0.map { $0 == " " || $0 == "/" ? "_" : $0 }) }, rows: tableRows) }

    public var htmlText: String {
        var page = HTMLPage(title: "Campaigns \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.barChart(rows.prefix(15).map { ($0.campaign, Double($0.visits)) }, title: "Visits by campaign"))
        page.sections.append(HTMLPage.table(headers: Self.headers, rows: tableRows, numericColumns: Set(3...11)))
        return page.text
    }
}
