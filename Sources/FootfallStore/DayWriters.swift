import Foundation
import LogAnalytics
import ParquetStore

/// One Parquet writer per day for `visits` and `pageviews` while an ingest runs; rows go into column
/// arrays, handed to the writer (which takes them whole) as a row group whenever one is full. Runs on
/// the ingest's writing thread (``BackgroundDayWriting``); numbering and rollups are ``DayRollups``'.
/// Used by one thread at a time (the writing thread, then the caller once it has ended): the hot
/// properties skip dynamic exclusivity checks.
final class DayWriters {
    /// A class, so that the column arrays grow in place: a struct in the dictionary was copied by
    /// `open[day]!.…` accesses, and every array with it.
    private final class Day {
        let visits: ParquetFileWriter
        let pageviews: ParquetFileWriter
        @exclusivity(unchecked) var visitColumns = VisitColumnBuilder()
        @exclusivity(unchecked) var pageViewColumns = PageViewColumnBuilder()
        /// The JSON texts of this day's visits (path codes are forgotten between row groups).
        let visitTexts = VisitTextCodes()
        var visitCount = 0
        var pageViewCount = 0

        init(visits: ParquetFileWriter, pageviews: ParquetFileWriter) {
            self.visits = visits
            self.pageviews = pageviews
        }

        deinit {
            visitColumns.free()
            pageViewColumns.free()
        }
    }

    private let folder: String
    @exclusivity(unchecked) private var open: [SiteDay: Day] = [:]
    /// The codes of the page views' strings and goal lists, shared by every day.
    private let codes = StringCodes()
    private let goalNames = GoalListCodes()
    /// The id of the visit being added.
    @exclusivity(unchecked) private var visitId = VisitIdBytes()

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
        let day = try writers(of: visit.completed.day)
        let pageViews = visit.completed.pageViewCount
        // A row group ends before a visit whose page views would not fit in it, so that the writer takes
        // every row group whole.
        if day.pageViewColumns.count + pageViews > StoreTable.rowGroupRows {
            try write(day.pageViewColumns.take(codes: codes, goalNames: goalNames), to: day.pageviews)
        }
        visitId.make(visitorKey: visit.completed.visitorKey, start: visit.completed.start)
        let numbers = (visitor: visit.visitorNumber, member: visit.memberNumber)
        day.visitColumns.append(visit.completed, numbers: numbers, visitId: visitId.bytes, codes: codes, texts: day.visitTexts)
        day.pageViewColumns.append(visit.completed, numbers: numbers, visitId: visitId.bytes, codes: codes, goalNames: goalNames)
        day.visitCount += 1
        day.pageViewCount += pageViews
        try flush(day, force: false)
    }

    /// Opens the day's writers if needed (a day with hits but no visit gets empty tables).
    func ensure(_ day: SiteDay) throws(StoreError) {
        _ = try writers(of: day)
    }

    private func writers(of day: SiteDay) throws(StoreError) -> Day {
        if let open = open[day] { return open }
        let opened = Day(visits: try writer(.visits, day), pageviews: try writer(.pageviews, day))
        open[day] = opened
        return opened
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

    private func flush(_ day: Day, force: Bool) throws {
        let rows = StoreTable.rowGroupRows
        if day.visitColumns.count > 0, force || day.visitColumns.count >= rows {
            try write(day.visitColumns.take(codes: codes, texts: day.visitTexts), to: day.visits)
            day.visitTexts.forgetPathsIfMany()
        }
        if day.pageViewColumns.count > 0, force || day.pageViewColumns.count >= rows {
            try write(day.pageViewColumns.take(codes: codes, goalNames: goalNames), to: day.pageviews)
        }
    }

    /// Writes `columns` as a row group of their own (the writer takes the arrays without copying them).
    private func write(_ columns: [ParquetColumnValues], to writer: ParquetFileWriter) throws {
        try writer.append(columns)
        try writer.flush()
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
        for (day, entry) in open {
            try flush(entry, force: true)
            _ = try entry.visits.close()
            _ = try entry.pageviews.close()
            counts[day] = (entry.visitCount, entry.pageViewCount)
        }
        open = [:]
        return counts
    }
}
