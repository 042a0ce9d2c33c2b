import Foundation
import LogAnalytics
import ParquetStore

/// One Parquet writer per day and table while an ingest runs; rows are buffered in batches.
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
        var rollup = DailyVisitRollup()
        var items = DailyItemRollup()
    }

    private let folder: String
    private var open: [SiteDay: Day] = [:]
    /// The visitor numbers: the store's, plus those given to keys first met in this run.
    private(set) var numbers: VisitorNumbers
    /// The member numbers: the store's, plus those given to member ids first met in this run.
    private(set) var memberNumbers: MemberNumbers

    init(folder: String, numbers: VisitorNumbers, memberNumbers: MemberNumbers) {
        self.folder = folder
        self.numbers = numbers
        self.memberNumbers = memberNumbers
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

    func add(_ visit: CompletedVisit) throws {
        do {
            try addUnwrapped(visit)
        } catch {
            throw Self.storeError(error, path: folder)
        }
    }

    private func addUnwrapped(_ visit: CompletedVisit) throws {
        try ensure(visit.visit.day)
        let pageViews = visit.pageViews  // made on demand: once
        let number = numbers.number(for: visit.visit.visitorKey)
        open[visit.visit.day]!.visitRows.append(visit.visit)
        open[visit.visit.day]!.visitorNumbers.append(number)
        open[visit.visit.day]!.memberNumbers.append(visit.visit.memberId.map { memberNumbers.number(for: $0) })
        open[visit.visit.day]!.rollup.add(visit.visit, visitorNumber: number)
        open[visit.visit.day]!.items.add(visit.visit, pageViews: pageViews)
        open[visit.visit.day]!.pageViewRows.append(contentsOf: pageViews)
        open[visit.visit.day]!.visitCount += 1
        open[visit.visit.day]!.pageViewCount += pageViews.count
        try flush(visit.visit.day, force: false)
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
            for (table, rowGroups) in [(StoreTable.dailyVisits, [entry.rollup.columns]), (.dailyItems, entry.items.rowGroups)] {
                let rollupPath = Store.file(table, day: day.description, in: folder)
                try StoreFileSystem.makeDirectory((rollupPath as NSString).deletingLastPathComponent)
                let options = StoreTable.writerOptions
                let rollup = try ParquetFileWriter(path: rollupPath, schema: table.schema, options: options)
                for columns in rowGroups {
                    try rollup.append(columns)
                    try rollup.flush()
                }
                _ = try rollup.close()
            }
            counts[day] = (entry.visitCount, entry.pageViewCount)
        }
        open = [:]
        return counts
    }
}
