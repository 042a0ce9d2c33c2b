import Foundation
public import HeapModule

/// An event made from a hit, with the time it happened.
public protocol TimedEvent: Sendable {
    /// Seconds since 1970 UTC.
    var timestamp: Int64 { get }
}

/// Turns the hits of one file into events; one instance per file, used on that file's thread.
public protocol HitEventBuilder: AnyObject {
    associatedtype Event: TimedEvent
    /// Adds the events of `hit` (none, one or more) to `events`.
    func add(_ hit: HitView, to events: inout [Event])
    /// Told, on the file's thread, that the file is read: caches that only speed up `add` can go.
    func finishedReading()
}

extension HitEventBuilder {
    public func finishedReading() {}
}

/// Reads several log files at once (one per web server) and hands out their events merged by
/// timestamp (SPEC §1), tolerating lines out of order by up to `reorderWindow` seconds within a file.
///
/// Each file is read on its own thread (which also inflates on a second one) into a bounded queue
/// of event batches. The calling thread merges: an event is released once every file still being
/// read has got more than `reorderWindow` seconds past it. Memory is bounded by the queues and by
/// the events inside the window, not by the size of the files.
///
/// Files are opened when the merge reaches them, not all at once (issue 18.9: each open file costs its
/// buffers and threads, and a night of hourly logs from a farm of servers is thousands of files): each
/// file's first timestamp is read beforehand (its first chunk only), and a file starts being read when
/// the merge's watermark gets to it. Memory follows the files whose time ranges overlap, not the files
/// given.
public final class MergedLogReader<Builder: HitEventBuilder> {
    /// Events per batch handed from a file's thread to the merge.
    public static var batchSize: Int { 4096 }
    /// Batches a file's thread may have waiting.
    public static var queueDepth: Int { 4 }
    /// How far ahead of the event handed out the `upcoming` event of ``run(upcoming:_:)`` is in its lane.
    @usableFromInline static var upcomingDistance: Int { 4 }

    @usableFromInline let inputs: [LogInput]
    @usableFromInline let builders: [Builder]
    @usableFromInline let options: ReadOptions
    @usableFromInline let rules: HitRules
    @usableFromInline let reorderWindow: Int64

    /// Events that arrived later than the reorder window allowed; they are still used, in arrival order.
    public var lateEvents: Int { lateEventCount }
    /// The most events waiting in the merge at once.
    public var peakPendingEvents: Int { peakPendingCount }
    /// The most files being read at once (a file is opened when the merge reaches its first timestamp).
    public var peakOpenFiles: Int { peakOpenCount }
    @usableFromInline var lateEventCount = 0
    @usableFromInline var peakPendingCount = 0
    @usableFromInline var peakOpenCount = 0

    /// Creates a reader of `inputs`, with one builder per input.
    public init(inputs: [LogInput], builders: [Builder], options: ReadOptions, rules: HitRules, reorderWindow: Int64) {
        precondition(inputs.count == builders.count, "one builder per input")
        self.inputs = inputs
        self.builders = builders
        self.options = options
        self.rules = rules
        self.reorderWindow = reorderWindow
    }

    /// Reads every input to its end, calling `body` with each event in timestamp order.
    ///
    /// Inlinable so that the per-event merge is specialised for the caller's event type.
    ///
    /// - Returns: one report per input, in input order.
    /// - Throws: the first file's ``LogIngestError`` (after stopping the other files), or `body`'s error.
    ///
    /// - Parameter upcoming: called, before each event is handed out, with the event a few places after it in
    ///   its file's queue (if any), so that the caller can ask for the memory that event will touch ahead of
    ///   time (read it, don't keep it).
    @inlinable
    public func run(
        upcoming: (UnsafePointer<Builder.Event>) -> Void = { _ in }, _ body: (Builder.Event) throws -> Void
    ) throws -> [FileReadReport] {
        let queues = inputs.indices.map { _ in BatchQueue<Builder.Event>(depth: Self.queueDepth) }
        let firstTimes = inputs.count > 1 ? inputs.map { LogFileReader.firstTimestamp(of: $0, options: options, rules: rules) } : [nil]
        var started = [Bool](repeating: false, count: inputs.count)
        defer {
            for (index, queue) in queues.enumerated() where started[index] { queue.cancel() }
            for (index, queue) in queues.enumerated() where started[index] { queue.waitUntilFinished() }
        }
        return try merge(queues, firstTimes: firstTimes, upcoming: upcoming, body) { index in
            started[index] = true
            startReading(index, into: queues[index])
        }
    }

