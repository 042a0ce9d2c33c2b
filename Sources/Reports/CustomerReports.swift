import Foundation
public import FootfallStore
public import LogAnalytics
import ParquetStore
public import SiteConfig

/// The page views of the range keyed by their visit, with what interest needs.
/// A visit of the store: its day and its position in the day's `visits` file.
struct VisitReference: Hashable, Sendable {
    var day: SiteDay
    var ordinal: Int32
}

/// The page views of some visits, found by position: a day's visits and their page views are stored in
/// the same order, so visit *n*'s page views are the `page_views` rows that follow those of the visits
/// before it (docs/STORE.md). Only the pages of the `pageviews` columns that hold them are decoded.
struct VisitPageViews: Sendable {
    struct View: Sendable {
        var day: SiteDay
        var content: String?
        var product: String?
        var timeOnPage: Int64?
        var action: Double
    }

    var byVisit: [VisitReference: [View]] = [:]

    static func load(from store: Store, query: ReportQuery, visits: Set<VisitReference>) throws -> VisitPageViews {
        _ = try store.requirePublishedFolder()
        let byDay = Dictionary(grouping: visits, by: \.day).mapValues { $0.map(\.ordinal).sorted() }
        let days = query.days.filter { byDay[$0] != nil }
        return try DayParallelLoad.load(days: days, empty: VisitPageViews()) { result, day in
            guard let wanted = byDay[day] else { return }
            guard let runs = try VisitPageViewRuns.open(store, day: day.description, checking: wanted) else { return }
            let reader = runs.reader, starts = runs.starts
            let rows = runs.selection(wanted)
            var contents = ParquetStringCodes(), products = ParquetStringCodes()
            var actions: [Double] = [], times: [Int64] = []
            try reader.readColumn("content", codingInto: &contents, rows: rows)
            try reader.readColumn("product", codingInto: &products, rows: rows)
            try reader.readColumn("interest_action", appendingTo: &actions, rows: rows)
            try reader.readColumn("time_on_page_s", appendingTo: &times, nullsAs: Self.noTime, rows: rows)
            for ordinal in wanted {
                result.byVisit[VisitReference(day: day, ordinal: ordinal)] = (starts[Int(ordinal)]..<starts[Int(ordinal) + 1]).map { row in
                    View(day: day, content: contents[row], product: products[row], timeOnPage: times[row] == Self.noTime ? nil : times[row],
                         action: actions[row])
                }
            }
        } join: { result, part in
            result.byVisit.merge(part.byVisit) { $0 + $1 }
        }
    }

    /// Stands for a null `time_on_page_s`.
    private static let noTime = Int64.min

    /// Interest by product of the page views of `visits`, at `endDay` (SPEC §7).
    func interest(of visits: [VisitReference], endDay: SiteDay) -> [String: Double] {
        var result: [String: Double] = [:]
        for visit in visits {
            for view in byVisit[visit] ?? [] {
                guard let product = view.product else { continue }
                result[product, default: 0] += ProductInterest.contribution(timeOnPage: view.timeOnPage, action: view.action, day: view.day, endDay: endDay)
            }
        }
        return result
    }
}

/// The age band of a member at the range end's year (SPEC §8: 10s … 60+).
func ageBand(birthYear: Int?, at year: Int) -> String {
    guard let birthYear else { return "unknown" }
    let age = year - birthYear
    switch age {
    case ..<20: return "10s"
    case 20..<30: return "20s"
    case 30..<40: return "30s"
    case 40..<50: return "40s"
    case 50..<60: return "50s"
    default: return "60+"
    }
}

/// The `groups` report (SPEC §8): customer grade × age band × gender of the members in customers.csv, with
/// visitors, visits, page views and the cell's top product by interest.
public struct GroupsReport: Sendable {
    public struct Cell: Sendable, Equatable {
        public var grade: String
        public var ageBand: String
        public var gender: String
        public var visitors = 0
        public var visits = 0
        public var pageViews = 0
        public var topProduct: String?
    }

    public var query: ReportQuery
    public var cells: [Cell]

