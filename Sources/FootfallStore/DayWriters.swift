import Foundation
import LogAnalytics
import ParquetStore

/// One Parquet writer per day for `visits` and `pageviews` while an ingest runs; rows are buffered in
/// batches, and a row group is written whenever one is full. Runs on the ingest's writing thread
/// (``BackgroundDayWriting``); numbering and rollups are ``DayRollups``'.
final class DayWriters {
    private struct Day {
        var visits: ParquetFileWriter
        var pageviews: ParquetFileWriter
        var visitRows: [VisitRow] = []
        var visitorNumbers: [Int32] = []
        var memberNumbers: [Int32?] = []
        var pageViewRows: [PageViewRow] = []
        var visitCount = 0
        var pageViewCount = 0
    }

    private let folder: String
    private var open: [SiteDay: Day] = [:]

    init(folder: String) {
        self.folder = folder
    }

    /// The days that have writers.
    var days: [SiteDay] { Array(open.keys) }

    /// Turns a Parquet writer's error into a store error that says what to do.
    static func storeError(_ error: any Error, path: String) -> StoreError {
        let text = "\(error)"
        if let storeError = error as? StoreError { return storeError }
        let hint = text.contains("No space left")
            ? "The disk is full: free space and run again; the store is unchanged"
            : "Check free space and permissions; the store is unchanged"
        return StoreError(path: path, message: "cannot write the new version (\(text))", hint: hint)
    }

    func add(_ visit: NumberedVisit) throws {
        do {
            try addUnwrapped(visit)
        } catch {
            throw Self.storeError(error, path: folder)
        }
    }

    private func addUnwrapped(_ visit: NumberedVisit) throws {
        let day = visit.visit.day
        try ensure(day)
        open[day]!.visitRows.append(visit.visit)
        open[day]!.visitorNumbers.append(visit.visitorNumber)
        open[day]!.memberNumbers.append(visit.memberNumber)
        open[day]!.pageViewRows.append(contentsOf: visit.pageViews)
        open[day]!.visitCount += 1
        open[day]!.pageViewCount += visit.pageViews.count
        try flush(day, force: false)
    }

    /// Opens the day's writers if needed (a day with hits but no visit gets empty tables).
    func ensure(_ day: SiteDay) throws(StoreError) {
        guard open[day] == nil else { return }
        open[day] = Day(visits: try writer(.visits, day), pageviews: try writer(.pageviews, day))
    }

    private func writer(_ table: StoreTable, _ day: SiteDay) throws(StoreError) -> ParquetFileWriter {
        let path = Store.file(table, day: day.description, in: folder)
        try StoreFileSystem.makeDirectory((path as NSString).deletingLastPathComponent)
        let options = StoreTable.writerOptions
        do {
            return try ParquetFileWriter(path: path, schema: table.schema, options: options)
        } catch {
            throw StoreError(path: path, message: "cannot create (\(error))", hint: "Check free space and permissions; the store is unchanged")
        }
    }

    private func flush(_ day: SiteDay, force: Bool) throws {
        guard var entry = open[day] else { return }
        if !entry.visitRows.isEmpty, force || entry.visitRows.count >= StoreIngest.rowBatch {
            try entry.visits.append(RowColumns.visits(entry.visitRows, visitorNumbers: entry.visitorNumbers, memberNumbers: entry.memberNumbers))
            entry.visitRows.removeAll(keepingCapacity: true)
            entry.visitorNumbers.removeAll(keepingCapacity: true)
            entry.memberNumbers.removeAll(keepingCapacity: true)
        }
        if !entry.pageViewRows.isEmpty, force || entry.pageViewRows.count >= StoreIngest.rowBatch {
            try entry.pageviews.append(RowColumns.pageviews(entry.pageViewRows))
            entry.pageViewRows.removeAll(keepingCapacity: true)
        }
        open[day] = entry
    }

    /// Writes what is buffered and closes every file; returns the row counts per day.
    func close() throws(StoreError) -> [SiteDay: (visits: Int, pageViews: Int)] {
        do {
            return try closeUnwrapped()
        } catch {
            throw Self.storeError(error, path: folder)
        }
    }

    private func closeUnwrapped() throws -> [SiteDay: (visits: Int, pageViews: Int)] {
        var counts: [SiteDay: (Int, Int)] = [:]
        for day in open.keys {
            try flush(day, force: true)
            let entry = open[day]!
            _ = try entry.visits.close()
            _ = try entry.pageviews.close()
            counts[day] = (entry.visitCount, entry.pageViewCount)
        }
        open = [:]
        return counts
    }
}