    /// Starts the thread that reads input `index` into `queue`.
    ///
    /// Inlinable, so that the per-hit call of the builder is specialised for the caller's builder (not a
    /// protocol witness call, with a retain and release of the builder, per hit).
    @inlinable
    func startReading(_ index: Int, into queue: BatchQueue<Builder.Event>) {
        let input = inputs[index]
        let builder = UncheckedBox(builders[index])
        let options = self.options
        let rules = self.rules
        let batchSize = Self.batchSize
        Self.startThread {
            do {
                let reader = try LogFileReader(options: options, rules: rules)
                var batch: [Builder.Event] = []
                batch.reserveCapacity(batchSize)
                let report = try reader.read(input) { hit in
                    builder.value.add(hit, to: &batch)
                    if batch.count >= batchSize {
                        guard queue.put(batch) else { throw CancellationError() }
                        batch = []
                        batch.reserveCapacity(batchSize)
                    }
                }
                builder.value.finishedReading()
                if !batch.isEmpty { _ = queue.put(batch) }
                queue.finish(.success(report))
            } catch let error as LogIngestError {
                queue.finish(.failure(error))
            } catch {
                queue.finish(.failure(LogIngestError(.io, file: input.path, message: "stopped")))
            }
        }
    }

    /// Runs `body` on a thread of its own (1 MiB of stack).
    @usableFromInline
    static func startThread(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Merges the files' events; `start` begins reading a file, called when the merge needs it: at once for
    /// a file whose first timestamp is unknown, else when the watermark reaches that timestamp.
    @inlinable
    func merge(
        _ queues: [BatchQueue<Builder.Event>], firstTimes: [Int64?], upcoming: (UnsafePointer<Builder.Event>) -> Void,
        _ body: (Builder.Event) throws -> Void, start: (Int) -> Void
    ) throws -> [FileReadReport] {
        var pending = EventMerge<Builder.Event>(files: queues.count)
        var newest = [Int64](repeating: .min, count: queues.count)
        var open: [Int] = []
        // Files not started yet, latest first timestamp first (so the next one is at the end).
        var waiting = queues.indices.filter { firstTimes[$0] != nil }.sorted { (firstTimes[$0]!, $1) > (firstTimes[$1]!, $0) }
        for file in queues.indices where firstTimes[file] == nil {
            start(file)
            open.append(file)
        }
        peakOpenCount = open.count
        var reports = [FileReadReport?](repeating: nil, count: queues.count)
        var released: Int64 = .min

        while !open.isEmpty || !waiting.isEmpty {
            // Pull from the file that holds the merge back: the one read least far; a file not started yet
            // holds it back from its first timestamp on, and starts then.
            var slowest = open.first ?? -1
            for file in open where newest[file] < newest[slowest] { slowest = file }
            if let next = waiting.last, slowest < 0 || firstTimes[next]! <= newest[slowest] {
                waiting.removeLast()
                newest[next] = firstTimes[next]!
                start(next)
                open.append(next)
                peakOpenCount = max(peakOpenCount, open.count)
                continue
            }
            switch queues[slowest].take() {
            case .batch(let events):
                for event in events {
                    let time = event.timestamp
                    if time > newest[slowest] { newest[slowest] = time }
                    if time < released { lateEventCount += 1 }
                    pending.add(event, time: time, file: slowest)
                }
            case .finished(.success(let report)):
                reports[slowest] = report
                open.removeAll { $0 == slowest }
            case .finished(.failure(let error)):
                throw error
            }
            if pending.count > peakPendingCount { peakPendingCount = pending.count }
            // Nothing is released while a file still being read has delivered nothing: its first
            // events may be the earliest of all.
            var lowest = waiting.last.map { firstTimes[$0]! } ?? Int64.max
            for file in open where newest[file] < lowest { lowest = newest[file] }
            let watermark: Int64 = open.isEmpty && waiting.isEmpty ? .max : (lowest == .min ? .min : lowest - reorderWindow)
            while let event = pending.popIfNotAfter(watermark) {
                pending.withUpcoming(Self.upcomingDistance, upcoming)
                let time = event.timestamp
                if time > released { released = time }
                try body(event)
            }
        }
        while let event = pending.popIfNotAfter(.max) { try body(event) }
        return reports.map { $0! }
    }
}

/// The events waiting in the merge: per file, a first-in-first-out lane of the events that arrived in
/// time order (nearly all of them), and one heap for those that did not. Releasing compares the lane
/// heads and the heap top, so an in-order event costs O(files) instead of O(log n).
@usableFromInline
struct EventMerge<Event: TimedEvent> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: Int
        @usableFromInline var event: Event

