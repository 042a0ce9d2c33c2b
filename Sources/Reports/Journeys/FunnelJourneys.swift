import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import ParquetStore
import Synchronization

/// Each person's furthest attempt at a funnel across visits (SPEC §14): an attempt starts at any page view of the
/// person that matches step 1 in a selected visit (in the range, passing the filters); step k+1 is the first later
/// page view matching it no later than the window after the attempt's start (greedy, in time order, across
/// visits). A person counts once, with their attempt that reached furthest (the earliest such).
///
/// Only persons with a selected visit that reached step 1 within itself (its `funnel_steps`; a visit ingested before
/// the funnel was configured has no entry and counts as possible) can open an attempt;
/// the page views of their visits from the range's first day to one day past the window after its last are read
/// (`path` to match the steps, `page` for the page viewed next, `ts`).
struct FunnelJourneys {
    /// A person's counted attempt.
    struct Attempt {
        /// The steps reached (1 … steps).
        var reached: Int
        /// Where the time of each reached step's page view (µs) starts in ``stepTimes``.
        var timesStart: Int
        /// The timeline row of the visit of the attempt's first page view.
        var firstVisit: Int
        /// The page viewed right after the last reached step's page view in the same visit (a code into ``pages``),
        /// -1 when that page view ended its visit.
        var nextPage: Int32
    }

    var timeline: PersonTimeline
    var attempts: [Attempt]
    /// The step times of every attempt, one run per attempt.
    var stepTimes: [Int64]
    /// The page names ``Attempt/nextPage`` codes point into.
    var pages: [String]

    /// The attempts of every person who can open one in `query`'s range (selected visits).
    static func make(
        store: Store, storeDays: ClosedRange<SiteDay>, query: ReportQuery, funnel: String, steps: [PathGlob], windowDays: Int
    ) throws -> FunnelJourneys {
        // One day more than the window: a page view DAYS × 86,400 s after a start late on the range's last day may fall
        // on the day after (and a change to summer time shortens a day); the window itself is checked in seconds.
        let lastDay = min(storeDays.upperBound, query.to.adding(days: windowDays + 1))
        let timeline = try PersonTimeline.load(
            store: store, storeDays: storeDays, days: query.from...lastDay,
            columns: Set(["funnel_steps", "segment", "channel"]).union(PersonTimeline.filterColumns(query)), ordered: false)
        let visits = timeline.visits
        let selected = timeline.selected(by: query)
        // The funnel's steps reached within each visit as ingest wrote them; a visit written before the funnel was in the
        // config has no entry for it (-1) and may hold a step-1 view.
        let reachedInVisit = visits.funnelJSON.decodedDictionary { JSONText.integerObject($0)[funnel] ?? -1 }
        // The first and last day (days since 1970) on which each person can open an attempt.
        var firstOpen = [Int32](repeating: .max, count: timeline.groupStarts.count), lastOpen = [Int32](repeating: .min, count: timeline.groupStarts.count)
        for row in 0..<visits.count where selected[row] {
            let code = visits.funnelJSON.codes[row]
            guard code < 0 || reachedInVisit[Int(code)] != 0 else { continue }
            let person = Int(timeline.person[row]), day = visits.day[row].daysSinceEpoch
            firstOpen[person] = min(firstOpen[person], day)
            lastOpen[person] = max(lastOpen[person], day)
        }
        // The visits to read, per day: the visits of a person who can open an attempt, from the day of their first
        // attempt's start to one day past the window after their last (a visit ends by midnight).
        var byDay: [SiteDay: [(ordinal: Int32, row: Int32)]] = [:]
        var dayStart = 0
        while dayStart < visits.count {
            // Rows come day by day.
            let day = visits.day[dayStart]
            var dayEnd = dayStart
            var wanted: [(ordinal: Int32, row: Int32)] = []
            while dayEnd < visits.count, visits.day[dayEnd] == day {
                let person = Int(timeline.person[dayEnd]), number = day.daysSinceEpoch
                if number >= firstOpen[person], Int(number) <= Int(lastOpen[person]) + windowDays + 1 {
                    wanted.append((visits.ordinal[dayEnd], Int32(dayEnd)))
                }
                dayEnd += 1
            }
            if !wanted.isEmpty { byDay[day] = wanted }
            dayStart = dayEnd
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
        var order = [Int32](repeating: 0, count: flat.row.count)
        var next = groupStarts
        for (index, row) in flat.row.enumerated() {
            let person = Int(timeline.person[Int(row)])
            order[next[person]] = Int32(index)
            next[person] += 1
        }
        // Persons in chunks of about equal page views, each chunk's attempts found on its own core.
        let chunkCount = min(max(1, personCount), DayParallelLoad.workers * 4)
        var bounds = [0]
        for chunk in 1..<chunkCount {
            let target = flat.row.count * chunk / chunkCount
            var low = bounds[bounds.count - 1], high = personCount
            while low < high {
                let middle = (low + high) / 2
                if groupStarts[middle] < target { low = middle + 1 } else { high = middle }
            }
            bounds.append(low)
        }
        bounds.append(personCount)
        let found = Mutex<[Int: (attempts: [Attempt], stepTimes: [Int64])]>([:])
        let grouped = order, starts = groupStarts, views = flat, chunkBounds = bounds
        // Whether an attempt may start at each view: it matches step 1 in a selected visit.
        let canOpen = (0..<flat.row.count).map { flat.steps[$0] & 1 != 0 && selected[Int(flat.row[$0])] }
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            var finder = AttemptFinder(steps: count, windowDays: windowDays)
            grouped.withUnsafeBufferPointer { order in
                views.time.withUnsafeBufferPointer { time in
                    views.steps.withUnsafeBufferPointer { masks in
                        canOpen.withUnsafeBufferPointer { opens in
                            for person in chunkBounds[chunk]..<chunkBounds[chunk + 1] where starts[person + 1] > starts[person] {
                                let group = UnsafeBufferPointer(rebasing: order[starts[person]..<starts[person + 1]])
                                finder.find(group, time: time, masks: masks, opens: opens)
                                guard finder.best > 0 else { continue }
                                let first = finder.views[finder.bestPositions[0]], last = finder.views[finder.bestPositions[finder.best - 1]]
                                finder.attempts.append(Attempt(
                                    reached: finder.best, timesStart: finder.stepTimes.count, firstVisit: Int(views.row[first]), nextPage: views.nextPage[last]))
                                for step in 0..<finder.best { finder.stepTimes.append(time[finder.views[finder.bestPositions[step]]]) }
                            }
                        }
                    }
                }
            }
            let result = (finder.attempts, finder.stepTimes)
            found.withLock { $0[chunk] = result }
        }
        var attempts: [Attempt] = [], stepTimes: [Int64] = []
        for chunk in 0..<chunkCount {
            guard let part = found.withLock({ $0[chunk] }) else { continue }
            attempts += part.attempts.map { attempt in
                var moved = attempt
                moved.timesStart += stepTimes.count
                return moved
            }
            stepTimes += part.stepTimes
        }
        return FunnelJourneys(timeline: timeline, attempts: attempts, stepTimes: stepTimes, pages: flat.pages.dictionary)
    }
}

