import Foundation
import Synchronization
public import FootfallStore
public import LogAnalytics
import LogIngest
public import SiteConfig

/// An audience (SPEC §15): the members with at least one visit in a range who meet every criterion, a row
/// each, for a CRM or an e-mail system to load.
public struct Audience: Sendable {
    /// One member of the list.
    public struct Row: Sendable {
        public var memberId: String
        public var grade: String?
        public var gender: String?
        public var birthYear: Int?
        /// The segment of the member's last visit in the range.
        public var segment: String
        public var visits: Int
        /// The last visit's start, ISO 8601 with the site's offset.
        public var lastVisit: String
        public var topProducts: [SegmentsReport.Ranked]
        /// The value of each criterion used, by ``AudiencePlan/Entry/column``, in the criteria's order.
        public var values: [(column: String, value: JSONValue)]
        /// Sort keys.
        var lastStart: Int64
        var orderInterest: Double
    }

    /// How the rows are ordered.
    public enum Order: String, Sendable, CaseIterable {
        case memberId = "member_id", interest, lastVisit = "last_visit"
    }

    /// The audience's name when it is a named one.
    public var name: String?
    public var from: SiteDay
    public var to: SiteDay
    /// The range end the criteria are anchored on: `--to` as asked (may lie past the store's last day).
    public var anchor: SiteDay
    /// The range asked for, when it was cut to the store's days.
    public var requested: ClosedRange<SiteDay>?
    public var plan: AudiencePlan
    public var order: Order
    public var limit: Int?
    /// Members meeting every criterion (before `limit`).
    public var matched: Int
    public var rows: [Row]
    /// Members who visited in the range, then the members left after each criterion (for `--explain`).
    public var remaining: [Int]