    public static func make(store: Store, query: ReportQuery) throws -> GroupsReport {
        let visits = try VisitColumns.load(from: store, query: query, columns: ["grade", "birth_year", "gender", "visitor_no", "page_views"])
        let year = query.to.components.year
        var groups: [[String]: (keys: Set<Int32>, visits: [VisitReference], pageViews: Int)] = [:]
        for row in 0..<visits.count {
            guard let grade = visits.grade[row] else { continue }  // only members of the customer master
            let key = [grade, ageBand(birthYear: visits.birthYear[row].map(Int.init), at: year), visits.gender[row] ?? "unknown"]
            var group = groups.removeValue(forKey: key) ?? ([], [], 0)  // uniquely referenced: no copy of its set
            group.keys.insert(visits.visitorNumber[row])
            group.visits.append(visits.reference(row))
            group.pageViews += Int(visits.pageViews[row])
            groups[key] = group
        }
        let views = try VisitPageViews.load(from: store, query: query, visits: Set(groups.values.flatMap(\.visits)))
        var cells: [Cell] = []
        for (key, group) in groups {
            let interest = views.interest(of: group.visits, endDay: query.to)
            let top = SegmentsReport.top(interest, count: 1).first?.name
            cells.append(Cell(grade: key[0], ageBand: key[1], gender: key[2], visitors: group.keys.count, visits: group.visits.count,
                              pageViews: group.pageViews, topProduct: top))
        }
        cells.sort { lhs, rhs in [lhs.grade, lhs.ageBand, lhs.gender].lexicographicallyPrecedes([rhs.grade, rhs.ageBand, rhs.gender]) }
        return GroupsReport(query: query, cells: cells)
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("groups")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("cells", .array(cells.map { cell in
                .object([("grade", .string(cell.grade)), ("age_band", .string(cell.ageBand)), ("gender", .string(cell.gender)),
                         ("visitors", .int(cell.visitors)), ("visits", .int(cell.visits)), ("page_views", .int(cell.pageViews)),
                         ("top_product", cell.topProduct.map(JSONValue.string) ?? .null)])
            })),
        ])
    }

    static let headers = ["grade", "age", "gender", "visitors", "visits", "page views", "top product"]

    func rows(_ format: CellFormat) -> [[String]] {
        cells.map {
            [format.label($0.grade), format.label($0.ageBand), format.label($0.gender), format.count($0.visitors), format.count($0.visits),
             format.count($0.pageViews), $0.topProduct ?? (format.people ? "–" : "")]
        }
    }

    /// Grades in the order of SPEC §11's customer master (best first); others after them by name.
    static let gradeOrder = ["vip", "regular", "reactivated", "prospect", "dormant", "churned"]
    static let ageBands = ["10s", "20s", "30s", "40s", "50s", "60+", "unknown"]

    /// The crosstab of one gender: grade rows × age-band columns of visitors, each row's subtotal and its share
    /// of the gender's visitors, and a total row. Subtotals add the cells: a member whose grade changed within
    /// the range counts once in each grade.
    struct Crosstab {
        var gender: String
        var headers: [String]
        var rows: [[String]]
        var total: Int
    }

    func crosstabs() -> [Crosstab] {
        let genders = Set(cells.map(\.gender)).sorted { ($0 == "unknown" ? 1 : 0, $0) < ($1 == "unknown" ? 1 : 0, $1) }
        let grades = Set(cells.map(\.grade)).sorted { (Self.gradeOrder.firstIndex(of: $0) ?? 99, $0) < (Self.gradeOrder.firstIndex(of: $1) ?? 99, $1) }
        let bands = Self.ageBands.filter { band in cells.contains { $0.ageBand == band } }
        let all = cells.reduce(0) { $0 + $1.visitors }
        return genders.map { gender in
            let mine = cells.filter { $0.gender == gender }
            let total = mine.reduce(0) { $0 + $1.visitors }
            func share(_ count: Int, of whole: Int) -> String { whole == 0 ? "n/a" : PeopleNumbers.percent(Double(count) / Double(whole)) }
            var rows: [[String]] = grades.compactMap { grade in
                let line = bands.map { band in mine.filter { $0.grade == grade && $0.ageBand == band }.reduce(0) { $0 + $1.visitors } }
                let sum = line.reduce(0, +)
                guard sum > 0 else { return nil }
                return [L(grade)] + line.map { $0 == 0 ? "·" : PeopleNumbers.count($0) } + [PeopleNumbers.count(sum), share(sum, of: total)]
            }
            let columnSums = bands.map { band in mine.filter { $0.ageBand == band }.reduce(0) { $0 + $1.visitors } }
            rows.append([L("total")] + columnSums.map(PeopleNumbers.count) + [PeopleNumbers.count(total), share(total, of: all)])
            return Crosstab(gender: gender, headers: [L("grade")] + bands.map(L) + [L("total"), L("share")], rows: rows, total: total)
        }
    }

    /// The note under the crosstabs: what a cell counts and what the shares are of.
    static var crosstabNote: String {
        L("Cells count visitors (members of customers.csv who visited). A row's share is of its gender's visitors; the total row's share is of all members who visited.")
    }

    public var tableText: String {
        var text = TextTable.sanitized(title("Customer groups")) + "\n"
        for crosstab in crosstabs() {
            text += "\n" + L("gender") + ": " + TextTable.sanitized(L(crosstab.gender)) + " (" + L("visitors") + ")\n"
                + TextTable(headers: crosstab.headers, rows: crosstab.rows, rightAligned: Set(1..<crosstab.headers.count)).text + "\n"
        }
        text += TextTable.wrapped(Self.crosstabNote) + "\n\n" + L("By group") + "\n"
        return text + TextTable(headers: Self.headers.map(L), rows: rows(.forPeople), rightAligned: [3, 4, 5]).fitted(dropping: [6])
    }

    /// A row per group (grade, age band, gender): the crosstab's cells, one value per cell.
    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(headers: format.headers(Self.headers, machine: ["grade", "age_band", "gender", "visitors", "visits", "page_views", "top_product"]), rows: rows(format))
    }

    public var htmlText: String {
        var page = HTMLPage(title: title("Customer groups"))
        for crosstab in crosstabs() {
            page.sections.append("<h2>" + HTMLPage.escape(L("gender") + ": " + L(crosstab.gender) + " (" + L("visitors") + ")") + "</h2>"
                + HTMLPage.table(headers: crosstab.headers, rows: crosstab.rows, numericColumns: Set(1..<crosstab.headers.count), compact: true))
        }
        page.sections.append("<p class=\"note\">" + HTMLPage.escape(Self.crosstabNote) + "</p>")
        // A group's grade, age band (as the age range it stands for) and gender each filter.
        let ages = cells.map { band -> String in
            switch band.ageBand { case "unknown": ""; case "60+": "60+"; default: band.ageBand.dropLast().description + "-" + String((Int(band.ageBand.dropLast()) ?? 0) + 9) }
        }
        page.sections.append("<h2>" + HTMLPage.escape(L("By group")) + "</h2>" + HTMLPage.table(
            headers: Self.headers.map(L), rows: rows(.forPeople), numericColumns: [3, 4, 5],
            filters: [0: ("grade", cells.map(\.grade)), 1: ("age", ages), 2: ("gender", cells.map { $0.gender == "unknown" ? "" : $0.gender })]))
        return page.text
    }
}