        @inlinable
        init(time: Int64, sequence: Int, event: Event) {
            self.time = time
            self.sequence = sequence
            self.event = event
        }
    }

    @usableFromInline var lanes: [[Entry]]
    @usableFromInline var heads: [Int]
    /// The lanes that hold events: releasing compares their heads only (a run of thousands of files has
    /// only the files being read, or just read, holding events; comparing every lane cost O(files) per event).
    @usableFromInline var active: [Int] = []
    @usableFromInline var activePosition: [Int]
    @usableFromInline var outOfOrder = EventHeap<Event>()
    @usableFromInline var sequence = 0
    @usableFromInline var count = 0

    @inlinable
    init(files: Int) {
        lanes = Array(repeating: [], count: files)
        heads = Array(repeating: 0, count: files)
        activePosition = Array(repeating: -1, count: files)
    }

    @inlinable
    mutating func add(_ event: Event, time: Int64, file: Int) {
        sequence += 1
        count += 1
        if let last = lanes[file].last, time < last.time, heads[file] < lanes[file].count {
            outOfOrder.push(event, sequence: sequence)
        } else {
            lanes[file].append(Entry(time: time, sequence: sequence, event: event))
            if activePosition[file] < 0 {
                activePosition[file] = active.count
                active.append(file)
            }
        }
    }

    /// The lane of the event popped last.
    @usableFromInline var lastLane = -1

    /// Calls `body` with the event `distance` places after the head of the lane the last event came from (the
    /// lane the next events most likely come from too; every lane's was asked for per event, O(files)).
    @inlinable
    func withUpcoming(_ distance: Int, _ body: (UnsafePointer<Event>) -> Void) {
        let lane = lastLane
        if lane >= 0, heads[lane] + distance < lanes[lane].count {
            lanes[lane].withUnsafeBufferPointer { entries in
                // A pointer to the event in place (a copy would retain its strings).
                let entry = UnsafeRawPointer(entries.baseAddress! + heads[lane] + distance)
                body((entry + MemoryLayout<Entry>.offset(of: \Entry.event)!).assumingMemoryBound(to: Event.self))
            }
        }
    }

    /// Removes and returns the earliest event if its time is not after `limit`.
    @inlinable
    mutating func popIfNotAfter(_ limit: Int64) -> Event? {
        var bestLane = -1
        var bestTime = Int64.max
        var bestSequence = Int.max
        for lane in active where heads[lane] < lanes[lane].count {
            let entry = lanes[lane][heads[lane]]
            if entry.time < bestTime || (entry.time == bestTime && entry.sequence < bestSequence) {
                bestLane = lane
                bestTime = entry.time
                bestSequence = entry.sequence
            }
        }
        if let top = outOfOrder.peek, top.time < bestTime || (top.time == bestTime && top.sequence < bestSequence) {
            guard top.time <= limit else { return nil }
            count -= 1
            return outOfOrder.pop()
        }
        guard bestLane >= 0, bestTime <= limit else { return nil }
        lastLane = bestLane
        let event = lanes[bestLane][heads[bestLane]].event
        heads[bestLane] += 1
        count -= 1
        if heads[bestLane] == lanes[bestLane].count {
            lanes[bestLane].removeAll(keepingCapacity: true)
            heads[bestLane] = 0
            // The lane leaves the active ones (the last one takes its place).
            let position = activePosition[bestLane]
            let moved = active.removeLast()
            if moved != bestLane {
                active[position] = moved
                activePosition[moved] = position
            }
            activePosition[bestLane] = -1
        } else if heads[bestLane] >= 4096, heads[bestLane] * 2 >= lanes[bestLane].count {
            lanes[bestLane].removeFirst(heads[bestLane])
            heads[bestLane] = 0
        }
        return event
    }
}

