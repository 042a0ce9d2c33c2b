import Foundation
import LogAnalytics

/// Hands the numbered visits of an ingest to the ``DayWriters`` on a thread of their own, so that
/// the thread that merges and sessionises the log lines does not also turn rows into Parquet columns.
///
/// Visits go over in batches through a short bounded queue (the sessionising thread waits when the
/// writer falls behind, so memory stays bounded). ``close(ensuring:)`` has the writer thread also give
/// every day its files and close them, while the calling thread writes the rollups; ``waitUntilClosed()``
/// returns the rows written. A writing error stops the writer; the next ``add(_:)``, ``close(ensuring:)``
/// or ``waitUntilClosed()`` throws it. ``stop()`` ends the writer without finishing, after an error elsewhere.
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
    /// The days whose files the writer makes and closes after the last batch (set by ``close(ensuring:)``).
    private var closingDays: [SiteDay]?
    private var written: [SiteDay: (visits: Int, pageViews: Int)] = [:]
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

    /// Queues the last visits and has the writer, once it has written them, make sure each of `days` has
    /// its files and close every file; returns at once (see ``waitUntilClosed()``).
    ///
    /// - Throws: the writer's error, if it has stopped on one.
    func close(ensuring days: [SiteDay]) throws {
        try send()
        condition.lock()
        defer { condition.unlock() }
        closingDays = days
        closed = true
        condition.broadcast()
    }

    /// Waits for the writer to end after ``close(ensuring:)``.
    ///
    /// - Returns: the visits and page views written per day.
    /// - Throws: the writer's error, if it stopped on one.
    func waitUntilClosed() throws -> [SiteDay: (visits: Int, pageViews: Int)] {
        condition.lock()
        defer { condition.unlock() }
        while !writerDone { condition.wait() }
        if let failure { throw failure }
        return written
    }

    /// Ends the writer, dropping what is queued (after an error elsewhere).
    func stop() {
        condition.lock()
        pending.removeAll()
        closingDays = nil  // nothing to close for a staging folder about to be removed
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

    /// The writer thread: takes batches until the queue is closed and empty, or an error.
    private func write() {
        while true {
            condition.lock()
            while pending.isEmpty, !closed { condition.wait() }
            guard !pending.isEmpty else {
                let days = closingDays
                condition.unlock()
                var closeFailure: (any Error)?
                var closedRows: [SiteDay: (visits: Int, pageViews: Int)] = [:]
                if let days {
                    do {
                        for day in days { try writers.ensure(day) }
                        closedRows = try writers.close()
                    } catch {
                        closeFailure = error
                    }
                }
                condition.lock()
                written = closedRows
                failure = closeFailure
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
