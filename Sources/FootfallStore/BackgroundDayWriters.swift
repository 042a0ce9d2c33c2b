import Foundation
import LogAnalytics

/// Runs ``DayWriters`` on a thread of its own, so that turning rows into Parquet (encoding, GZIP,
/// rollups) overlaps with sessionisation instead of following it on the same thread.
///
/// Visits go over in batches through a bounded queue (memory stays bounded when writing is the slower
/// side). The first write error stops the thread; ``add(_:)`` and ``finish()`` rethrow it.
final class BackgroundDayWriters: @unchecked Sendable {
    /// Visits handed over at once.
    static let batchSize = 512
    /// Batches waiting, at most.
    static let queueDepth = 8

    private let writers: DayWriters
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var queue: [[CompletedVisit]] = []
    private var closed = false
    private var running = true
    private var failure: (any Error)?
    // Only touched by the producing thread:
    private var pending: [CompletedVisit] = []

    init(_ writers: DayWriters) {
        self.writers = writers
        pending.reserveCapacity(Self.batchSize)
        let thread = Thread { [self] in consume() }
        thread.name = "footfall-writer"
        thread.start()
    }

    /// Queues a visit for writing; throws the writer's error if it has failed.
    func add(_ visit: CompletedVisit) throws {
        pending.append(visit)
        if pending.count >= Self.batchSize { try handOver() }
    }

    /// Writes what is queued and stops the thread; rethrows the first write error. Call it once, also
    /// when the run failed (then the queued visits are dropped).
    func finish(discarding: Bool = false) throws {
        condition.lock()
        if discarding { queue.removeAll() } else if !pending.isEmpty, failure == nil { queue.append(pending) }
        pending = []
        closed = true
        condition.broadcast()
        while running { condition.wait() }
        let error = failure
        condition.unlock()
        if let error, !discarding { throw error }
    }

    private func handOver() throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.queueDepth, failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(pending)
        pending = []
        pending.reserveCapacity(Self.batchSize)
        condition.broadcast()
    }

    private func consume() {
        while true {
            condition.lock()
            while queue.isEmpty, !closed { condition.wait() }
            if queue.isEmpty {  // closed and drained
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = queue.removeFirst()
            condition.broadcast()
            let failed = failure != nil
            condition.unlock()
            if failed { continue }
            do {
                for visit in batch { try writers.add(visit) }
            } catch {
                condition.lock()
                failure = error
                queue.removeAll()
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