/// The `customer MEMBER_ID` report (SPEC §8, §10): one customer's preference sheet for a consultant.
public struct CustomerReport: Sendable {
    public var query: ReportQuery
    public var memberId: String
    public var customer: CustomerRecord?
    public var segment: String?
    public var visits = 0
    public var pageViews = 0
    public var lastVisit: String?
    public var topContent: [SegmentsReport.Ranked] = []
    public var topProducts: [SegmentsReport.Ranked] = []
    public var goals: [String: Int] = [:]
    public var funnelSteps: [String: Int] = [:]
    /// The latest visits: start (ISO 8601 with offset), page views, channel, entry page.
    public var recentVisits: [(start: String, pageViews: Int, channel: String, entryPage: String)] = []

    public static let recentCount = 10

    public static func make(store: Store, query: ReportQuery, memberId: String, customers: [String: CustomerRecord]) throws -> CustomerReport {
        _ = try store.requirePublishedFolder()
        var report = CustomerReport(query: query, memberId: memberId, customer: customers[memberId])
        /// One visit of the member, with the columns the sheet shows.
        struct MemberVisit: Sendable {
            var reference: VisitReference
            var start: Int64
            var offset: Int32
            var pageViews: Int
            var segment: String?
            var channel: String
            var entryPage: String
            var goals: String?
            var funnelSteps: String?
        }
        // The member's visits are found by number; a member id the store never met has none.
        let number = try store.memberNumbers().number(for: memberId)
        let found = try DayParallelLoad.load(days: number == nil ? [] : query.days, empty: [MemberVisit]()) { found, day in
            guard let number, let reader = try store.openDayFile(.visits, day: day.description) else { return }
            // The member's rows first; the other columns only on days the member visited.
            var members: [Int32] = []
            try reader.readColumn("member_no", appendingTo: &members, nullsAs: -1)
            let rows = members.indices.filter { members[$0] == number }
            guard !rows.isEmpty else { return }
            var segments = ParquetStringCodes(), channels = ParquetStringCodes(), entries = ParquetStringCodes()
            var goals = ParquetStringCodes(), funnels = ParquetStringCodes()
            var views: [Int32] = [], startTimes: [Int64] = [], offsets: [Int32] = []
            try reader.readColumn("segment", codingInto: &segments)
            try reader.readColumn("channel", codingInto: &channels)
            try reader.readColumn("entry_page", codingInto: &entries)
            try reader.readColumn("goals", codingInto: &goals)
            try reader.readColumn("funnel_steps", codingInto: &funnels)
            try reader.readColumn("page_views", appendingTo: &views)
            try reader.readColumn("start", appendingTo: &startTimes)
            try reader.readColumn("site_offset_s", appendingTo: &offsets)
            for row in rows {
                found.append(MemberVisit(
                    reference: VisitReference(day: day, ordinal: Int32(row)), start: startTimes[row] / 1_000_000, offset: offsets[row],
                    pageViews: Int(views[row]), segment: segments[row], channel: channels[row] ?? "", entryPage: entries[row] ?? "",
                    goals: goals[row], funnelSteps: funnels[row]))
            }
        } join: { found, part in
            found.append(contentsOf: part)
        }
        var ids: [VisitReference] = []
        var starts: [(Int64, Int32, Int, String, String)] = []
        for visit in found {
            report.visits += 1
            report.pageViews += visit.pageViews
            report.segment = visit.segment
            ids.append(visit.reference)
            starts.append((visit.start, visit.offset, visit.pageViews, visit.channel, visit.entryPage))
            for goal in JSONText.stringArray(visit.goals ?? "[]") { report.goals[goal, default: 0] += 1 }
            for (funnel, steps) in JSONText.integerObject(visit.funnelSteps ?? "{}") {
                report.funnelSteps[funnel] = max(report.funnelSteps[funnel] ?? 0, steps)
            }
        }
        starts.sort { $0.0 > $1.0 }
        report.recentVisits = starts.prefix(recentCount).map { (isoTime($0.0, offset: $0.1), $0.2, $0.3, $0.4) }
        report.lastVisit = report.recentVisits.first?.start
        let views = try VisitPageViews.load(from: store, query: query, visits: Set(ids))
        var content: [String: Double] = [:]
        for id in ids { for view in views.byVisit[id] ?? [] { if let name = view.content { content[name, default: 0] += 1 } } }
        report.topContent = SegmentsReport.top(content, count: 5)
        report.topProducts = SegmentsReport.top(views.interest(of: ids, endDay: query.to), count: 5)
        return report
    }

