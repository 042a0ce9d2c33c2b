import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import ParquetStore

/// A funnel's progress over attempts across visits (SPEC §14): an attempt starts at any page view of a person in
/// the range that matches step 1; step k+1 is the first later page view matching it no later than the window
/// after the attempt's start (greedy, in time order, across visits). A person's progress is their attempt
/// that reached furthest.
///
/// The person of a visit is its member number; a visit without one belongs to the first member ever linked
/// to its visitor key in the store (its anonymous visits before the link count), else to nobody a member
/// list can name. Read from columns at query time: every day's `visitor_no`, `member_no` and `start`, then the
/// `path` and `ts` of the chosen persons' page views from the range's first day to `window` days after its end.
enum FunnelAttempts {
    /// The furthest step (0 … steps.count) of each member of `persons` (member numbers).
    static func furthestSteps(
        store: Store, storeDays: ClosedRange<SiteDay>, range: ClosedRange<SiteDay>, windowDays: Int, steps: [PathGlob], persons: Set<Int32>
    ) throws -> [Int32: Int] {
        guard !persons.isEmpty, !steps.isEmpty else { return [:] }
        let allDays = (0...Int(storeDays.upperBound.daysSinceEpoch - storeDays.lowerBound.daysSinceEpoch)).map { storeDays.lowerBound.adding(days: $0) }
        let lastDay = min(storeDays.upperBound, range.upperBound.adding(days: windowDays))
        // 1. The first member linked to each visitor key (earliest visit with a member number), and the visits of the read days.
        struct Keys: Sendable {
            var firstMember: [Int32: (start: Int64, member: Int32)] = [:]
            var visits: [(day: SiteDay, ordinal: Int32, visitor: Int32, member: Int32)] = []
        }
        let keys = try DayParallelLoad.loadFiles(.visits, of: store, days: allDays, empty: Keys()) { keys, day, reader in
            var visitors: [Int32] = [], members: [Int32] = [], starts: [Int64] = []
            try reader.readColumn("visitor_no", appendingTo: &visitors)
            try reader.readColumn("member_no", appendingTo: &members, nullsAs: -1)
            try reader.readColumn("start", appendingTo: &starts)
            for row in visitors.indices where members[row] >= 0 {
                if let known = keys.firstMember[visitors[row]], known.start <= starts[row] { continue }
                keys.firstMember[visitors[row]] = (starts[row], members[row])
            }
            guard day >= range.lowerBound, day <= lastDay else { return }
            for row in visitors.indices { keys.visits.append((day, Int32(row), visitors[row], members[row])) }
        } join: { keys, later in
            for (visitor, link) in later.firstMember where keys.firstMember[visitor].map({ link.start < $0.start }) ?? true {
                keys.firstMember[visitor] = link
            }
            keys.visits += later.visits
        }
        var personOf: [VisitReference: Int32] = [:]
        for visit in keys.visits {
            let person = visit.member >= 0 ? visit.member : keys.firstMember[visit.visitor]?.member ?? -1
            if person >= 0, persons.contains(person) { personOf[VisitReference(day: visit.day, ordinal: visit.ordinal)] = person }
        }
        // 2. Their page views: time, the steps the path matches (a bit per step), whether the visit is in the range.
        struct View: Sendable { var time: Int64; var steps: UInt64; var inRange: Bool }
        let persons = personOf
        let byDay = Dictionary(grouping: personOf.keys, by: \.day).mapValues { $0.map(\.ordinal).sorted() }
        let days = byDay.keys.sorted()
        let views = try DayParallelLoad.load(days: days, empty: [Int32: [View]]()) { result, day in
            guard let wanted = byDay[day], let visitsReader = try store.openDayFile(.visits, day: day.description),
                let reader = try store.openDayFile(.pageviews, day: day.description)
            else { return }
            var counts: [Int32] = []
            try visitsReader.readColumn("page_views", appendingTo: &counts)
            var starts = [Int](repeating: 0, count: counts.count + 1)
            for (index, count) in counts.enumerated() { starts[index + 1] = starts[index] + Int(count) }
            guard Int(reader.rowCount) == starts[counts.count] else {
                throw StoreError(path: reader.path, message: "holds \(reader.rowCount) page views, the day's visits count \(starts[counts.count])",
                                 hint: "The store may be damaged; ingest the day again")
            }
            let rows = ParquetRowSelection(wanted.map { starts[Int($0)]..<starts[Int($0) + 1] })
            var paths = ParquetStringCodes(), times: [Int64] = []
            try reader.readColumn("path", codingInto: &paths, rows: rows)
            try reader.readColumn("ts", appendingTo: &times, rows: rows)
            let masks = paths.decodedDictionary { path in
                steps.prefix(64).enumerated().reduce(UInt64(0)) { mask, step in step.element.matches(path) ? mask | (1 << UInt64(step.offset)) : mask }
            }
            let inRange = day <= range.upperBound
            for ordinal in wanted {
                let person = persons[VisitReference(day: day, ordinal: ordinal)]!
                for row in starts[Int(ordinal)]..<starts[Int(ordinal) + 1] {
                    let code = paths.codes[row]
                    result[person, default: []].append(View(time: times[row], steps: code >= 0 ? masks[Int(code)] : 0, inRange: inRange))
                }
            }
        } join: { result, part in
            result.merge(part) { $0 + $1 }
        }
        // 3. Each person's attempts, greedy in time order.
        let window = Int64(windowDays) * 86_400 * 1_000_000
        let count = min(steps.count, 64)
        var furthest: [Int32: Int] = [:]
        for (person, unsorted) in views {
            let ordered = unsorted.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            var best = 0
            for (index, view) in ordered.enumerated() where view.inRange && view.steps & 1 != 0 {
                var reached = 1
                var next = index + 1
                while reached < count, next < ordered.count, ordered[next].time - view.time <= window {
                    if ordered[next].steps & (1 << UInt64(reached)) != 0 { reached += 1 }
                    next += 1
                }
                best = max(best, reached)
                if best == count { break }
            }
            furthest[person] = best
        }
        return furthest
    }
}