/// Finds a person's furthest attempt (the earliest such) over their matching page views; its buffers are reused from
/// person to person.
struct AttemptFinder {
    let steps: Int
    let window: Int64
    /// The person's matching page views (indices into the flat views) in time order.
    var views: [Int] = []
    /// The furthest step of the last person's attempts, and the positions (in ``views``) of that attempt's steps.
    var best = 0
    var bestPositions: [Int]
    var positions: [Int]
    /// For a long group: for each step k and position j, the first position ≥ j whose page view matches step k, so that
    /// an attempt follows its steps in O(steps) jumps (scanning forward from every start is quadratic in a person's page
    /// views: a crawler with a member cookie would take minutes).
    var nextMatch: [Int32] = []
    /// What the caller keeps of each chunk.
    var attempts: [FunnelJourneys.Attempt] = []
    var stepTimes: [Int64] = []

    init(steps: Int, windowDays: Int) {
        self.steps = steps
        window = Int64(windowDays) * 86_400 * 1_000_000
        bestPositions = Array(repeating: 0, count: steps)
        positions = Array(repeating: 0, count: steps)
    }

    /// Finds the furthest attempt over `group` (indices of flat views, in day and file order), starting only at views
    /// where `opens` holds.
    mutating func find(_ group: UnsafeBufferPointer<Int32>, time: UnsafeBufferPointer<Int64>, masks: UnsafeBufferPointer<UInt64>, opens: UnsafeBufferPointer<Bool>) {
        let size = group.count
        views.removeAll(keepingCapacity: true)
        var sorted = true
        for index in 0..<size {
            views.append(Int(group[index]))
            if index > 0, time[Int(group[index])] < time[Int(group[index - 1])] { sorted = false }
        }
        // Day and file order is nearly always time order already.
        if !sorted { views.sort { (time[$0], $0) < (time[$1], $1) } }
        let long = size > 32
        let steps = self.steps, window = self.window
        if long, nextMatch.count < steps * (size + 1) { nextMatch = Array(repeating: 0, count: steps * (size + 1)) }
        var best = 0
        views.withUnsafeBufferPointer { views in
            nextMatch.withUnsafeMutableBufferPointer { nextMatch in
                positions.withUnsafeMutableBufferPointer { positions in
                    bestPositions.withUnsafeMutableBufferPointer { bestPositions in
                        let stride1 = size + 1
                        if long {
                            for step in 0..<steps { nextMatch[step * stride1 + size] = Int32(size) }
                            for position in stride(from: size - 1, through: 0, by: -1) {
                                let matches = masks[views[position]]
                                for step in 0..<steps {
                                    let slot = step * stride1 + position
                                    nextMatch[slot] = matches & (1 << UInt64(step)) != 0 ? Int32(position) : nextMatch[slot + 1]
                                }
                            }
                        }
                        for position in 0..<size where opens[views[position]] {
                            let start = time[views[position]]
                            positions[0] = position
                            var reached = 1
                            while reached < steps {
                                let after = positions[reached - 1] + 1
                                var next = size
                                if long {
                                    next = Int(nextMatch[reached * stride1 + after])
                                } else {
                                    let bit = UInt64(1) << UInt64(reached)
                                    var candidate = after
                                    while candidate < size, time[views[candidate]] - start <= window {
                                        if masks[views[candidate]] & bit != 0 {
                                            next = candidate
                                            break
                                        }
                                        candidate += 1
                                    }
                                }
                                guard next < size, time[views[next]] - start <= window else { break }
                                positions[reached] = next
                                reached += 1
                            }
                            if reached > best {
                                best = reached
                                for step in 0..<reached { bestPositions[step] = positions[step] }
                            }
                            if reached == steps { break }
                        }
                    }
                }
            }
        }
        self.best = best
    }
}