    /// `2026-11-17T09:15:30+09:00`, written as bytes (an audience writes one per member: string interpolation and
    /// concatenation took a fifth of a 125,000-member list's time).
    static func isoTime(_ utc: Int64, offset: Int32) -> String {
        let local = utc + Int64(offset)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = Int(local - days * 86_400)
        let (year, month, day) = SiteDay(daysSinceEpoch: Int32(days)).components
        let magnitude = Int(abs(offset))
        guard (0...9999).contains(year) else { return "\(SiteDay(daysSinceEpoch: Int32(days)))T00:00:00+00:00" }
        return String(unsafeUninitializedCapacity: 25) { buffer in
            func put(_ value: Int, _ width: Int, at position: Int) {
                var value = value
                for index in stride(from: position + width - 1, through: position, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0); buffer[4] = UInt8(ascii: "-"); put(month, 2, at: 5); buffer[7] = UInt8(ascii: "-"); put(day, 2, at: 8)
            buffer[10] = UInt8(ascii: "T"); put(seconds / 3600, 2, at: 11); buffer[13] = UInt8(ascii: ":"); put(seconds / 60 % 60, 2, at: 14)
            buffer[16] = UInt8(ascii: ":"); put(seconds % 60, 2, at: 17); buffer[19] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            put(magnitude / 3600, 2, at: 20); buffer[22] = UInt8(ascii: ":"); put(magnitude / 60 % 60, 2, at: 23)
            return 25
        }
    }

    /// The customer master's fields, for the JSON sheet.
    var profilePairs: [(String, JSONValue)] {
        guard let c = customer else { return [] }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
        return [
            ("insured", .bool(c.insured)), ("birth_year", number(c.birthYear)), ("gender", text(c.gender)),
            ("occupation", text(c.occupation)), ("children", number(c.children)), ("joined", text(c.joined)),
            ("first_contract", text(c.firstContract)), ("maturity_date", text(c.maturityDate)),
        ]
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("customer")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object([])), ("member_id", .string(memberId)),
            ("grade", customer.map { .string($0.grade.rawValue) } ?? .null), ("segment", segment.map(JSONValue.string) ?? .null),
            ("profile", .object(profilePairs)),
            ("visits", .int(visits)), ("page_views", .int(pageViews)), ("last_visit", lastVisit.map(JSONValue.string) ?? .null),
            ("top_content", .array(topContent.map { .object([("name", .string($0.name)), ("page_views", .int(Int($0.value)))]) })),
            ("top_products", .array(topProducts.map { .object([("name", .string($0.name)), ("interest", .double($0.value))]) })),
            ("goals", .object(goals.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("funnel_steps", .object(funnelSteps.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("recent_visits", .array(recentVisits.map { .object([("start", .string($0.start)), ("page_views", .int($0.pageViews)), ("channel", .string($0.channel)), ("entry_page", .string($0.entryPage))]) })),
        ])
    }

    /// The sheet's facts for people: label and value pairs.
    var facts: [(label: String, value: String)] {
        typealias N = PeopleNumbers
        var facts: [(String, String)] = []
        if let c = customer {
            facts += [
                (L("grade"), L(c.grade.rawValue)), (L("insured"), L(c.insured ? "yes" : "no")),
                (L("born"), c.birthYear.map(String.init) ?? "?"), (L("gender"), c.gender.map(L) ?? "?"),
                (L("occupation"), c.occupation ?? "?"), (L("children"), c.children.map(String.init) ?? "?"),
                (L("joined"), c.joined ?? "–"), (L("first contract"), c.firstContract ?? "–"), (L("maturity"), c.maturityDate ?? "–"),
            ]
        } else if segment == Segment.customer.rawValue {
            facts.append((L("customer record"), L("customers.csv no longer lists this member (its visits were stored as a customer's)")))
        } else {
            facts.append((L("customer record"), L("none: a member who is not in customers.csv")))
        }
        facts += [
            (L("segment"), segment.map(L) ?? "–"), (L("visits"), N.count(visits)), (L("page views"), N.count(pageViews)),
            (L("last visit"), lastVisit ?? "–"),
        ]
        return facts
    }

    var rankedLists: [(title: String, items: [(name: String, value: String)])] {
        [
            (L("top content") + " (" + L("page views") + ")", topContent.map { ($0.name, PeopleNumbers.count(Int($0.value))) }),
            (L("top products (interest)"), topProducts.map { ($0.name, PeopleNumbers.score($0.value)) }),
            (L("goals"), goals.sorted { $0.key < $1.key }.map { ($0.key, PeopleNumbers.count($0.value)) }),
            (L("funnel steps reached"), funnelSteps.sorted { $0.key < $1.key }.map { ($0.key, PeopleNumbers.count($0.value)) }),
        ]
    }

    func visitRows(_ format: CellFormat) -> [[String]] {
        recentVisits.map { [$0.start, format.count($0.pageViews), format.label($0.channel), $0.entryPage] }
    }

    static let visitHeaders = ["start", "page views", "channel", "entry page"]

    public var tableText: String {
        var lines = [L("Customer") + " \(memberId) \(query.from) – \(query.to)"]
        let shown = facts.map { "\($0.label) \($0.value)" }
        lines += stride(from: 0, to: shown.count, by: 5).map { shown[$0..<min($0 + 5, shown.count)].joined(separator: " · ") }
        lines += rankedLists.map { list in list.title + ": " + (list.items.isEmpty ? "–" : list.items.map { "\($0.name) (\($0.value))" }.joined(separator: ", ")) }
        return lines.map(TextTable.sanitized).joined(separator: "\n") + "\n\n" + L("recent visits") + "\n"
            + TextTable(headers: Self.visitHeaders.map(L), rows: visitRows(.forPeople), rightAligned: [1]).text
    }

    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(headers: format.headers(Self.visitHeaders), rows: visitRows(format))
    }

    public var htmlText: String {
        var page = HTMLPage(title: L("Customer") + " " + memberId + " \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.keyFigures(facts))
        page.sections.append(HTMLPage.barChart(topProducts.map { ($0.name, $0.value) }, title: L("Product interest"), format: PeopleNumbers.score))
        page.sections.append(HTMLPage.rankings(title: L("Preferences"), lists: rankedLists))
        page.sections.append("<h2>" + HTMLPage.escape(L("recent visits")) + "</h2>" + HTMLPage.table(
            headers: Self.visitHeaders.map(L), rows: visitRows(.forPeople), numericColumns: [1], filters: [2: ("channel", recentVisits.map(\.channel))]))
        return page.text
    }
}

/// The `conversions` report (SPEC §8): anonymous → member sign-ups (visits reaching `signup_complete` and the
/// members whose `joined` date is in the range and who visited) and member → first contract (customers whose
/// `first_contract` is in the range and who visited in it).
public struct ConversionsReport: Sendable {
    public var query: ReportQuery
    public var signupVisits = 0
    public var joinedMembers: [String] = []
    public var firstContracts: [String] = []
    /// Visits of anonymous visitors (first-time and returning): the sign-up rate's denominator.
    public var anonymousVisits = 0
    /// Members (and customers) who visited: the first-contract rate's denominator.
    public var membersVisited = 0
    /// Per channel (all five, in SPEC order): visits, anonymous visits and visits reaching the sign-up goal.
    public var byChannel: [(channel: Channel, visits: Int, anonymousVisits: Int, signupVisits: Int)] = []

    public static let signupGoal = "signup_complete"

    /// Sign-up visits per anonymous visit (0 without anonymous visits).
    public var signupRate: Double { OverviewReport.ratio(signupVisits, anonymousVisits) }
    /// First contracts per member who visited.
    public var firstContractRate: Double { OverviewReport.ratio(firstContracts.count, membersVisited) }

    public static func make(store: Store, query: ReportQuery, customers: [String: CustomerRecord]) throws -> ConversionsReport {
        struct Tally: Sendable {
            var visited = DistinctNumbers()
            /// `[channel][0]` visits, `[1]` anonymous visits, `[2]` sign-up visits; the last entry all visits'.
            var byChannel = [[Int]](repeating: [0, 0, 0], count: Channel.allCases.count + 1)
        }
        // Per day, on every core: visits reaching the signup goal by channel, and the member numbers that visited.
        let tally = try DayParallelLoad.loadFiles(.visits, of: store, days: query.days, empty: Tally()) { tally, day, reader in
            var goals = ParquetStringCodes(), channels = ParquetStringCodes(), segments = ParquetStringCodes(), members: [Int32] = []
            try reader.readColumn("goals", codingInto: &goals)
            try reader.readColumn("channel", codingInto: &channels)
            try reader.readColumn("segment", codingInto: &segments)
            try reader.readColumn("member_no", appendingTo: &members, nullsAs: -1)
            let passes = query.filtersVisits ? try VisitColumns.filterMask(reader, day: day, query: query) : nil
            let signups = goals.decodedDictionary { JSONText.stringArray($0).contains(signupGoal) }
            let channelIndex = channels.decodedDictionary { name in Channel.allCases.firstIndex { $0.rawValue == name } ?? -1 }
            let anonymous = segments.decodedDictionary { $0 == Segment.anonymousNew.rawValue || $0 == Segment.anonymous.rawValue }
            for row in members.indices where passes?[row] ?? true {
                let list = goals.codes[row], code = channels.codes[row], segment = segments.codes[row]
                let channel = code >= 0 ? channelIndex[Int(code)] : -1
                let isAnonymous = segment >= 0 && anonymous[Int(segment)]
                let signedUp = list >= 0 && signups[Int(list)]
                for index in channel >= 0 ? [channel, Channel.allCases.count] : [Channel.allCases.count] {
                    tally.byChannel[index][0] += 1
                    if isAnonymous { tally.byChannel[index][1] += 1 }
                    if signedUp { tally.byChannel[index][2] += 1 }
                }
                if members[row] >= 0 { tally.visited.insert(members[row]) }
            }
        } join: { tally, later in
            tally.visited.formUnion(later.visited)
            for channel in tally.byChannel.indices { for figure in 0..<3 { tally.byChannel[channel][figure] += later.byChannel[channel][figure] } }
        }
        var report = ConversionsReport(query: query)
        report.byChannel = Channel.allCases.enumerated().map { ($0.element, tally.byChannel[$0.offset][0], tally.byChannel[$0.offset][1], tally.byChannel[$0.offset][2]) }
        report.signupVisits = tally.byChannel[Channel.allCases.count][2]
        report.anonymousVisits = tally.byChannel[Channel.allCases.count][1]
        report.membersVisited = tally.visited.count
        // Customers who joined or first contracted in the range, kept when their member number visited.
        let numbers = try store.memberNumbers()
        let range = query.from.description...query.to.description
        for (member, customer) in customers {
            let joined = customer.joined.map(range.contains) ?? false
            let contracted = customer.firstContract.map(range.contains) ?? false
            guard joined || contracted, let number = numbers.number(for: member), tally.visited.contains(number) else { continue }
            if joined { report.joinedMembers.append(member) }
            if contracted { report.firstContracts.append(member) }
        }
        report.joinedMembers.sort()
        report.firstContracts.sort()
        return report
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("conversions")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("signup_visits", .int(signupVisits)), ("new_members", .int(joinedMembers.count)), ("first_contracts", .int(firstContracts.count)),
            ("anonymous_visits", .int(anonymousVisits)), ("signup_rate", .double(signupRate)),
            ("members_visited", .int(membersVisited)), ("first_contract_rate", .double(firstContractRate)),
            ("by_channel", .array(byChannel.map { row in
                .object([("channel", .string(row.channel.rawValue)), ("visits", .int(row.visits)), ("anonymous_visits", .int(row.anonymousVisits)),
                         ("signup_visits", .int(row.signupVisits)), ("signup_rate", .double(OverviewReport.ratio(row.signupVisits, row.anonymousVisits)))])
            })),
            ("new_member_ids", .array(joinedMembers.map(JSONValue.string))), ("first_contract_member_ids", .array(firstContracts.map(JSONValue.string))),
        ])
    }

