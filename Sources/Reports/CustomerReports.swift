import Foundation
public import FootfallStore
import LogAnalytics
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
            guard let visitsReader = try store.openDayFile(.visits, day: day.description),
                let reader = try store.openDayFile(.pageviews, day: day.description)
            else { return }
            let path = reader.path
            // Where each visit's page views start: the running sum of the day's page_views.
            var counts: [Int32] = []
            try visitsReader.readColumn("page_views", appendingTo: &counts)
            var starts = [Int](repeating: 0, count: counts.count + 1)
            for (index, count) in counts.enumerated() { starts[index + 1] = starts[index] + Int(count) }
            guard Int(reader.rowCount) == starts[counts.count] else {
                throw StoreError(
                    path: path, message: "holds \(reader.rowCount) page views, the day's visits count \(starts[counts.count])",
                    hint: "The store may be damaged; ingest the day again")
            }
            if let outside = wanted.first(where: { $0 < 0 || Int($0) >= counts.count }) {
                throw StoreError(path: visitsReader.path, message: "has no visit \(outside)", hint: "The store may be damaged; ingest the day again")
            }
            let rows = ParquetRowSelection(wanted.map { starts[Int($0)]..<starts[Int($0) + 1] })
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
    var rows: [[String]] { cells.map { [$0.grade, $0.ageBand, $0.gender, String($0.visitors), String($0.visits), String($0.pageViews), $0.topProduct ?? "-"] } }

    public var tableText: String { "groups \(query.from) – \(query.to)\n" + TextTable(headers: Self.headers, rows: rows, rightAligned: [3, 4, 5]).text }
    public var csvText: String { CSVWriter.text(headers: ["grade", "age_band", "gender", "visitors", "visits", "page_views", "top_product"], rows: rows) }
    public var htmlText: String {
        var page = HTMLPage(title: "Customer groups \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.table(headers: Self.headers, rows: rows, numericColumns: [3, 4, 5]))
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

    /// `2026-11-17T09:15:30+09:00`.
    static func isoTime(_ utc: Int64, offset: Int32) -> String {
        let local = utc + Int64(offset)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = Int(local - days * 86_400)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = Int(abs(offset))
        return "\(SiteDay(daysSinceEpoch: Int32(days)))T" + String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
            + sign + String(format: "%02d:%02d", magnitude / 3600, magnitude / 60 % 60)
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

    var lines: [String] {
        var lines = ["customer \(memberId) \(query.from) – \(query.to)"]
        if let c = customer {
            lines.append("grade \(c.grade.rawValue) (\(c.grade.koreanName)), insured \(c.insured ? "Y" : "N"), born \(c.birthYear.map(String.init) ?? "?"), gender \(c.gender ?? "?"), occupation \(c.occupation ?? "?"), children \(c.children.map(String.init) ?? "?")")
            lines.append("joined \(c.joined ?? "-"), first contract \(c.firstContract ?? "-"), maturity \(c.maturityDate ?? "-")")
        } else if segment == Segment.customer.rawValue {
            lines.append("customers.csv no longer lists this member (its visits were stored as a customer's)")
        } else {
            lines.append("a member without a customer record (not in customers.csv)")
        }
        lines.append("segment \(segment ?? "-"), visits \(visits), page views \(pageViews), last visit \(lastVisit ?? "-")")
        lines.append("top content: " + topContent.map { "\($0.name) (\(Int($0.value)))" }.joined(separator: ", "))
        lines.append("top products (interest): " + topProducts.map { "\($0.name) (\(JSONValue.format(($0.value * 10).rounded() / 10)))" }.joined(separator: ", "))
        lines.append("goals: " + goals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        lines.append("funnel steps reached: " + funnelSteps.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        return lines
    }

    var visitRows: [[String]] { recentVisits.map { [$0.start, String($0.pageViews), $0.channel, $0.entryPage] } }

    public var tableText: String {
        lines.map(TextTable.sanitized).joined(separator: "\n") + "\n\nrecent visits\n"
            + TextTable(headers: ["start", "page views", "channel", "entry page"], rows: visitRows, rightAligned: [1]).text
    }

    public var csvText: String { CSVWriter.text(headers: ["start", "page_views", "channel", "entry_page"], rows: visitRows) }

    public var htmlText: String {
        var page = HTMLPage(title: "Customer \(memberId)")
        page.sections.append(lines.dropFirst().map { "<p>\(HTMLPage.escape($0))</p>" }.joined())
        page.sections.append(HTMLPage.barChart(topProducts.map { ($0.name, $0.value) }, title: "Product interest"))
        page.sections.append("<h2>Recent visits</h2>" + HTMLPage.table(headers: ["start", "page views", "channel", "entry page"], rows: visitRows, numericColumns: [1]))
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

    public static let signupGoal = "signup_complete"

    public static func make(store: Store, query: ReportQuery, customers: [String: CustomerRecord]) throws -> ConversionsReport {
        // Per day, on every core: visits reaching the signup goal, and the member numbers that visited.
        let (signupVisits, visited) = try DayParallelLoad.loadFiles(.visits, of: store, days: query.days, empty: (0, DistinctNumbers())) { tally, day, reader in
            var goals = ParquetStringCodes(), members: [Int32] = []
            try reader.readColumn("goals", codingInto: &goals)
            try reader.readColumn("member_no", appendingTo: &members, nullsAs: -1)
            let passes = query.filtersVisits ? try VisitColumns.filterMask(reader, day: day, query: query) : nil
            let signups = goals.decodedDictionary { JSONText.stringArray($0).contains(signupGoal) }
            for row in members.indices where passes?[row] ?? true {
                let list = goals.codes[row]
                if list >= 0, signups[Int(list)] { tally.0 += 1 }
                if members[row] >= 0 { tally.1.insert(members[row]) }
            }
        } join: { tally, later in
            tally.0 += later.0
            tally.1.formUnion(later.1)
        }
        var report = ConversionsReport(query: query)
        report.signupVisits = signupVisits
        // Customers who joined or first contracted in the range, kept when their member number visited.
        let numbers = try store.memberNumbers()
        let range = query.from.description...query.to.description
        for (member, customer) in customers {
            let joined = customer.joined.map(range.contains) ?? false
            let contracted = customer.firstContract.map(range.contains) ?? false
            guard joined || contracted, let number = numbers.number(for: member), visited.contains(number) else { continue }
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
            ("new_member_ids", .array(joinedMembers.map(JSONValue.string))), ("first_contract_member_ids", .array(firstContracts.map(JSONValue.string))),
        ])
    }

    var rows: [[String]] {
        [["visits reaching \(Self.signupGoal)", String(signupVisits)], ["members joined in the range who visited", String(joinedMembers.count)],
         ["first contracts in the range of members who visited", String(firstContracts.count)]]
    }

    public var tableText: String { "conversions \(query.from) – \(query.to)\n" + TextTable(headers: ["conversion", "count"], rows: rows, rightAligned: [1]).text }
    public var csvText: String { CSVWriter.text(headers: ["conversion", "count"], rows: rows) }
    public var htmlText: String {
        var page = HTMLPage(title: "Conversions \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.table(headers: ["conversion", "count"], rows: rows, numericColumns: [1]))
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
        let first = query.to.adding(days: 1).description
        let last = query.to.adding(days: horizonDays).description
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
                topProducts: SegmentsReport.top(views.interest(of: ids, endDay: query.to), count: 3))
        }.sorted { $0.maturityDate != $1.maturityDate ? $0.maturityDate < $1.maturityDate : $0.memberId < $1.memberId }
        return RetentionWatchReport(query: query, rows: rows)
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("retention-watch")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("customers", .array(rows.map { row in
                .object([("member_id", .string(row.memberId)), ("grade", .string(row.grade)), ("maturity_date", .string(row.maturityDate)),
                         ("visits", .int(row.visits)),
                         ("top_products", .array(row.topProducts.map { .object([("name", .string($0.name)), ("interest", .double($0.value))]) }))])
            })),
        ])
    }

    var tableRows: [[String]] {
        rows.map { [$0.maturityDate, $0.memberId, $0.grade, String($0.visits), $0.topProducts.map { "\($0.name) (\(JSONValue.format(($0.value * 10).rounded() / 10)))" }.joined(separator: ", ")] }
    }

    static let headers = ["maturity", "member", "grade", "visits", "top products (interest)"]

    public var tableText: String {
        "retention watch: maturity \(query.to.adding(days: 1)) – \(query.to.adding(days: Self.horizonDays)), visited \(query.from) – \(query.to)\n"
            + TextTable(headers: Self.headers, rows: tableRows, rightAligned: [3]).text
    }

    public var csvText: String { CSVWriter.text(headers: ["maturity_date", "member_id", "grade", "visits", "top_products"], rows: tableRows) }

    public var htmlText: String {
        var page = HTMLPage(title: "Retention watch \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.table(headers: Self.headers, rows: tableRows, numericColumns: [3]))
        return page.text
    }
}