    /// Makes the audience over `query`'s range (its visit filters are not used: the criteria select).
    public static func make(
        store: Store, query: ReportQuery, plan: AudiencePlan, catalog: SiteCatalog, columns: CustomerColumns?, storeDays: ClosedRange<SiteDay>,
        name: String? = nil, order: Order = .memberId, limit: Int? = nil, explain: Bool = false
    ) throws -> Audience {
        let anchor = query.requestedRange?.upperBound ?? query.to
        var wanted = AudienceVisits.Wanted()
        var windowed: (steps: [PathGlob], window: Int)?
        for entry in plan.entries {
            switch entry.criterion {
            case .reached(let goal), .notReached(let goal): if !wanted.goals.contains(goal) { wanted.goals.append(goal) }
            case .campaign(let campaign): if !wanted.campaigns.contains(campaign) { wanted.campaigns.append(campaign) }
            case .dropped(let funnel, let steps, _, let window):
                if let window { windowed = (steps, window) } else { wanted.funnel = funnel }
            default: break
            }
        }
        let visits = try AudienceVisits.load(from: store, days: query.days, wanted: wanted)
        let numbers = try store.memberNumbers()
        let ids = numbers.ids(of: Set(visits.members))
        let year = anchor.components.year
        var windowedFurthest: [Int32: Int] = [:]
        if let windowed {
            windowedFurthest = try FunnelAttempts.furthestSteps(
                store: store, storeDays: storeDays, range: query.from...query.to, windowDays: windowed.window, steps: windowed.steps,
                persons: Set(visits.members))
        }
        let windowedSteps = windowedFurthest
        let goalIndex = Dictionary(uniqueKeysWithValues: wanted.goals.enumerated().map { ($1, $0) })
        let campaignIndex = Dictionary(uniqueKeysWithValues: wanted.campaigns.enumerated().map { ($1, $0) })
        let goalCount = wanted.goals.count, campaignCount = wanted.campaigns.count
        @Sendable func goalVisits(_ slot: Int, _ goal: String) -> Int32 { visits.goalVisits[slot * goalCount + goalIndex[goal]!] }
        @Sendable func campaignVisits(_ slot: Int, _ campaign: String) -> Int32 { visits.campaignVisits[slot * campaignCount + campaignIndex[campaign]!] }
        @Sendable func dropStep(_ slot: Int, window: Int?) -> Int { window == nil ? Int(visits.furthestStep[slot]) : windowedSteps[visits.members[slot]] ?? 0 }
        let needsCategories = plan.entries.contains { if case .interest(.category, _) = $0.criterion { true } else { false } }
        var interest = MemberInterest(slotCount: 0)
        func passes(_ criterion: AudiencePlan.Criterion, _ slot: Int) -> Bool {
            let id = ids[visits.members[slot]]
            let customer = id.flatMap { catalog.customers[$0] }
            let last = visits.rows[visits.lastRow[slot]]
            switch criterion {
            case .segment(let segment): return last.segment == AudienceVisits.segmentCodes[segment.rawValue]
            case .grade(let grade): return customer?.grade.rawValue == grade
            case .gender(let gender): return customer?.gender?.uppercased() == gender.uppercased()
            case .age(let ages): return customer?.birthYear.map { ages.contains(year - $0) } ?? false
            case .customerColumn(let column, let value): return id.flatMap { columns?.value(column, of: $0) } == value
            case .visitedWithin(let days): return last.day > anchor.daysSinceEpoch - Int32(days)
            case .minVisits(let count): return visits.visits[slot] >= count
            case .interest(let target, let minimum):
                let score = interest.score(target, slot: slot)
                return minimum.map { score >= $0 } ?? (score > 0)
            case .reached(let goal): return goalVisits(slot, goal) > 0
            case .notReached(let goal): return goalVisits(slot, goal) == 0
            case .dropped(_, _, let step, let window): return dropStep(slot, window: window) == step
            case .campaign(let campaign): return campaignVisits(slot, campaign) > 0
            case .maturityWithin(let days):
                guard let maturity = customer?.maturityDate.flatMap(SiteDay.init) else { return false }
                let ahead = maturity.daysSinceEpoch - anchor.daysSinceEpoch
                return ahead >= 1 && ahead <= Int32(days)
            }
        }
        /// Reads the interest of the members of `slots`.
        func loadInterest(_ slots: [Int]) throws {
            var byDay: [SiteDay: [(ordinal: Int32, slot: Int32)]] = [:]
            for slot in slots {
                for row in visits.rows(of: slot) {
                    let visit = visits.rows[row]
                    byDay[SiteDay(daysSinceEpoch: visit.day), default: []].append((visit.ordinal, Int32(slot)))
                }
            }
            var slotOfMember = [Int32](repeating: -1, count: Int(visits.members.last ?? -1) + 1)
            for slot in slots { slotOfMember[Int(visits.members[slot])] = Int32(slot) }
            interest = try MemberInterest.load(
                from: store, visitsByDay: byDay, wanted: slotOfMember, slotCount: visits.count, anchor: anchor, categories: needsCategories)
        }
        let isInterest: (AudiencePlan.Entry) -> Bool = { if case .interest = $0.criterion { true } else { false } }
        var remaining = [visits.count]
        var survivors = Array(0..<visits.count)
        if explain {
            // Every criterion in order over every member: interest for all of them.
            try loadInterest(survivors)
            for entry in plan.entries {
                survivors = survivors.filter { passes(entry.criterion, $0) }
                remaining.append(survivors.count)
            }
        } else {
            // The criteria without page views first; the page views of the members left, then interest.
            for entry in plan.entries where !isInterest(entry) { survivors = survivors.filter { passes(entry.criterion, $0) } }
            try loadInterest(survivors)
            for entry in plan.entries where isInterest(entry) { survivors = survivors.filter { passes(entry.criterion, $0) } }
        }
        let scores = interest
        /// The row of the member in `slot`.
        @Sendable func row(_ slot: Int) -> Row {
            let interest = scores
            let number = visits.members[slot]
            let id = ids[number] ?? "#\(number)"
            let customer = catalog.customers[id]
            let last = visits.rows[visits.lastRow[slot]]
            var values: [(String, JSONValue)] = []
            var orderInterest: Double?
            for entry in plan.entries {
                let value: JSONValue
                switch entry.criterion {
                case .segment: value = .string(last.segment == 1 ? "customer" : "member")
                case .grade: value = customer.map { .string($0.grade.rawValue) } ?? .null
                case .gender: value = customer?.gender.map(JSONValue.string) ?? .null
                case .age: value = customer?.birthYear.map { .int(year - $0) } ?? .null
                case .customerColumn(let column, _): value = columns?.value(column, of: id).map(JSONValue.string) ?? .null
                case .visitedWithin: value = .string(SiteDay(daysSinceEpoch: last.day).description)
                case .minVisits: value = .int(Int(visits.visits[slot]))
                case .interest(let target, _):
                    let score = interest.score(target, slot: slot)
                    if orderInterest == nil { orderInterest = score }
                    value = .double(score)
                case .reached(let goal), .notReached(let goal): value = .int(Int(goalVisits(slot, goal)))
                case .dropped(_, _, _, let window): value = .int(dropStep(slot, window: window))
                case .campaign(let campaign): value = .int(Int(campaignVisits(slot, campaign)))
                case .maturityWithin: value = customer?.maturityDate.map(JSONValue.string) ?? .null
                }
                values.append((entry.column, value))
            }
            let top = interest.top(slot: slot, count: 3)
            return Row(
                memberId: id, grade: customer?.grade.rawValue, gender: customer?.gender, birthYear: customer?.birthYear,
                segment: last.segment == 1 ? "customer" : "member", visits: Int(visits.visits[slot]),
                lastVisit: CustomerReport.isoTime(last.start / 1_000_000, offset: last.offset), topProducts: top, values: values,
                lastStart: last.start, orderInterest: orderInterest ?? top.first?.value ?? 0)
        }
        // The rows on every core (a row is a few strings: 125,000 of them took a third of a second on one).
        let chunks = stride(from: 0, to: survivors.count, by: 16_384).map { survivors[$0..<min($0 + 16_384, survivors.count)] }
        let made = Mutex<[Int: [Row]]>([:])
        DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
            let part = chunks[index].map(row)
            made.withLock { $0[index] = part }
        }
        var rows = made.withLock { parts in chunks.indices.flatMap { parts[$0]! } }
        switch order {
        case .memberId: rows.sort { $0.memberId < $1.memberId }
        case .interest: rows.sort { $0.orderInterest != $1.orderInterest ? $0.orderInterest > $1.orderInterest : $0.memberId < $1.memberId }
        case .lastVisit: rows.sort { $0.lastStart != $1.lastStart ? $0.lastStart > $1.lastStart : $0.memberId < $1.memberId }
        }
        let matched = rows.count
        if let limit, rows.count > limit { rows.removeLast(rows.count - limit) }
        return Audience(
            name: name, from: query.from, to: query.to, anchor: anchor, requested: query.requestedRange, plan: plan, order: order, limit: limit, matched: matched, rows: rows,
            remaining: explain ? remaining : [])
    }
}
