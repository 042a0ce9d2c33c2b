import ByteTables
import CPrefetch
import LogIngest
public import SiteConfig

/// Cuts the time-ordered page views of each visitor key into visits (SPEC §4, §12.6–7), streaming.
///
/// A visit is closed and handed out once its visitor has been idle more than `timeout` seconds, or
/// once the stream has passed the end of its site day; a page view more than `timeout` after the
/// previous one, or on another site day, starts a new visit. Open visits sit in a list ordered by
/// last activity, so closing the idle ones costs O(1) each: memory follows the visitors active at
/// once. What is known per visitor key between visits (seen before, last member id) is one small
/// record per distinct key.
///
/// Used from one thread (the merge's); its hot state opts out of dynamic exclusivity checks, which
/// cost about 3 % of a sessions run.
public final class Sessionizer {
    /// What is known of a visitor key, as plain data (its key, member ids and open page views are
    /// kept in arrays beside it, so that reading and updating a state touches no reference counts).
    private struct VisitorState {
        var seenBefore: Bool
        var firstSeen: SiteDay?
        var lastSeen: SiteDay?
        var lastMemberDay: SiteDay?
        var previousMemberDay: SiteDay?
        /// The first and last day this run saw the key.
        var runFirstDay: SiteDay?
        var runLastDay: SiteDay?
        /// The day of the open visit; `nil` when the key has none.
        var openDay: SiteDay?
        var outOfOrder = false
        var lastActivity: Int64 = 0
        var previous: Int32 = -1
        var next: Int32 = -1
        var newInRun = false
        /// The day a visit of the key passed the page-view limit: the key is taken for a robot's for the rest of
        /// that day (per day, so that a run of several days gives what runs of one day each give).
        var robotDay: SiteDay?
    }

    private let model: SiteModel
    private let context: RowContext
    private let customers: [String: CustomerRecord]
    private let timeout: Int64
    /// Page views after which a visit is taken for a robot's (``SiteConfiguration/maxVisitPageViews``).
    private let maxVisitPageViews: Int
    private let history: any VisitorHistory
    private let emit: (CompletedVisit) -> Void

    @exclusivity(unchecked) private var visitors: [VisitorState] = []
    /// Beside `visitors`, by slot: the key, the last and previous member ids, the open visit's page views.
    @exclusivity(unchecked) private var keys: [String] = []
    @exclusivity(unchecked) private var lastMemberIds: [String?] = []
    @exclusivity(unchecked) private var previousMemberIds: [String?] = []
    @exclusivity(unchecked) private var openEvents: [[PageViewEvent]] = []
    /// Visitor keys → dense slots in `visitors`, when the run reads several files (with one, a key new
    /// to the file's vocabulary is new to the run: no look-up, whose misses in a table of hundreds of
    /// thousands of keys cost about 2 % of an ingest).
    private let index: ByteInterner?
    /// The keys' bytes by slot, for the history updates.
    private let keyBytes = ByteStrings()
    /// The vocabulary of each file's events.
    private let vocabularies: [EventVocabulary]
    /// Per file, its visitor numbers → slots in `visitors` (`-1`: not met yet).
    @exclusivity(unchecked) private var slotsOfFileVisitors: [[Int32]]
    @exclusivity(unchecked) private var head: Int32 = -1
    @exclusivity(unchecked) private var tail: Int32 = -1
    @exclusivity(unchecked) private var currentDay: SiteDay?

    /// Visits open now, and the most at any time (for memory accounting).
    @exclusivity(unchecked) public private(set) var openVisits = 0
    @exclusivity(unchecked) public private(set) var peakOpenVisits = 0
    /// Page views that arrived before the last one of their open visit (kept, sorted into place).
    @exclusivity(unchecked) public private(set) var outOfOrderPageViews = 0
    /// Visitor keys taken for robots because a visit passed the page-view limit, and the page views dropped
    /// with them (that visit's and the key's later ones in the run).
    @exclusivity(unchecked) public private(set) var robotLikeVisitors = 0
    @exclusivity(unchecked) public private(set) var robotLikePageViews = 0

    /// Creates a sessionizer that calls `emit` with each finished visit.
    ///
    /// - Parameter maxVisitPageViews: a visit that reaches more page views is dropped and its key's later
    ///   page views in the run too (docs/SESSIONS.md, "Robot-like visits"), so that memory follows the
    ///   visitors active at once rather than one key's run of requests.
    public init(
        model: SiteModel, catalog: SiteCatalog, timeout: Int, maxVisitPageViews: Int = 10_000, history: any VisitorHistory,
        vocabularies: [EventVocabulary], emit: @escaping (CompletedVisit) -> Void
    ) {
        self.maxVisitPageViews = max(2, maxVisitPageViews)
        self.model = model
        self.vocabularies = vocabularies
        slotsOfFileVisitors = vocabularies.map { _ in [] }
        index = vocabularies.count > 1 ? ByteInterner(capacity: 1 << 16) : nil
        context = RowContext(model: model, vocabularies: vocabularies)
        customers = catalog.customers
        self.timeout = Int64(timeout)
        self.history = history
        self.emit = emit
    }