/// A min-heap of events by (timestamp, arrival), so that equal times keep their arrival order.
///
/// The heap holds plain (time, arrival, slot) entries and the events wait in a slot array: sifting
/// then moves no reference-counted values.
@usableFromInline
struct EventHeap<Event: TimedEvent> {
    @usableFromInline
    struct Entry: Comparable {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: Int
        @usableFromInline var slot: Int32

        @inlinable
        init(time: Int64, sequence: Int, slot: Int32) {
            self.time = time
            self.sequence = sequence
            self.slot = slot
        }

        @inlinable
        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
        }
    }

    @usableFromInline var heap = Heap<Entry>()
    @usableFromInline var slots: [Event?] = []
    @usableFromInline var freeSlots: [Int32] = []

    @inlinable
    init() {}

    @inlinable
    var peek: (time: Int64, sequence: Int)? { heap.min.map { ($0.time, $0.sequence) } }

    @inlinable
    var count: Int { heap.count }

    @inlinable
    mutating func push(_ event: Event, sequence: Int) {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(slot)] = event
        } else {
            slot = Int32(slots.count)
            slots.append(event)
        }
        heap.insert(Entry(time: event.timestamp, sequence: sequence, slot: slot))
    }

    @inlinable
    mutating func pop() -> Event? {
        guard let entry = heap.popMin() else { return nil }
        let event = slots[Int(entry.slot)].take()
        freeSlots.append(entry.slot)
        return event
    }
}

/// A bounded queue of event batches from one file's thread to the merge.
@usableFromInline
final class BatchQueue<Event>: @unchecked Sendable {
    @usableFromInline
    enum Item {
        case batch([Event])
        case finished(Result<FileReadReport, LogIngestError>)
    }

    private let condition = NSCondition()
    private let depth: Int
    private var items: [Item] = []
    private var cancelled = false
    private var done = false

    @usableFromInline
    init(depth: Int) {
        self.depth = depth
    }

    /// Adds a batch, waiting while the queue is full; `false` when the merge has stopped.
    @usableFromInline
    func put(_ batch: [Event]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= depth, !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(.batch(batch))
        condition.broadcast()
        return true
    }

    @usableFromInline
    func finish(_ result: Result<FileReadReport, LogIngestError>) {
        condition.lock()
        items.append(.finished(result))
        done = true
        condition.broadcast()
        condition.unlock()
    }

    @usableFromInline
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    @usableFromInline
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    @usableFromInline
    func waitUntilFinished() {
        condition.lock()
        while !done { condition.wait() }
        condition.unlock()
    }
}

/// Moves a non-Sendable reference into a thread that alone uses it.
@usableFromInline
struct UncheckedBox<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}
