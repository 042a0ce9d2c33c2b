import Foundation
import LogAnalytics

/// Hands the numbered visits of an ingest to the ``DayWriters`` on a thread of their own, so that
/// the thread that merges and sessionises the log lines does not also turn rows into Parquet columns.
///
/// Visits go over in batches through a short bounded queue (the sessionising thread waits when the
/// writer falls behind, so memory stays bounded). A writing error stops the writer; the next
/// ``add(_:)`` or ``finish()`` throws it. ``stop()`` ends the writer without finishing, after an error
/// elsewhere.
final class BackgroundDayWriting: @unchecked Sendable {
    /// Visits per batch handed over.
    static let batchSize = 512
    /// Batches waiting at most: 16,384 visits, so that the sessionising thread goes on while the writer
    /// writes a row group (~0.1 s at a busy day's pace; with 8 batches it waited, and the parsing thread
    /// behind it, leaving a core idle at every row group).
    static let depth = 32

    private let writers: DayWriters
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var pending: [VisitBatch] = []
    private var closed = false
    private var writerDone = false
    private var failure: (any Error)?
    /// Filled by the sessionising thread only.
    private var batch = VisitBatch(capacity: batchSize)

    init(writers: DayWriters) {
        self.writers = writers
        let thread = Thread { [self] in write() }
        thread.name = "footfall-day-writers"
        thread.start()
    }

    /// Queues `visit` for writing.
    ///
    /// - Throws: the writer's error, if it has stopped on one.
    func add(_ visit: consuming NumberedVisit) throws {
        batch.append(visit)
        if batch.isFull { try send() }
    }

    /// Writes what is queued and waits for the writer to end.
    ///
    /// - Throws: the writer's error, if it stopped on one.
    func finish() throws {
        try send()
        try waitForWriter(closing: true)
    }

    /// Ends the writer, dropping what is queued (after an error elsewhere).
    func stop() {
        condition.lock()
        pending.removeAll()
        closed = true
        condition.broadcast()
        while !writerDone { condition.wait() }
        condition.unlock()
    }

    private func send() throws {
        guard !batch.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while pending.count >= Self.depth, failure == nil, !writerDone { condition.wait() }
        if let failure { throw failure }
        pending.append(batch)
        condition.broadcast()
        batch = VisitBatch(capacity: Self.batchSize)
    }

    private func waitForWriter(closing: Bool) throws {
        condition.lock()
        defer { condition.unlock() }
        if closing { closed = true }
        condition.broadcast()
        while !writerDone { condition.wait() }
        if let failure { throw failure }
    }

    /// The writer thread: takes batches until the queue is closed and empty, or an error.
    private func write() {
        while true {
            condition.lock()
            while pending.isEmpty, !closed { condition.wait() }
            guard !pending.isEmpty else {
                writerDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let next = pending.removeFirst()
            condition.broadcast()
            condition.unlock()
            do {
                while let visit = next.takeNext() { try writers.add(visit) }
            } catch {
                condition.lock()
                failure = error
                writerDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }
}
