import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore

/// The visits of each person in time order (SPEC §14), computed at read time from the `visits` columns.
///
/// A visit's person is its own member number when it has one; otherwise the first member ever linked to its
/// visitor key in the store (the key's earliest visit with a member number), so that a key's anonymous visits
/// before the link are the member's; otherwise the visitor key itself. Persons are numbers: a member's is its
/// `member_no`, an anonymous key's is `members + visitor_no` (`members`: one more than the store's largest
/// member number), so no report joins strings. The links are read from every day of the store (three integer
/// columns), the chosen columns only from the days a report needs.
///
/// Because the link is decided as of the store's last day, a later ingest that links a key to a member moves the
/// key's earlier anonymous visits to that member (docs/SESSIONS.md, "Persons").
struct PersonTimeline {
    /// The loaded days' visits (unfiltered), day by day in file order.
    var visits: VisitColumns
    /// Each visit's person.
    var person: [Int32]
    /// Each visit's position in ``order``'s person groups: visits grouped by person, each group in time order
    /// (`start`, then day and file order).
    var order: [Int32]
    /// Where each person's group starts in ``order`` (indexed by person; one entry more than there are persons).
    var groupStarts: [Int32]

    /// The rows of one person's group, as positions in ``order``.
    func group(_ person: Int32) -> Range<Int> { Int(groupStarts[Int(person)])..<Int(groupStarts[Int(person) + 1]) }

