import Foundation
public import FootfallStore
public import LogAnalytics
public import ParquetStore

/// The columns of the `pageviews` table a report needs, for the days of a range, as parallel arrays
/// (text as codes, see ``VisitColumns``). Columns not asked for stay empty.
///
/// Under a visit filter only the page views of the visits that pass it are kept. They are found
/// without visit ids: the store writes a day's page views visit by visit, in the order of the
/// day's `visits` rows, each visit's run starting at `sequence` 1 (docs/STORE.md).
public struct PageViewColumns: Sendable {
    public var day: [SiteDay] = []
    public var segment = ParquetStringCodes()
    public var page = ParquetStringCodes()
    public var content = ParquetStringCodes()
    public var productCategory = ParquetStringCodes()
    public var product = ParquetStringCodes()
    public var sequence: [Int32] = []
    public var timeOnPage: [Int64?] = []
    public var interestAction: [Double] = []
    public var timestamp: [Int64] = []
    public var siteOffset: [Int32] = []

    public var count: Int { day.count }

    /// Reads the page views of `query`'s days (only those of the visits passing its filters).
    public static func load(from store: Store, query: ReportQuery, columns wanted: Set<String>) throws -> PageViewColumns {
        _ = try store.requirePublishedFolder()
        let reading = query.filtersVisits ? wanted.union(["sequence"]) : wanted
        return try DayParallelLoad.load(days: query.days, empty: PageViewColumns()) { result, day in
            guard let reader = try store.openDayFile(.pageviews, day: day.description) else { return }
            let path = reader.path
            let start = result.count
            try result.append(day, from: reader, wanted: reading)
            if query.filtersVisits {
                guard let visits = try store.openDayFile(.visits, day: day.description) else {
                    throw StoreError(path: path, message: "has no visits file beside it", hint: "The store is damaged: run footfall store check")
                }
                let mask = try VisitColumns.filterMask(visits, day: day, query: query)
                try result.keepRows(from: start, visitMask: mask, path: path)
            }
        } join: { result, part in
            result.append(contentsOf: part)
        }
    }

    private mutating func append(_ siteDay: SiteDay, from reader: ParquetFileReader, wanted: Set<String>) throws {
        let columns = WantedColumnReader(reader: reader, wanted: wanted)
        try columns.read("segment", into: &segment)
        try columns.read("page", into: &page)
        try columns.read("content", into: &content)
        try columns.read("product_category", into: &productCategory)
        try columns.read("product", into: &product)
        try columns.read("sequence", into: &sequence)
        try columns.read("time_on_page_s", into: &timeOnPage)
        try columns.read("interest_action", into: &interestAction)
        try columns.read("ts", into: &timestamp)
        try columns.read("site_offset_s", into: &siteOffset)
        day.append(contentsOf: repeatElement(siteDay, count: Int(reader.rowCount)))
    }

    /// Appends the rows of `other` (later days), its text codes translated into these dictionaries.
    mutating func append(contentsOf other: PageViewColumns) {
        for path in Self.textColumns { self[keyPath: path].append(contentsOf: other[keyPath: path]) }
        sequence.append(contentsOf: other.sequence)
        timeOnPage.append(contentsOf: other.timeOnPage)
        interestAction.append(contentsOf: other.interestAction)
        timestamp.append(contentsOf: other.timestamp)
        siteOffset.append(contentsOf: other.siteOffset)
        day.append(contentsOf: other.day)
    }

    /// The text columns, for the operations done to every column.
    private static var textColumns: [WritableKeyPath<PageViewColumns, ParquetStringCodes>] {
        [\.segment, \.page, \.content, \.productCategory, \.product]
    }

    /// Keeps the rows from `start` on whose visit passes: the n-th run starting at sequence 1 is the
    /// day's n-th visit.
    private mutating func keepRows(from start: Int, visitMask: [Bool], path: String) throws {
        var keep: [Bool] = []
        keep.reserveCapacity(count - start)
        var visit = -1
        for row in start..<count {
            if sequence[row] == 1 { visit += 1 }
            guard visit >= 0, visit < visitMask.count else {
                throw StoreError(path: path, message: "the page views do not line up with the day's visits", hint: "The store may be damaged; re-ingest the day")
            }
            keep.append(visitMask[visit])
        }
        func compact<T>(_ column: inout [T]) { column.keepRows(from: start, where: keep) }
        for path in Self.textColumns { compact(&self[keyPath: path].codes) }
        compact(&sequence)
        compact(&timeOnPage)
        compact(&interestAction)
        compact(&timestamp)
        compact(&siteOffset)
        compact(&day)
    }
}