    /// Adds the next page view (page views come in time order, give or take the reorder window).
    public func add(_ event: PageViewEvent) {
        closeIdle(now: event.timestamp)
        if let currentDay, event.day > currentDay { closeDaysBefore(event.day) }
        if currentDay == nil || event.day > currentDay! { currentDay = event.day }

        let slot = visitorSlot(for: event)
        if let robotDay = visitors[Int(slot)].robotDay, robotDay == event.day {
            robotLikePageViews += 1
            return
        }
        if let openDay = visitors[Int(slot)].openDay {
            if openDay != event.day || event.timestamp - visitors[Int(slot)].lastActivity > timeout {
                close(slot)
            }
        }
        if visitors[Int(slot)].openDay == nil {
            openVisits += 1
            peakOpenVisits = max(peakOpenVisits, openVisits)
            visitors[Int(slot)].lastActivity = event.timestamp
            visitors[Int(slot)].openDay = event.day
        } else {
            unlink(slot)
        }
        if event.timestamp < visitors[Int(slot)].lastActivity {
            visitors[Int(slot)].outOfOrder = true
            outOfOrderPageViews += 1
        }
        // Room for a few page views at once: growing from one by doubling copied most visits' events twice.
        if openEvents[Int(slot)].isEmpty { openEvents[Int(slot)].reserveCapacity(4) }
        openEvents[Int(slot)].append(event)
        visitors[Int(slot)].lastActivity = max(visitors[Int(slot)].lastActivity, event.timestamp)
        append(slot)
        if openEvents[Int(slot)].count > maxVisitPageViews { dropAsRobot(slot) }
    }

    /// Drops the open visit of `slot`, which passed the page-view limit, and marks its key a likely robot.
    private func dropAsRobot(_ slot: Int32) {
        let day = visitors[Int(slot)].openDay
        unlink(slot)
        openVisits -= 1
        robotLikeVisitors += 1
        robotLikePageViews += openEvents[Int(slot)].count
        openEvents[Int(slot)] = []  // the memory goes now
        visitors[Int(slot)].openDay = nil
        visitors[Int(slot)].outOfOrder = false
        visitors[Int(slot)].robotDay = day
    }

    /// Asks for the memory that adding `event` will touch (its visitor's state and open page views), a few
    /// page views before it is added: those are spread over arrays of hundreds of thousands of visitors,
    /// and reading them cold was most of `add`'s time. Changes nothing.
    public func prefetch(_ event: UnsafePointer<PageViewEvent>) {
        let file = Int(event.pointee.file), number = Int(event.pointee.visitor)
        slotsOfFileVisitors[file].withUnsafeBufferPointer { slots in
            guard number < slots.count, slots[number] >= 0 else { return }
            let slot = Int(slots[number])
            visitors.withUnsafeBufferPointer { footfall_prefetch($0.baseAddress! + slot) }
            openEvents.withUnsafeBufferPointer { footfall_prefetch($0.baseAddress! + slot) }
        }
    }

    /// Closes every open visit (end of input).
    public func finish() {
        while head >= 0 { close(head) }
    }

    /// What this run learnt about each visitor key, to merge into the history: the days the run saw it,
    /// and the member ids it linked on those days.
    public var historyUpdates: VisitorHistoryUpdates {
        var updates = VisitorHistoryUpdates()
        updates.reserveCapacity(keys: visitors.count)
        for (slot, state) in visitors.enumerated() {
            guard let first = state.runFirstDay, let last = state.runLastDay else { continue }
            let memberInRun = state.lastMemberDay.map { $0 >= first } ?? false
            let previousInRun = state.previousMemberDay.map { $0 >= first } ?? false
            let entry = VisitorHistoryEntry(
                firstSeen: first, lastSeen: last, lastMemberId: memberInRun ? lastMemberIds[slot] : nil,
                lastMemberDay: memberInRun ? state.lastMemberDay : nil,
                previousMemberId: previousInRun ? previousMemberIds[slot] : nil,
                previousMemberDay: previousInRun ? state.previousMemberDay : nil)
            // The key's bytes from the one buffer of them (`keyBytes`): no key string is touched.
            updates.append(entry, visitorNumber: Int32(slot)) { keyBytes.appendBytes(of: slot, to: &$0) }
        }
        return updates
    }

    /// Distinct visitor keys seen in this run.
    public var visitorCount: Int { visitors.count }

    // MARK: - Open visits, by last activity

    private func closeIdle(now: Int64) {
        while head >= 0, now - visitors[Int(head)].lastActivity > timeout { close(head) }
    }

    private func closeDaysBefore(_ day: SiteDay) {
        // Visits of an earlier day were last active before this day began: they are at the front.
        var slot = head
        while slot >= 0 {
            let next = visitors[Int(slot)].next
            if let openDay = visitors[Int(slot)].openDay, openDay < day { close(slot) }
            slot = next
        }
    }