    /// Loads `days` (a run of the store's days) with `columns` (plus `visitor_no`, `member_no`, and `start` when
    /// `ordered`), and the member links of every day of `storeDays`; ``order`` is left empty unless `ordered`.
    ///
    /// A key's first member is the member of its earliest visit with one: days are read in order, so only a day on which
    /// one key meets two members needs the visits' `start` (read for that day alone when `columns` lacks it).
    static func load(
        store: Store, storeDays: ClosedRange<SiteDay>, days: ClosedRange<SiteDay>, columns: Set<String>, ordered: Bool = true
    ) throws -> PersonTimeline {
        let allDays = (0...Int(storeDays.upperBound.daysSinceEpoch - storeDays.lowerBound.daysSinceEpoch)).map { storeDays.lowerBound.adding(days: $0) }
        let wanted = columns.union(ordered ? ["visitor_no", "member_no", "start"] : ["visitor_no", "member_no"])
        /// A key's first member: the day and start (0 when the day needed no start) of that visit.
        struct Link: Sendable {
            var day: Int32
            var start: Int64
            var member: Int32
            func isBefore(_ other: Link) -> Bool { (day, start) < (other.day, other.start) }
        }
        struct Part: Sendable {
            var firstMember: [Int32: Link] = [:]
            var largestMember: Int32 = -1
            var largestVisitor: Int32 = -1
            var visits = VisitColumns()
        }
        let loaded = try DayParallelLoad.loadFiles(.visits, of: store, days: allDays, empty: Part()) { part, day, reader in
            let dayNumber = day.daysSinceEpoch
            /// Links the member rows of one day; `false` when, without starts, a key meets two members that day (the day's
            /// new links are taken back then).
            func link(_ visitors: [Int32], _ members: [Int32], _ starts: [Int64]?, _ rows: Range<Int>) -> Bool {
                var linkedToday: [Int32] = []
                for row in rows {
                    part.largestVisitor = max(part.largestVisitor, visitors[row])
                    guard members[row] >= 0 else { continue }
                    part.largestMember = max(part.largestMember, members[row])
                    let candidate = Link(day: dayNumber, start: starts?[row] ?? 0, member: members[row])
                    if let known = part.firstMember[visitors[row]] {
                        if starts == nil, known.day == dayNumber, known.member != candidate.member {
                            // Days come in order: a link of this day was made today; none of them replaced an older one.
                            for visitor in linkedToday { part.firstMember[visitor] = nil }
                            return false
                        }
                        if !candidate.isBefore(known) { continue }
                    }
                    part.firstMember[visitors[row]] = candidate
                    linkedToday.append(visitors[row])
                }
                return true
            }
            var visitors: [Int32] = [], members: [Int32] = [], starts: [Int64]? = nil
            var rows = 0..<0
            if days.contains(day) {
                let first = part.visits.count
                try part.visits.append(day, from: reader, wanted: wanted)
                (visitors, members, rows) = (part.visits.visitorNumber, part.visits.memberNumber, first..<part.visits.count)
                if wanted.contains("start") { starts = part.visits.start }
            } else {
                try reader.readColumn("visitor_no", appendingTo: &visitors)
                try reader.readColumn("member_no", appendingTo: &members, nullsAs: -1)
                rows = visitors.indices
            }
            if !link(visitors, members, starts, rows) {
                var dayStarts = [Int64](repeating: 0, count: rows.lowerBound)
                try reader.readColumn("start", appendingTo: &dayStarts)
                _ = link(visitors, members, dayStarts, rows)
            }
        } join: { part, later in
            for (visitor, link) in later.firstMember where part.firstMember[visitor].map({ link.isBefore($0) }) ?? true {
                part.firstMember[visitor] = link
            }
            part.largestMember = max(part.largestMember, later.largestMember)
            part.largestVisitor = max(part.largestVisitor, later.largestVisitor)
            part.visits.append(contentsOf: later.visits)
        }
        let members = loaded.largestMember + 1
        var firstMemberOf = [Int32](repeating: -1, count: Int(loaded.largestVisitor) + 1)
        for (visitor, link) in loaded.firstMember { firstMemberOf[Int(visitor)] = link.member }
        let visits = loaded.visits
        var person = [Int32](repeating: 0, count: visits.count)
        for row in 0..<visits.count {
            let member = visits.memberNumber[row]
            let visitor = visits.visitorNumber[row]
            person[row] = member >= 0 ? member : firstMemberOf[Int(visitor)] >= 0 ? firstMemberOf[Int(visitor)] : members + visitor
        }
        let persons = Int(members) + Int(loaded.largestVisitor) + 1
        guard ordered else { return PersonTimeline(visits: visits, person: person, order: [], groupStarts: [Int32](repeating: 0, count: persons + 1)) }
        // Grouped by person (a counting sort), each group sorted by start (rows of one start keep their order).
        var groupStarts = [Int32](repeating: 0, count: persons + 1)
        for value in person { groupStarts[Int(value) + 1] += 1 }
        for index in 0..<persons { groupStarts[index + 1] += groupStarts[index] }
        var order = [Int32](repeating: 0, count: visits.count)
        var next = groupStarts
        for (row, value) in person.enumerated() {
            order[Int(next[Int(value)])] = Int32(row)
            next[Int(value)] += 1
        }
        let starts = visits.start
        for index in 0..<persons where groupStarts[index + 1] - groupStarts[index] > 1 {
            order[Int(groupStarts[index])..<Int(groupStarts[index + 1])].sort { (starts[Int($0)], $0) < (starts[Int($1)], $1) }
        }
        return PersonTimeline(visits: visits, person: person, order: order, groupStarts: groupStarts)
    }

    /// For each visit, whether it lies in `query`'s range and passes its visit filters (the filter columns must be
    /// loaded when the query filters).
    func selected(by query: ReportQuery) -> [Bool] {
        let endYear = query.to.components.year
        return (0..<visits.count).map { row in
            let day = visits.day[row]
            return day >= query.from && day <= query.to && (!query.filtersVisits || visits.passes(row, query, endYear: endYear))
        }
    }

    /// The columns the filters of `query` need.
    static func filterColumns(_ query: ReportQuery) -> Set<String> { query.filtersVisits ? VisitColumns.filterColumns : [] }
}

/// The middle value and the 90th percentile of SPEC §14.
enum JourneyStatistics {
    /// The middle value (the mean of the two middle values for an even count); `nil` for no values.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The ⌈0.9 n⌉-th smallest value; `nil` for no values.
    static func p90(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = (values.count * 9 + 9) / 10
        return values.sorted()[max(rank, 1) - 1]
    }
}
