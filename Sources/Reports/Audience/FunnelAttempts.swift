import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import ParquetStore

/// An audience's `--dropped FUNNEL:STEP --window DAYS` (SPEC §15): each member's progress over SPEC §14's attempts
/// across visits: an attempt starts at any page view of a person in
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
        // One day more than the window: a page view DAYS × 86,400 s after a start late on the range's last day may fall
        // on the day after (and a change to summer time shortens a day); the window itself is checked in seconds.
        let lastDay = min(storeDays.upperBound, range.upperBound.adding(days: windowDays + 1))
        // 1. The first member linked to each visitor key (earliest visit with a member number), and the visits of the read days.
        struct Day: Sendable { var day: SiteDay; var visitors: [Int32]; var members: [Int32] }
        struct Keys: Sendable {
            var firstMember: [Int32: (start: Int64, member: Int32)] = [:]
            var days: [Day] = []
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
            if day >= range.lowerBound, day <= lastDay { keys.days.append(Day(day: day, visitors: visitors, members: members)) }
        } join: { keys, later in
            for (visitor, link) in later.firstMember where keys.firstMember[visitor].map({ link.start < $0.start }) ?? true {
                keys.firstMember[visitor] = link
            }
            keys.days += later.days
        }
        // Each visit's person, by arrays: the first member of each visitor number, whether a member number is asked about.
        var firstMemberOf = [Int32](repeating: -1, count: Int(keys.firstMember.keys.max() ?? -1) + 1)
        for (visitor, link) in keys.firstMember { firstMemberOf[Int(visitor)] = link.member }
        var asked = [Bool](repeating: false, count: Int(persons.max() ?? -1) + 1)
        for person in persons { asked[Int(person)] = true }
        var byDay: [SiteDay: [(ordinal: Int32, person: Int32)]] = [:]
        for day in keys.days {
            var wanted: [(ordinal: Int32, person: Int32)] = []
            for row in day.visitors.indices {
                let visitor = Int(day.visitors[row])
                let person = day.members[row] >= 0 ? day.members[row] : visitor < firstMemberOf.count ? firstMemberOf[visitor] : -1
                if person >= 0, Int(person) < asked.count, asked[Int(person)] { wanted.append((Int32(row), person)) }
            }
            if !wanted.isEmpty { byDay[day.day] = wanted }
        }
        // 2. Their page views as flat columns: person, time, the steps the path matches (a bit per step), whether the
        //    visit is in the range.
        struct Views: Sendable { var person: [Int32] = []; var time: [Int64] = []; var steps: [UInt64] = []; var inRange: [Bool] = [] }
        let chosen = byDay
        let flat = try DayParallelLoad.load(days: chosen.keys.sorted(), empty: Views()) { result, day in
            guard let wanted = chosen[day], let runs = try VisitPageViewRuns.open(store, day: day.description, checking: wanted.map(\.ordinal))
            else { return }
            let rows = runs.selection(wanted.map(\.ordinal))
            var paths = ParquetStringCodes(), times: [Int64] = []
            try runs.reader.readColumn("path", codingInto: &paths, rows: rows)
            try runs.reader.readColumn("ts", appendingTo: &times, rows: rows)
            let masks = paths.decodedDictionary { path in
                steps.prefix(64).enumerated().reduce(UInt64(0)) { mask, step in step.element.matches(path) ? mask | (1 << UInt64(step.offset)) : mask }
            }
            let inRange = day <= range.upperBound
            for visit in wanted {
                for row in runs.run(visit.ordinal) {
                    let code = paths.codes[row]
                    let mask = code >= 0 ? masks[Int(code)] : 0
                    // Only page views matching a step matter to an attempt.
                    guard mask != 0 else { continue }
                    result.person.append(visit.person)
                    result.time.append(times[row])
                    result.steps.append(mask)
                    result.inRange.append(inRange)
                }
            }
        } join: { result, part in
            result.person += part.person
            result.time += part.time
            result.steps += part.steps
            result.inRange += part.inRange
        }
        // Grouped by person (a counting sort by member number), each group in day and file order; ``AttemptFinder``
        // puts a group in time order and follows its attempts (the report's engine, ``FunnelJourneys``, uses it too).
        var groupStarts = [Int](repeating: 0, count: asked.count + 1)
        for person in flat.person { groupStarts[Int(person) + 1] += 1 }
        for index in 0..<asked.count { groupStarts[index + 1] += groupStarts[index] }
        var order = [Int32](repeating: 0, count: flat.person.count)
        var next = groupStarts
        for (index, person) in flat.person.enumerated() {
            order[next[Int(person)]] = Int32(index)
            next[Int(person)] += 1
        }
        // 3. Each person's attempts, greedy in time order: an attempt opens at a step-1 view of the range.
        let opens = (0..<flat.person.count).map { flat.inRange[$0] && flat.steps[$0] & 1 != 0 }
        var finder = AttemptFinder(steps: min(steps.count, 64), windowDays: windowDays)
        var furthest: [Int32: Int] = [:]
        order.withUnsafeBufferPointer { order in
            flat.time.withUnsafeBufferPointer { time in
                flat.steps.withUnsafeBufferPointer { masks in
                    opens.withUnsafeBufferPointer { opens in
                        for person in 0..<asked.count where groupStarts[person + 1] > groupStarts[person] {
                            finder.find(UnsafeBufferPointer(rebasing: order[groupStarts[person]..<groupStarts[person + 1]]), time: time, masks: masks, opens: opens)
                            furthest[Int32(person)] = finder.best
                        }
                    }
                }
            }
        }
        return furthest
    }
}