    private func visitorSlot(for event: PageViewEvent) -> Int32 {
        let file = Int(event.file)
        let number = Int(event.visitor)
        if number < slotsOfFileVisitors[file].count {
            let known = slotsOfFileVisitors[file][number]
            if known >= 0 { return known }
        } else {
            slotsOfFileVisitors[file].append(contentsOf: repeatElement(-1, count: number + 1 - slotsOfFileVisitors[file].count))
        }
        var key = vocabularies[file].visitorKey(of: event)
        let slot = index.map { index in key.withUTF8 { index.intern($0) } } ?? Int32(visitors.count)
        slotsOfFileVisitors[file][number] = slot
        if slot < visitors.count { return slot }
        key.withUTF8 { keyBytes.append($0) }
        let known = history.entry(for: key, before: event.day)
        visitors.append(
            VisitorState(
                seenBefore: known != nil, firstSeen: known?.firstSeen, lastSeen: known?.lastSeen,
                lastMemberDay: known?.lastMemberDay))
        keys.append(key)
        lastMemberIds.append(known?.lastMemberId)
        previousMemberIds.append(nil)
        openEvents.append([])
        return slot
    }

    private func append(_ slot: Int32) {
        visitors[Int(slot)].previous = tail
        visitors[Int(slot)].next = -1
        if tail >= 0 { visitors[Int(tail)].next = slot } else { head = slot }
        tail = slot
    }

    private func unlink(_ slot: Int32) {
        let previous = visitors[Int(slot)].previous
        let next = visitors[Int(slot)].next
        if previous >= 0 { visitors[Int(previous)].next = next } else { head = next }
        if next >= 0 { visitors[Int(next)].previous = previous } else { tail = previous }
        visitors[Int(slot)].previous = -1
        visitors[Int(slot)].next = -1
    }

    // MARK: - Closing a visit

    private func close(_ slot: Int32) {
        unlink(slot)
        openVisits -= 1
        var events: [PageViewEvent] = []
        swap(&events, &openEvents[Int(slot)])
        visitors[Int(slot)].openDay = nil
        if visitors[Int(slot)].outOfOrder {
            events = events.enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }.map(\.element)
            visitors[Int(slot)].outOfOrder = false
        }
        let visit = makeVisit(
            events, slot: slot, seenBefore: visitors[Int(slot)].seenBefore, lastMemberId: lastMemberIds[Int(slot)])
        // What later visits of this key see.
        let day = visit.day
        visitors[Int(slot)].seenBefore = true
        if visitors[Int(slot)].firstSeen == nil { visitors[Int(slot)].firstSeen = day }
        visitors[Int(slot)].lastSeen = max(visitors[Int(slot)].lastSeen ?? day, day)
        if visitors[Int(slot)].runFirstDay == nil { visitors[Int(slot)].runFirstDay = day }
        visitors[Int(slot)].runLastDay = day
        // The events are read in place, as in `makeVisit`.
        let lastMemberId: String? = events.withUnsafeBufferPointer { events in
            for position in events.indices.reversed() where events[position].member >= 0 {
                return vocabularies[Int(events[position].file)].memberId(of: events.baseAddress! + position)
            }
            return nil
        }
        if let lastMemberId {
            if let previousDay = visitors[Int(slot)].lastMemberDay, previousDay < day {
                previousMemberIds[Int(slot)] = lastMemberIds[Int(slot)]
                visitors[Int(slot)].previousMemberDay = previousDay
            }
            lastMemberIds[Int(slot)] = lastMemberId
            visitors[Int(slot)].lastMemberDay = day
        }
        emit(visit)
    }

    private func makeVisit(_ events: [PageViewEvent], slot: Int32, seenBefore: Bool, lastMemberId: String?) -> CompletedVisit {
        // The events are read in place, field by field: a copy of one retains its strings.
        let (day, channel, ownMember) = events.withUnsafeBufferPointer { events in
            let first = events.baseAddress!
            var ownMember: String?
            for position in events.indices where events[position].member >= 0 {
                ownMember = vocabularies[Int(events[position].file)].memberId(of: first + position)
                break
            }
            return (first.pointee.day, vocabularies[Int(first.pointee.file)].channelKind(of: first), ownMember)
        }
        let memberId = ownMember ?? lastMemberId
        let customer = memberId.flatMap { customers[$0] }
        let segment: Segment
        if memberId != nil {
            segment = customer?.insured == true ? .customer : .member
        } else {
            segment = seenBefore ? .anonymous : .anonymousNew
        }
        return CompletedVisit(
            day: day, segment: segment, firstVisit: !seenBefore, loggedIn: ownMember != nil,
            channel: channel, visitorNumber: slot, visitorKey: keys[Int(slot)],
            memberId: memberId, customer: customer, events: events, context: context)
    }
}