    /// The conversions, each with its count, what it is out of, and the rate.
    func rows(_ format: CellFormat) -> [[String]] {
        [
            [format.people ? L("anonymous → member: visits reaching sign-up") : "signup_visits", format.count(signupVisits),
             format.people ? L("of anonymous visits") + " " + format.count(anonymousVisits) : String(anonymousVisits), format.percent(signupRate)],
            [format.people ? L("new members who visited (joined in the range)") : "new_members", format.count(joinedMembers.count), "", ""],
            [format.people ? L("member → customer: first contracts in the range") : "first_contracts", format.count(firstContracts.count),
             format.people ? L("of members who visited") + " " + format.count(membersVisited) : String(membersVisited), format.percent(firstContractRate)],
        ]
    }

    func channelRows(_ format: CellFormat) -> [[String]] {
        byChannel.map { row in
            [format.label(row.channel.rawValue), format.count(row.visits), format.count(row.anonymousVisits), format.count(row.signupVisits),
             format.percent(OverviewReport.ratio(row.signupVisits, row.anonymousVisits))]
        }
    }

    static let headers = ["conversion", "count", "out of", "rate"]
    static let channelHeaders = ["channel", "visits", "anonymous visits", "sign-up visits", "sign-up rate"]

    public var tableText: String {
        TextTable.sanitized(title("Conversions")) + "\n" + TextTable(headers: Self.headers.map(L), rows: rows(.forPeople), rightAligned: [1, 2, 3]).text
            + "\n\n" + L("Sign-ups by channel") + "\n" + TextTable(headers: Self.channelHeaders.map(L), rows: channelRows(.forPeople), rightAligned: [1, 2, 3, 4]).text
    }

