import Foundation
import HeapModule

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
}

/// Reads several log files at once (one per web server) and hands out their events merged by
/// timestamp (SPEC §1), tolerating lines out of order by up to `reorderWindow` seconds within a file.
///
/// Each file is read on its own thread (which also inflates on a second one) into a bounded queue
/// of event batches. The calling thread merges: an event is released once every file still being
/// read has got more than `reorderWindow` seconds past it. Memory is bounded by the queues and by
/// the events inside the window, not by the size of the files.
public final class MergedLogReader<Builder: HitEventBuilder> {
    /// Events per batch handed from a file's thread to the merge.
    public static var batchSize: Int { 4096 }
    /// Batches a file's thread may have waiting.
    public static var queueDepth: Int { 4 }

    private let inputs: [LogInput]
    private let builders: [Builder]
    private let options: ReadOptions
    private let rules: HitRules
    private let reorderWindow: Int64

    /// Events that arrived later than the reorder window allowed; they are still used, in arrival order.
    public private(set) var lateEvents = 0
    /// The most events waiting in the merge at once.
    public private(set) var peakPendingEvents = 0

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
    /// - Returns: one report per input, in input order.
    /// - Throws: the first file's ``LogIngestError`` (after stopping the other files), or `body`'s error.
    public func run(_ body: (Builder.Event) throws -> Void) throws -> [FileReadReport] {
        let queues = inputs.indices.map { _ in BatchQueue<Builder.Event>(depth: Self.queueDepth) }
        var threads: [Thread] = []
        for index in inputs.indices {
            let input = inputs[index]
            let builder = UncheckedBox(builders[index])
            let queue = queues[index]
            let options = self.options
            let rules = self.rules
            let batchSize = Self.batchSize
            let thread = Thread {
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
                    if !batch.isEmpty { _ = queue.put(batch) }
                    queue.finish(.success(report))
                } catch let error as LogIngestError {
                    queue.finish(.failure(error))
                } catch {
                    queue.finish(.failure(LogIngestError(.io, file: input.path, message: "stopped")))
                }
            }
            thread.stackSize = 1 << 20
            threads.append(thread)
        }
        for thread in threads { thread.start() }
        defer {
            for queue in queues { queue.cancel() }
            for queue in queues { queue.waitUntilFinished() }
        }
        return try merge(queues, body)
    }

    private func merge(_ queues: [BatchQueue<Builder.Event>], _ body: (Builder.Event) throws -> Void) throws -> [FileReadReport] {
        var pending = EventHeap<Builder.Event>()
        var newest = [Int64](repeating: .min, count: queues.count)
        var open = Array(queues.indices)
        var reports = [FileReadReport?](repeating: nil, count: queues.count)
        var released: Int64 = .min
        var sequence = 0

        while !open.isEmpty {
            // Pull from the file that holds the merge back: the one read least far.
            let slowest = open.min { newest[$0] < newest[$1] }!
            switch queues[slowest].take() {
            case .batch(let events):
                for event in events {
                    if event.timestamp > newest[slowest] { newest[slowest] = event.timestamp }
                    if event.timestamp < released { lateEvents += 1 }
                    pending.push(event, sequence: sequence)
                    sequence += 1
                }
            case .finished(.success(let report)):
                reports[slowest] = report
                open.removeAll { $0 == slowest }
            case .finished(.failure(let error)):
                throw error
            }
            peakPendingEvents = max(peakPendingEvents, pending.count)
            // Nothing is released while a file still being read has delivered nothing: its first
            // events may be the earliest of all.
            let lowest = open.map { newest[$0] }.min() ?? .max
            let watermark: Int64 = open.isEmpty ? .max : (lowest == .min ? .min : lowest - reorderWindow)
            while let top = pending.peekTimestamp, top <= watermark {
                let event = pending.pop()!
                if event.timestamp > released { released = event.timestamp }
                try body(event)
            }
        }
        while let event = pending.pop() { try body(event) }
        return reports.map { $0! }
    }
}

/// A min-heap of events by (timestamp, arrival), so that equal times keep their arrival order.
///
/// The heap holds plain (time, arrival, slot) entries and the events wait in a slot array: sifting
/// then moves no reference-counted values (measured: sifting entries that held the events was 9 %
/// of a sessions run, all of it retains).
struct EventHeap<Event: TimedEvent> {
    private struct Entry: Comparable {
        var time: Int64
        var sequence: Int
        var slot: Int32

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
        }
    }

    private var heap = Heap<Entry>()
    private var slots: [Event?] = []
    private var freeSlots: [Int32] = []

    var peekTimestamp: Int64? { heap.min?.time }

    var count: Int { heap.count }

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

    mutating func pop() -> Event? {
        guard let entry = heap.popMin() else { return nil }
        let event = slots[Int(entry.slot)].take()
        freeSlots.append(entry.slot)
        return event
    }
}

/// A bounded queue of event batches from one file's thread to the merge.
final class BatchQueue<Event>: @unchecked Sendable {
    enum Item {
        case batch([Event])
        case finished(Result<FileReadReport, LogIngestError>)
    }

    private let condition = NSCondition()
    private let depth: Int
    private var items: [Item] = []
    private var cancelled = false
    private var done = false

    init(depth: Int) {
        self.depth = depth
    }

    /// Adds a batch, waiting while the queue is full; `false` when the merge has stopped.
    func put(_ batch: [Event]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= depth, !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(.batch(batch))
        condition.broadcast()
        return true
    }

    func finish(_ result: Result<FileReadReport, LogIngestError>) {
        condition.lock()
        items.append(.finished(result))
        done = true
        condition.broadcast()
        condition.unlock()
    }

    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilFinished() {
        condition.lock()
        while !done { condition.wait() }
        condition.unlock()
    }
}

/// Moves a non-Sendable reference into a thread that alone uses it.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
