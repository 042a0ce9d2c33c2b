import Foundation
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
        let ids = numbers.ids(of: Set(visits.members.keys))
        let year = anchor.components.year
        var windowedSteps: [Int32: Int] = [:]
        if let windowed {
            windowedSteps = try FunnelAttempts.furthestSteps(
                store: store, storeDays: storeDays, range: query.from...query.to, windowDays: windowed.window, steps: windowed.steps,
                persons: Set(visits.members.keys))
        }
        // Interest needs page views: loaded for the members that pass every other criterion (all of them with --explain).
        let needsCategories = plan.entries.contains { if case .interest(.category, _) = $0.criterion { true } else { false } }
        func passes(_ criterion: AudiencePlan.Criterion, _ number: Int32, _ member: AudienceVisits.Member, interest: () -> PersonInterest) -> Bool {
            let customer = ids[number].flatMap { catalog.customers[$0] }
            switch criterion {
            case .segment(let segment): return member.lastSegment == AudienceVisits.segmentCodes[segment.rawValue]
            case .grade(let grade): return customer?.grade.rawValue == grade
            case .gender(let gender): return customer?.gender?.uppercased() == gender.uppercased()
            case .age(let ages): return customer?.birthYear.map { ages.contains(year - $0) } ?? false
            case .customerColumn(let column, let value): return ids[number].flatMap { columns?.value(column, of: $0) } == value
            case .visitedWithin(let days): return member.lastDay.daysSinceEpoch > anchor.daysSinceEpoch - Int32(days)
            case .minVisits(let count): return member.visits >= count
            case .interest(let target, let minimum):
                let score = interest().score(target)
                return minimum.map { score >= $0 } ?? (score > 0)
            case .reached(let goal): return member.goalVisits[wanted.goals.firstIndex(of: goal)!] > 0
            case .notReached(let goal): return member.goalVisits[wanted.goals.firstIndex(of: goal)!] == 0
            case .dropped(_, _, let step, let window): return (window == nil ? Int(member.furthestStep) : windowedSteps[number] ?? 0) == step
            case .campaign(let campaign): return member.campaignVisits[wanted.campaigns.firstIndex(of: campaign)!] > 0
            case .maturityWithin(let days):
                guard let maturity = customer?.maturityDate.flatMap(SiteDay.init) else { return false }
                let ahead = maturity.daysSinceEpoch - anchor.daysSinceEpoch
                return ahead >= 1 && ahead <= Int32(days)
            }
        }
        let isInterest: (AudiencePlan.Entry) -> Bool = { if case .interest = $0.criterion { true } else { false } }
        let cheap = plan.entries.filter { !isInterest($0) }
        var remaining = [visits.members.count]
        var survivors: [Int32]
        var views = VisitPageViews()
        if explain {
            // Every criterion in order over every member: interest for all of them.
            views = try VisitPageViews.load(from: store, query: query, visits: Set(visits.members.values.flatMap(\.references)), categories: needsCategories)
            survivors = Array(visits.members.keys)
            for entry in plan.entries {
                survivors = survivors.filter { number in
                    let member = visits.members[number]!
                    return passes(entry.criterion, number, member) { PersonInterest(views: views, references: member.references, anchor: anchor) }
                }
                remaining.append(survivors.count)
            }
        } else {
            survivors = visits.members.compactMap { number, member in
                cheap.allSatisfy { passes($0.criterion, number, member) { fatalError("interest is not a cheap criterion") } } ? number : nil
            }
            let references = Set(survivors.flatMap { visits.members[$0]!.references })
            views = try VisitPageViews.load(from: store, query: query, visits: references, categories: needsCategories)
        }
        var rows: [Row] = []
        for number in survivors {
            let member = visits.members[number]!
            let interest = PersonInterest(views: views, references: member.references, anchor: anchor)
            if !explain, !plan.entries.filter(isInterest).allSatisfy({ passes($0.criterion, number, member) { interest } }) { continue }
            let id = ids[number] ?? "#\(number)"
            let customer = catalog.customers[id]
            var values: [(String, JSONValue)] = []
            var orderInterest: Double?
            for entry in plan.entries {
                let value: JSONValue
                switch entry.criterion {
                case .segment: value = .string(member.lastSegment == 1 ? "customer" : "member")
                case .grade: value = customer.map { .string($0.grade.rawValue) } ?? .null
                case .gender: value = customer?.gender.map(JSONValue.string) ?? .null
                case .age: value = customer?.birthYear.map { .int(year - $0) } ?? .null
                case .customerColumn(let column, _): value = columns?.value(column, of: id).map(JSONValue.string) ?? .null
                case .visitedWithin: value = .string(member.lastDay.description)
                case .minVisits: value = .int(Int(member.visits))
                case .interest(let target, _):
                    let score = interest.score(target)
                    if orderInterest == nil { orderInterest = score }
                    value = .double(score)
                case .reached(let goal), .notReached(let goal): value = .int(Int(member.goalVisits[wanted.goals.firstIndex(of: goal)!]))
                case .dropped(_, _, _, let window): value = .int(window == nil ? Int(member.furthestStep) : windowedSteps[number] ?? 0)
                case .campaign(let campaign): value = .int(Int(member.campaignVisits[wanted.campaigns.firstIndex(of: campaign)!]))
                case .maturityWithin: value = customer?.maturityDate.map(JSONValue.string) ?? .null
                }
                values.append((entry.column, value))
            }
            let top = SegmentsReport.top(interest.byProduct, count: 3).map { SegmentsReport.Ranked(name: $0.name, value: PersonInterest.shown($0.value)) }
            rows.append(Row(
                memberId: id, grade: customer?.grade.rawValue, gender: customer?.gender, birthYear: customer?.birthYear,
                segment: member.lastSegment == 1 ? "customer" : "member", visits: Int(member.visits),
                lastVisit: CustomerReport.isoTime(member.lastStart / 1_000_000, offset: member.lastOffset), topProducts: top, values: values,
                lastStart: member.lastStart, orderInterest: orderInterest ?? top.first?.value ?? 0))
        }
        switch order {
        case .memberId: rows.sort { $0.memberId < $1.memberId }
        case .interest: rows.sort { $0.orderInterest != $1.orderInterest ? $0.orderInterest > $1.orderInterest : $0.memberId < $1.memberId }
        case .lastVisit: rows.sort { $0.lastStart != $1.lastStart ? $0.lastStart > $1.lastStart : $0.memberId < $1.memberId }
        }
        let matched = rows.count
        if let limit, rows.count > limit { rows.removeLast(rows.count - limit) }
        return Audience(
            name: name, from: query.from, to: query.to, anchor: anchor, plan: plan, order: order, limit: limit, matched: matched, rows: rows,
            remaining: explain ? remaining : [])
    }
}

/// A member's interest (SPEC §7) at the range end over their page views in the range, by product and by category.
struct PersonInterest {
    var byProduct: [String: Double] = [:]
    var byCategory: [String: Double] = [:]

    init(views: VisitPageViews, references: [VisitReference], anchor: SiteDay) {
        for visit in references {
            for view in views.byVisit[visit] ?? [] {
                guard let product = view.product else { continue }
                let contribution = ProductInterest.contribution(timeOnPage: view.timeOnPage, action: view.action, day: view.day, endDay: anchor)
                byProduct[product, default: 0] += contribution
                if let category = view.category { byCategory[category, default: 0] += contribution }
            }
        }
    }

    /// The score of `target` as shown (rounded to 6 decimals, as the JSON writes it), so that a minimum equal
    /// to a shown score keeps the member.
    func score(_ target: AudiencePlan.InterestTarget) -> Double {
        switch target {
        case .product(let name): Self.shown(byProduct[name] ?? 0)
        case .category(let name): Self.shown(byCategory[name] ?? 0)
        }
    }

    static func shown(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
}