    /// The conversions, then the channel split under a `channel` list, one value per cell.
    public var csvText: String {
        let format = CellFormat.csv
        let headers = format.headers(["list", "name", "count", "out of", "rate", "visits"], machine: ["list", "name", "count", "out_of", "rate", "visits"])
        let list = format.people ? L("conversions") : "conversions", channels = format.people ? L("channel") : "channel"
        let conversionLines = rows(format).map { [list, $0[0], $0[1], format.people ? $0[2] : $0[2], $0[3], ""] }
        let channelLines = channelRows(format).map { [channels, $0[0], $0[3], $0[2], $0[4], $0[1]] }
        return CSVWriter.text(headers: headers, rows: conversionLines + channelLines)
    }

    public var htmlText: String {
        var page = HTMLPage(title: title("Conversions"))
        page.sections.append(HTMLPage.keyFigures([
            (L("sign-up rate"), PeopleNumbers.percent(signupRate)), (L("sign-up visits"), PeopleNumbers.count(signupVisits)),
            (L("new members"), PeopleNumbers.count(joinedMembers.count)), (L("first contracts"), PeopleNumbers.count(firstContracts.count)),
            (L("first-contract rate"), PeopleNumbers.percent(firstContractRate)),
        ]))
        page.sections.append(HTMLPage.table(headers: Self.headers.map(L), rows: rows(.forPeople), numericColumns: [1, 3]))
        let channels = ("channel", byChannel.map(\.channel.rawValue))
        page.sections.append(HTMLPage.barChart(byChannel.map { (L($0.channel.rawValue), Double($0.signupVisits)) }, title: L("Sign-ups by channel"), filter: channels))
        page.sections.append(HTMLPage.table(headers: Self.channelHeaders.map(L), rows: channelRows(.forPeople), numericColumns: [1, 2, 3, 4], filters: [0: channels]))
        return page.text
    }
}

