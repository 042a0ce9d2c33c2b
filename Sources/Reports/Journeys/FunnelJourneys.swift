import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import ParquetStore

/// Each person's furthest attempt at a funnel across visits (SPEC §14): an attempt starts at any page view of the
/// person that matches step 1 in a selected visit (in the range, passing the filters); step k+1 is the first later
/// page view matching it no later than the window after the attempt's start (greedy, in time order, across
/// visits). A person counts once, with their attempt that reached furthest (the earliest such).
///
/// Only persons with a selected visit that reached step 1 within itself (its `funnel_steps`) can open an attempt;
/// the page views of their visits from the range's first day to one day past the window after its last are read
/// (`path` to match the steps, `page` for the page viewed next, `ts`).
struct FunnelJourneys {
    /// A person's counted attempt.
    struct Attempt {
        /// The steps reached (1 … steps).
        var reached: Int
        /// The time of each reached step's page view (µs).
        var times: [Int64]
        /// The timeline row of the visit of the attempt's first page view.
        var firstVisit: Int
        /// The page viewed right after the last reached step's page view in the same visit (a code into ``pages``),
        /// -1 when that page view ended its visit.
        var nextPage: Int32
    }

    var timeline: PersonTimeline
    var attempts: [Attempt]
    /// The page names ``Attempt/nextPage`` codes point into.
    var pages: [String]

    static func make(store: Store, storeDays: ClosedRange<SiteDay>, query: ReportQuery, funnel: String, steps: [PathGlob], windowDays: Int) throws -> FunnelJourneys {
        // One day more than the window: a page view DAYS × 86,400 s after a start late on the range's last day may fall
        // on the day after (and a change to summer time shortens a day); the window itself is checked in seconds.
        let lastDay = min(storeDays.upperBound, query.to.adding(days: windowDays + 1))
        let timeline = try PersonTimeline.load(
            store: store, storeDays: storeDays, days: query.from...lastDay,
            columns: Set(["funnel_steps", "segment", "channel"]).union(PersonTimeline.filterColumns(query)))
        let visits = timeline.visits
        let selected = timeline.selected(by: query)
        let reachedInVisit = visits.funnelJSON.decodedDictionary { JSONText.integerObject($0)[funnel] ?? 0 }
        var opens = [Bool](repeating: false, count: timeline.groupStarts.count)
        for row in 0..<visits.count where selected[row] {
            let code = visits.funnelJSON.codes[row]
            if code >= 0, reachedInVisit[Int(code)] >= 1 { opens[Int(timeline.person[row])] = true }
        }
        // The visits to read, per day: every visit of a person who can open an attempt.
        var byDay: [SiteDay: [(ordinal: Int32, row: Int32)]] = [:]
        for row in 0..<visits.count where opens[Int(timeline.person[row])] {
            byDay[visits.day[row], default: []].append((visits.ordinal[row], Int32(row)))
        }
        let count = min(steps.count, 64)
        struct Views: Sendable {
            var row: [Int32] = []
            var time: [Int64] = []
            var steps: [UInt64] = []
            var nextPage: [Int32] = []
            var pages = ParquetStringCodes()
        }
        let chosen = byDay
        let flat = try DayParallelLoad.load(days: chosen.keys.sorted(), empty: Views()) { result, day in
            guard let wanted = chosen[day], let runs = try VisitPageViewRuns.open(store, day: day.description, checking: wanted.map(\.ordinal))
            else { return }
            let rows = runs.selection(wanted.map(\.ordinal))
            var paths = ParquetStringCodes(), pages = ParquetStringCodes(), times: [Int64] = []
            try runs.reader.readColumn("path", codingInto: &paths, rows: rows)
            try runs.reader.readColumn("page", codingInto: &pages, rows: rows)
            try runs.reader.readColumn("ts", appendingTo: &times, rows: rows)
            let masks = paths.decodedDictionary { path in
                steps.prefix(count).enumerated().reduce(UInt64(0)) { mask, step in step.element.matches(path) ? mask | (1 << UInt64(step.offset)) : mask }
            }
            let pageCode = result.pages.translation(of: pages)
            // Positions are the file's (rows outside the selection get a slot too).
            for visit in wanted {
                let run = runs.run(visit.ordinal)
                for row in run {
                    let code = paths.codes[row]
                    let mask = code >= 0 ? masks[Int(code)] : 0
                    guard mask != 0 else { continue }
                    result.row.append(visit.row)
                    result.time.append(times[row])
                    result.steps.append(mask)
                    result.nextPage.append(row + 1 < run.upperBound ? pageCode(pages.codes[row + 1]) : -1)
                }
            }
        } join: { result, part in
            let pageCode = result.pages.translation(of: part.pages)
            result.row += part.row
            result.time += part.time
            result.steps += part.steps
            result.nextPage += part.nextPage.map(pageCode)
        }
        // The matching page views grouped by person, each group in time order (views of one time keep day and file order).
        let personCount = timeline.groupStarts.count - 1
        var groupStarts = [Int](repeating: 0, count: personCount + 1)
        for row in flat.row { groupStarts[Int(timeline.person[Int(row)]) + 1] += 1 }
        for index in 0..<personCount { groupStarts[index + 1] += groupStarts[index] }
        var order = [Int](repeating: 0, count: flat.row.count)
        var next = groupStarts
        for (index, row) in flat.row.enumerated() {
            let person = Int(timeline.person[Int(row)])
            order[next[person]] = index
            next[person] += 1
        }
        var attempts: [Attempt] = []
        let window = Int64(windowDays) * 86_400 * 1_000_000
        // Per person: for each step k and position j, the first position ≥ j whose page view matches step k, so that an
        // attempt follows its steps in O(steps) jumps.
        var nextMatch: [Int] = []
        for person in 0..<personCount where groupStarts[person + 1] > groupStarts[person] {
            let first = groupStarts[person], size = groupStarts[person + 1] - first
            if size > 1 { order[first..<(first + size)].sort { (flat.time[$0], $0) < (flat.time[$1], $1) } }
            nextMatch = Array(repeating: size, count: count * (size + 1))
            let stride1 = size + 1
            for position in stride(from: size - 1, through: 0, by: -1) {
                let matches: UInt64 = flat.steps[order[first + position]]
                for step in 0..<count {
                    let slot = step * stride1 + position
                    let bit: UInt64 = 1 << UInt64(step)
                    nextMatch[slot] = matches & bit != 0 ? position : nextMatch[slot + 1]
                }
            }
            var best: (reached: Int, positions: [Int])? = nil
            for position in 0..<size {
                let view = order[first + position]
                guard flat.steps[view] & 1 != 0, selected[Int(flat.row[view])] else { continue }
                let start = flat.time[view]
                var positions = [position]
                while positions.count < count {
                    let slot: Int = positions.count * stride1 + positions[positions.count - 1] + 1
                    let next: Int = nextMatch[slot]
                    guard next < size else { break }
                    let elapsed: Int64 = flat.time[order[first + next]] - start
                    guard elapsed <= window else { break }
                    positions.append(next)
                }
                if positions.count > best?.reached ?? 0 { best = (positions.count, positions) }
                if positions.count == count { break }
            }
            guard let best else { continue }
            let views = best.positions.map { order[first + $0] }
            attempts.append(Attempt(
                reached: best.reached, times: views.map { flat.time[$0] }, firstVisit: Int(flat.row[views[0]]), nextPage: flat.nextPage[views[views.count - 1]]))
        }
        return FunnelJourneys(timeline: timeline, attempts: attempts, pages: flat.pages.dictionary)
    }
}
