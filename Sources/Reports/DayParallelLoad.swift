import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore
import Synchronization

/// Loads the days of a range on every core: the days are cut into one contiguous run per core, each
/// run is read into a value of its own, and the values are joined in day order.
///
/// Reading a column is decoding work per row (decompression, RLE, dictionary mapping); days are
/// independent files, so two cores read a range in about half the time. The join costs one look-up
/// per distinct text value of each run (``ParquetStringCodes/append(contentsOf:)``).
enum DayParallelLoad {
    /// Runs at most this many loads at once (the machine's cores).
    static var workers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `load` for each run of `days` (in order, into a fresh `T`), the runs joined with `join`.
    ///
    /// - Throws: the first error of a run, in day order.
    static func load<T: Sendable>(
        days: [SiteDay], empty: @autoclosure () -> T,
        load: @Sendable (inout T, SiteDay) throws -> Void,
        join: (inout T, consuming T) -> Void
    ) throws -> T {
        let runs = runs(of: days, count: workers)
        if runs.count <= 1 {
            var value = empty()
            for day in days { try load(&value, day) }
            return value
        }
        let blank = empty()
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            var value = blank
            let result = Result<T, any Error> {
                for day in runs[index] { try load(&value, day) }
                return value
            }
            results.withLock { $0[index] = result }
        }
        var ordered = try results.withLock { all in try runs.indices.map { try all[$0]!.get() } }
        var value = ordered.removeFirst()
        for part in ordered { join(&value, part) }
        return value
    }

    /// ``load(days:empty:load:join:)`` with each day's file of `table` in the published version of `store`,
    /// opened; days without one are skipped.
    static func loadFiles<T: Sendable>(
        _ table: StoreTable, of store: Store, days: [SiteDay], empty: @autoclosure () -> T,
        load: @Sendable (inout T, SiteDay, ParquetFileReader) throws -> Void,
        join: (inout T, consuming T) -> Void
    ) throws -> T {
        _ = try store.requirePublishedFolder()
        return try self.load(days: days, empty: empty()) { value, day in
            guard let reader = try store.openDayFile(table, day: day.description) else { return }
            try load(&value, day, reader)
        } join: { value, part in
            join(&value, part)
        }
    }

    /// `days` cut into at most `count` contiguous runs of nearly equal length.
    static func runs(of days: [SiteDay], count: Int) -> [ArraySlice<SiteDay>] {
        let parts = min(count, days.count)
        guard parts > 1 else { return [days[...]] }
        return (0..<parts).map { part in days[(days.count * part / parts)..<(days.count * (part + 1) / parts)] }
    }
}