/// The `retention-watch` report (SPEC §8): customers whose `maturity_date` falls within 20 days after the range
/// end and who visited in the range, with their top product interests — the cross-sell / up-sell list.
public struct RetentionWatchReport: Sendable {
    public static let horizonDays = 20

    public struct Row: Sendable {
        public var memberId: String
        public var grade: String
        public var maturityDate: String
        public var visits: Int
        public var topProducts: [SegmentsReport.Ranked]
    }

    public var query: ReportQuery
    public var rows: [Row]

    public static func make(store: Store, query: ReportQuery, customers: [String: CustomerRecord]) throws -> RetentionWatchReport {
        // The window follows the range end as asked (a planning date may lie past the store's last day): only the
        // visits are read from the range cut to the store's days.
        let end = query.requestedRange?.upperBound ?? query.to
        let first = end.adding(days: 1).description
        let last = end.adding(days: horizonDays).description
        // The member numbers of the customers maturing in the window; their visits are found by number.
        let numbers = try store.memberNumbers()
        var watched: [Int32: String] = [:]
        for (member, customer) in customers {
            guard let maturity = customer.maturityDate, maturity >= first, maturity <= last, let number = numbers.number(for: member) else { continue }
            watched[number] = member
        }
        guard !watched.isEmpty else { return RetentionWatchReport(query: query, rows: []) }  // nobody to look for
        let visits = try VisitColumns.load(from: store, query: query, columns: ["member_no"])
        var wanted = DistinctNumbers()
        for number in watched.keys { wanted.insert(number) }
        var visitsByMember: [String: [VisitReference]] = [:]
        for row in 0..<visits.count where wanted.contains(visits.memberNumber[row]) {
            visitsByMember[watched[visits.memberNumber[row]]!, default: []].append(visits.reference(row))
        }
        let views = try VisitPageViews.load(from: store, query: query, visits: Set(visitsByMember.values.flatMap { $0 }))
        let rows = visitsByMember.map { member, ids in
            Row(memberId: member, grade: customers[member]!.grade.rawValue, maturityDate: customers[member]!.maturityDate!, visits: ids.count,
                topProducts: SegmentsReport.top(views.interest(of: ids, endDay: end), count: 3))
        }.sorted { $0.maturityDate != $1.maturityDate ? $0.maturityDate < $1.maturityDate : $0.memberId < $1.memberId }
        return RetentionWatchReport(query: query, rows: rows)
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("retention-watch")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("customers", .array(rows.map { row in
                .object([("member_id", .string(row.memberId)), ("grade", .string(row.grade)), ("maturity_date", .string(row.maturityDate)),
                         ("days_to_maturity", .int(daysToMaturity(row))), ("visits", .int(row.visits)),
                         ("top_products", .array(row.topProducts.map { .object([("name", .string($0.name)), ("interest", .double($0.value))]) }))])
            })),
        ])
    }

    /// Days from the range's last day to the maturity date (1…20).
    /// The day the 20-day window follows: the range end as asked, which may lie past the store's last day.
    var windowAnchor: SiteDay { query.requestedRange?.upperBound ?? query.to }

    func daysToMaturity(_ row: Row) -> Int {
        SiteDay(row.maturityDate).map { $0.daysSinceEpoch - windowAnchor.daysSinceEpoch }.map(Int.init) ?? 0
    }

    /// A row per customer; the top products each in a name cell and an interest cell.
    func tableRows(_ format: CellFormat) -> [[String]] {
        rows.map { row in
            [row.maturityDate, format.count(daysToMaturity(row)), row.memberId, format.label(row.grade), format.count(row.visits)]
                + (0..<3).flatMap { index in index < row.topProducts.count ? [row.topProducts[index].name, format.score(row.topProducts[index].value)] : ["", ""] }
        }
    }

    static let headers = ["maturity", "days to maturity", "member", "grade", "visits", "product 1", "interest", "product 2", "interest", "product 3", "interest"]
    static let machineHeaders = ["maturity_date", "days_to_maturity", "member_id", "grade", "visits", "product_1", "product_1_interest", "product_2", "product_2_interest", "product_3", "product_3_interest"]

    var heading: String {
        title("Retention watch") + " — " + L("maturity") + " \(windowAnchor.adding(days: 1)) – \(windowAnchor.adding(days: Self.horizonDays))"
    }

    public var tableText: String {
        TextTable.sanitized(heading) + "\n" + TextTable(headers: Self.headers.map(L), rows: tableRows(.forPeople), rightAligned: [1, 4, 6, 8, 10]).fitted(dropping: [10, 9, 8, 7])
    }

    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(headers: format.headers(Self.headers, machine: Self.machineHeaders), rows: tableRows(format))
    }

    public var htmlText: String {
        var page = HTMLPage(title: heading)
        page.sections.append(HTMLPage.table(
            headers: Self.headers.map(L), rows: tableRows(.forPeople), numericColumns: [1, 4, 6, 8, 10], filters: [3: ("grade", rows.map(\.grade))]))
        return page.text
    }
}
