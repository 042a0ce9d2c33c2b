import Foundation
public import FootfallStore
public import LogAnalytics
import ParquetStore
public import SiteConfig

/// The `campaigns` report (SPEC §8, §10, §12.11, §12.17–20): banner, e-mail and utm campaigns with their
/// visits, visitors, bounce rate, pages per visit, goals reached, conversions (visits reaching a conversion
/// goal), e-mail opens and rates, and cost per visit and per conversion from `campaigns.csv` — the cost spread
/// over the campaign's days, so that a range pays its share of them.
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
        /// Open-pixel hits (`nil` under a visit filter: pixel hits have no visit).
        public var opens: Int? = 0
        /// Distinct visitor keys with an open hit (`nil` under a visit filter).
        public var uniqueOpens: Int?
        /// Distinct visitor keys with a visit of the campaign.
        public var clickers = 0
        /// E-mails sent (campaigns.csv), and the rates over it (SPEC §12.20; `nil` without `sent`).
        public var sent: Int?
        public var openRate: Double?
        public var clickRate: Double?
        public var clickToOpen: Double?
        /// The campaign's cost for the range: its share of the campaign's days (SPEC §12.18).
        public var cost: Double?
        public var costPerVisit: Double?
        public var costPerConversion: Double?
        /// The days the cost is spread over (campaigns.csv's start and end, else its first and last visit).
        public var costDays: ClosedRange<SiteDay>?
    }

    public var query: ReportQuery
    /// Campaigns with a visit or an open in the range, most visits first.
    public var rows: [Row]

    /// Why costs are null (under a visit filter), for the JSON's `cost_note`.
    public var costNote: String? {
        query.filtersVisits
            ? "a campaign's cost is spent on all of its visits: under a visit filter it cannot be split, so cost, cost_per_visit and cost_per_conversion are null"
            : nil
    }

    public static func make(store: Store, query: ReportQuery, costs: [String: CampaignCostRecord]) throws -> CampaignsReport {
        struct Tally {
            var visits = 0
            var pageViews = 0
            var bounces = 0
            var visitors = 0
            var goals: [String: Int] = [:]
            var conversions = 0
            var sources: [String: Int] = [:]
            var mediums: [String: Int] = [:]
        }
        let counted = try CampaignTally.load(from: store, query: query)
        let goalLists = counted.goals.decodedDictionary(JSONText.stringArray)
        var tallies: [String: Tally] = [:]
        for (code, counts) in counted.campaigns.enumerated() where counts.visits > 0 {
            var tally = Tally(visits: counts.visits, pageViews: counts.pageViews, bounces: counts.bounces, visitors: counts.visitors.count)
            for (list, reaching) in counts.goalLists {
                let goals = goalLists[Int(list)]
                for goal in goals { tally.goals[goal, default: 0] += reaching }
                if goals.contains(where: query.conversionGoals.contains) { tally.conversions += reaching }
            }
            for (source, count) in counts.sources { tally.sources[counted.sources.dictionary[Int(source)], default: 0] += count }
            for (medium, count) in counts.mediums { tally.mediums[counted.mediums.dictionary[Int(medium)], default: 0] += count }
            tallies[counted.names.dictionary[code]] = tally
        }
        let (opens, uniqueOpens) = query.filtersVisits ? ([:], [:]) : try emailOpens(store: store, days: query.days)
        var names = Set(tallies.keys)
        names.formUnion(opens.keys)
        let costDays = try costDays(store: store, names: names, costs: costs)
        func mostFrequent(_ counts: [String: Int]) -> String? {
            counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
        }
        let rows = names.map { name -> Row in
            let tally = tallies[name] ?? Tally()
            var row = Row(campaign: name)
            row.source = mostFrequent(tally.sources)
            row.medium = mostFrequent(tally.mediums) ?? costs[name]?.medium ?? (opens[name] != nil ? "email" : nil)
            row.visits = tally.visits
            row.visitors = tally.visitors
            row.bounceRate = OverviewReport.ratio(tally.bounces, tally.visits)
            row.pagesPerVisit = OverviewReport.ratio(tally.pageViews, tally.visits)
            row.goals = tally.goals
            row.conversions = tally.conversions
            row.clickers = tally.visitors
            if !query.filtersVisits {
                row.opens = opens[name] ?? 0
                row.uniqueOpens = uniqueOpens[name] ?? 0
            } else {
                row.opens = nil
            }
            if let sent = costs[name]?.sent, sent > 0 {
                row.sent = sent
                row.openRate = row.uniqueOpens.map { Double($0) / Double(sent) }
                row.clickRate = Double(row.clickers) / Double(sent)
            }
            if let unique = row.uniqueOpens, unique > 0, row.sent != nil || row.medium == "email" {
                row.clickToOpen = Double(row.clickers) / Double(unique)
            }
            if let record = costs[name], let cost = record.cost {
                row.costDays = costDays[name]
                if !query.filtersVisits {
                    let spent = spentCost(cost, over: row.costDays, in: query.from...query.to)
                    row.cost = spent
                    row.costPerVisit = tally.visits > 0 ? spent / Double(tally.visits) : nil
                    row.costPerConversion = tally.conversions > 0 ? spent / Double(tally.conversions) : nil
                }
            }
            return row
        }.sorted { $0.visits != $1.visits ? $0.visits > $1.visits : $0.campaign < $1.campaign }
        return CampaignsReport(query: query, rows: rows)
    }

    /// The share of `cost` spent in `range` (SPEC §12.18): the cost spread evenly over its `days` (0 without them).
    static func spentCost(_ cost: Double, over days: ClosedRange<SiteDay>?, in range: ClosedRange<SiteDay>) -> Double {
        guard let days else { return 0 }
        let overlap = max(0, Int(min(days.upperBound, range.upperBound).daysSinceEpoch) - Int(max(days.lowerBound, range.lowerBound).daysSinceEpoch) + 1)
        return cost * Double(overlap) / Double(Int(days.upperBound.daysSinceEpoch - days.lowerBound.daysSinceEpoch) + 1)
    }

    /// The days each campaign of `names` with a cost spends it over: campaigns.csv's start and end, else the first and
    /// last day of its visits in the store.
    static func costDays(store: Store, names: some Sequence<String>, costs: [String: CampaignCostRecord]) throws -> [String: ClosedRange<SiteDay>] {
        let needingSpans = Set(names.filter { costs[$0]?.cost != nil && costs[$0]?.start == nil })
        let spans = needingSpans.isEmpty ? [:] : try CampaignTally.visitSpans(store: store, of: needingSpans)
        var days: [String: ClosedRange<SiteDay>] = [:]
        for name in names {
            guard let record = costs[name], record.cost != nil else { continue }
            days[name] = record.start.flatMap(SiteDay.init).flatMap { start in record.end.flatMap(SiteDay.init).map { start...$0 } } ?? spans[name]
        }
        return days
    }

    /// E-mail opens per campaign id from `daily_hits`, and its unique opens: the distinct visitor keys that opened.
    static func emailOpens(store: Store, days: [SiteDay]) throws -> (opens: [String: Int], uniqueOpens: [String: Int]) {
        _ = try store.requirePublishedFolder()
        var opens: [String: Int] = [:]
        // The openers' keys (`campaign TAB visitor key`) of every day share one dictionary: a key opened on several
        // days is one code, so the distinct codes seen in opener rows are the unique opens.
        var keys = ParquetStringCodes()
        var isOpener: [Bool] = []
        for day in days {
            guard let reader = try store.openDayFile(.dailyHits, day: day.description) else { continue }
            var kinds = ParquetStringCodes()
            try reader.readColumn("kind", codingInto: &kinds)
            let wanted = kinds.dictionary.map { $0 == "email_open" || $0 == "email_opener" }
            var ranges: [Range<Int>] = []
            for (row, code) in kinds.codes.enumerated() where code >= 0 && wanted[Int(code)] {
                if let last = ranges.last, last.upperBound == row { ranges[ranges.count - 1] = last.lowerBound..<(row + 1) } else { ranges.append(row..<(row + 1)) }
            }
            guard !ranges.isEmpty else { continue }
            let selection = ParquetRowSelection(ranges)
            let first = keys.count
            var counts: [Int64] = []
            try reader.readColumn("key", codingInto: &keys, rows: selection)
            try reader.readColumn("count", appendingTo: &counts, nullsAs: 0, rows: selection)
            if isOpener.count < keys.dictionary.count { isOpener.append(contentsOf: repeatElement(false, count: keys.dictionary.count - isOpener.count)) }
            for range in ranges {
                for row in range {
                    let code = keys.codes[first + row]
                    guard code >= 0 else { continue }
                    if kinds.dictionary[Int(kinds.codes[row])] == "email_opener" {
                        isOpener[Int(code)] = true
                    } else {
                        opens[keys.dictionary[Int(code)], default: 0] += Int(counts[row])
                    }
                }
            }
        }
        var uniqueOpens: [String: Int] = [:]
        for (code, opener) in isOpener.enumerated() where opener {
            let key = keys.dictionary[code]
            guard let tab = key.utf8.firstIndex(of: 9) else { continue }
            uniqueOpens[String(key[..<tab]), default: 0] += 1
        }
        return (opens, uniqueOpens)
    }

    public var jsonValue: JSONValue {
        func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
        func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var pairs: [(String, JSONValue)] = [
            ("report", .string("campaigns")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
        if let costNote { pairs.append(("cost_note", .string(costNote))) }
        pairs.append(("campaigns", .array(rows.map { row in
            .object([
                ("campaign", .string(row.campaign)), ("source", optional(row.source)), ("medium", optional(row.medium)),
                ("visits", .int(row.visits)), ("visitors", .int(row.visitors)), ("bounce_rate", .double(row.bounceRate)),
                ("pages_per_visit", .double(row.pagesPerVisit)),
                ("goals", .object(row.goals.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("conversions", .int(row.conversions)), ("opens", optional(row.opens)), ("unique_opens", optional(row.uniqueOpens)),
                ("clickers", .int(row.clickers)), ("sent", optional(row.sent)), ("open_rate", optional(row.openRate)),
                ("click_rate", optional(row.clickRate)), ("click_to_open", optional(row.clickToOpen)),
                ("cost", optional(row.cost)), ("cost_per_visit", optional(row.costPerVisit)),
                ("cost_per_conversion", optional(row.costPerConversion)),
                ("cost_days", row.costDays.map { .object([("from", .string($0.lowerBound.description)), ("to", .string($0.upperBound.description))]) } ?? .null),
            ])
        })))
        return .object(pairs)
    }

    /// Whether a row is an e-mail campaign's (its medium, a send count, or opens).
    static func isEmail(_ row: Row) -> Bool {
        row.medium == "email" || row.sent != nil || (row.opens ?? 0) > 0
    }

    /// The visit and cost figures, one campaign a row (the key columns first: past 120 terminal columns, source,
    /// medium and visitors are left out before them).
    static let headers = [
        "campaign", "visits", "conversions", "cost", "cost/visit", "cost/conversion", "bounce rate", "pages/visit", "visitors", "source", "medium",
    ]

    func figureRows(_ format: CellFormat) -> [[String]] {
        rows.map { row in
            [row.campaign, format.count(row.visits), format.count(row.conversions), format.optional(row.cost, format.money),
             format.optional(row.costPerVisit, format.money), format.optional(row.costPerConversion, format.money),
             format.percent(row.bounceRate), format.decimal(row.pagesPerVisit), format.count(row.visitors),
             row.source ?? (format.people ? "–" : ""), row.medium ?? (format.people ? "–" : "")]
        }
    }

    /// The e-mail figures (SPEC §12.20), for e-mail campaigns.
    static let emailHeaders = ["campaign", "sent", "opens", "unique opens", "open rate", "clickers", "click rate", "click-to-open"]

    func emailRows(_ format: CellFormat) -> [[String]] {
        rows.filter(Self.isEmail).map { row in
            [row.campaign, format.optional(row.sent, format.count), format.optional(row.opens, format.count), format.optional(row.uniqueOpens, format.count),
             format.optional(row.openRate, format.percent), format.count(row.clickers), format.optional(row.clickRate, format.percent),
             format.optional(row.clickToOpen, format.percent)]
        }
    }

    /// Every goal reached by a campaign's visits, sorted: the goal columns.
    var goalNames: [String] { Set(rows.flatMap { $0.goals.keys }).sorted() }

    func goalRows(_ format: CellFormat) -> [[String]] {
        let names = goalNames
        return rows.map { row in [row.campaign] + names.map { format.count(row.goals[$0] ?? 0) } }
    }

    var costLine: String? { costNote.map { L("Cost") + ": " + L($0) } }

    public var tableText: String {
        var text = TextTable.sanitized(title("Campaigns")) + "\n"
            + TextTable(headers: Self.headers.map(L), rows: figureRows(.forPeople), rightAligned: Set(1...8)).fitted(dropping: [10, 9, 8, 7])
        if let costLine { text += "\n" + TextTable.wrapped(costLine) }
        let email = emailRows(.forPeople)
        if !email.isEmpty { text += "\n\n" + L("E-mail") + "\n" + TextTable(headers: Self.emailHeaders.map(L), rows: email, rightAligned: Set(1...7)).text }
        if !goalNames.isEmpty {
            text += "\n\n" + L("Goals reached (visits)") + "\n"
                + TextTable(headers: [L("campaign")] + goalNames, rows: goalRows(.forPeople), rightAligned: Set(1...goalNames.count)).fitted(dropping: [])
        }
        return text
    }

    /// One row per campaign, one value per cell: the figures, the e-mail figures, the days the cost was spread
    /// over, and a `goal_NAME` column per goal.
    public var csvText: String {
        let format = CellFormat.csv
        let emailColumns = ["sent", "opens", "unique opens", "open rate", "clickers", "click rate", "click-to-open"]
        var headers = format.headers(Self.headers, machine: [
            "campaign", "visits", "conversions", "cost", "cost_per_visit", "cost_per_conversion", "bounce_rate", "pages_per_visit", "visitors",
            "source", "medium",
        ])
        headers += format.headers(emailColumns, machine: ["sent", "opens", "unique_opens", "open_rate", "clickers", "click_rate", "click_to_open"])
        headers += format.headers(["cost from", "cost to"], machine: ["cost_from", "cost_to"])
        headers += goalNames.map { format.people ? L("goal") + " " + $0 : "goal_" + $0 }
        let figures = figureRows(format), goals = goalRows(format)
        let lines = rows.enumerated().map { index, row in
            figures[index]
                + [format.optional(row.sent, format.count), format.optional(row.opens, format.count), format.optional(row.uniqueOpens, format.count),
                   format.optional(row.openRate, format.percent), format.count(row.clickers), format.optional(row.clickRate, format.percent),
                   format.optional(row.clickToOpen, format.percent)]
                + [row.costDays?.lowerBound.description ?? "", row.costDays?.upperBound.description ?? ""]
                + goals[index].dropFirst()
        }
        return CSVWriter.text(headers: headers, rows: lines)
    }

    public var htmlText: String {
        var page = HTMLPage(title: title("Campaigns"))
        page.sections.append(HTMLPage.barChart(
            rows.prefix(15).map { ($0.campaign, Double($0.visits)) }, title: L("Visits by campaign"), filter: ("campaign", rows.prefix(15).map(\.campaign))))
        page.sections.append(HTMLPage.table(
            headers: Self.headers.map(L), rows: figureRows(.forPeople), numericColumns: Set(1...8), filters: [0: ("campaign", rows.map(\.campaign))]))
        if let costLine { page.sections.append("<p class=\"note\">" + HTMLPage.escape(costLine) + "</p>") }
        let email = emailRows(.forPeople)
        if !email.isEmpty {
            page.sections.append("<h2>" + HTMLPage.escape(L("E-mail")) + "</h2>" + HTMLPage.table(headers: Self.emailHeaders.map(L), rows: email, numericColumns: Set(1...7)))
        }
        if !goalNames.isEmpty {
            page.sections.append("<h2>" + HTMLPage.escape(L("Goals reached (visits)")) + "</h2>"
                + HTMLPage.table(headers: [L("campaign")] + goalNames, rows: goalRows(.forPeople), numericColumns: Set(1...goalNames.count)))
        }
        return page.text
    }
}

/// The visits of each campaign over a range — visits, page views, bounces, distinct visitors, and visits
/// per goal list, source and medium — counted day by day on every core by code, each day's codes
/// translated into one dictionary per column.
struct CampaignTally: Sendable {
    struct Campaign: Sendable {
        var visits = 0
        var pageViews = 0
        var bounces = 0
        var visitors = DistinctNumbers()
        /// Visits per code of `goals` (a JSON list of goals reached).
        var goalLists: [Int32: Int] = [:]
        var sources: [Int32: Int] = [:]
        var mediums: [Int32: Int] = [:]

        /// Adds `other`, whose goal, source and medium codes are turned into this tally's by the functions given.
        mutating func add(_ other: Campaign, goal: (Int32) -> Int32, source: (Int32) -> Int32, medium: (Int32) -> Int32) {
            visits += other.visits
            pageViews += other.pageViews
            bounces += other.bounces
            visitors.formUnion(other.visitors)
            for (code, count) in other.goalLists { goalLists[goal(code), default: 0] += count }
            for (code, count) in other.sources { sources[source(code), default: 0] += count }
            for (code, count) in other.mediums { mediums[medium(code), default: 0] += count }
        }
    }

    /// The dictionaries the codes index (their `codes` stay empty).
    var names = ParquetStringCodes(), goals = ParquetStringCodes(), sources = ParquetStringCodes(), mediums = ParquetStringCodes()
    /// Indexed by code of `names`.
    var campaigns: [Campaign] = []

    static func load(from store: Store, query: ReportQuery) throws -> CampaignTally {
        return try DayParallelLoad.loadFiles(.visits, of: store, days: query.days, empty: CampaignTally()) { tally, day, reader in
            var campaigns = ParquetStringCodes()
            try reader.readColumn("campaign", codingInto: &campaigns)
            guard campaigns.codes.contains(where: { $0 >= 0 }) else { return }  // no campaign visit that day
            var goals = ParquetStringCodes(), sources = ParquetStringCodes(), mediums = ParquetStringCodes()
            var pageViews: [Int32] = [], visitors: [Int32] = [], bounces: [Bool] = []
            try reader.readColumn("goals", codingInto: &goals)
            try reader.readColumn("source", codingInto: &sources)
            try reader.readColumn("medium", codingInto: &mediums)
            try reader.readColumn("page_views", appendingTo: &pageViews)
            try reader.readColumn("visitor_no", appendingTo: &visitors)
            try reader.readColumn("bounce", appendingTo: &bounces)
            let passes = query.filtersVisits ? try VisitColumns.filterMask(reader, day: day, query: query) : nil
            let campaign = tally.names.translation(of: campaigns), goal = tally.goals.translation(of: goals)
            let source = tally.sources.translation(of: sources), medium = tally.mediums.translation(of: mediums)
            tally.grow(to: tally.names.dictionary.count)
            for row in campaigns.codes.indices where campaigns.codes[row] >= 0 && passes?[row] ?? true {
                let index = Int(campaign(campaigns.codes[row]))
                tally.campaigns[index].visits += 1
                tally.campaigns[index].pageViews += Int(pageViews[row])
                if bounces[row] { tally.campaigns[index].bounces += 1 }
                tally.campaigns[index].visitors.insert(visitors[row])
                if goals.codes[row] >= 0 { tally.campaigns[index].goalLists[goal(goals.codes[row]), default: 0] += 1 }
                if sources.codes[row] >= 0 { tally.campaigns[index].sources[source(sources.codes[row]), default: 0] += 1 }
                if mediums.codes[row] >= 0 { tally.campaigns[index].mediums[medium(mediums.codes[row]), default: 0] += 1 }
            }
        } join: { tally, later in
            let campaign = tally.names.translation(of: later.names), goal = tally.goals.translation(of: later.goals)
            let source = tally.sources.translation(of: later.sources), medium = tally.mediums.translation(of: later.mediums)
            tally.grow(to: tally.names.dictionary.count)
            for (code, counts) in later.campaigns.enumerated() {
                tally.campaigns[Int(campaign(Int32(code)))].add(counts, goal: goal, source: source, medium: medium)
            }
        }
    }

    /// The first and last stored day with a visit of each of `campaigns` (over every day of the store).
    static func visitSpans(store: Store, of campaigns: Set<String>) throws -> [String: ClosedRange<SiteDay>] {
        let days = (try store.manifest()?.days.keys.compactMap(SiteDay.init) ?? []).sorted()
        var spans: [String: ClosedRange<SiteDay>] = [:]
        for day in days {
            guard let reader = try store.openDayFile(.visits, day: day.description) else { continue }
            var names = ParquetStringCodes()
            try reader.readColumn("campaign", codingInto: &names)
            var used = [Bool](repeating: false, count: names.dictionary.count)
            for code in names.codes where code >= 0 { used[Int(code)] = true }
            for (index, name) in names.dictionary.enumerated() where used[index] && campaigns.contains(name) {
                spans[name] = spans[name].map { $0.lowerBound...day } ?? day...day
            }
        }
        return spans
    }

    private mutating func grow(to size: Int) {
        if size > campaigns.count { campaigns.append(contentsOf: repeatElement(Campaign(), count: size - campaigns.count)) }
    }
}
