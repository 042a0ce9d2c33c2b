import Foundation
public import FootfallStore
public import LogAnalytics
public import ParquetStore

/// The columns of the `visits` table a report needs, for the days of a range, as parallel arrays.
///
/// Text columns are held as codes into a dictionary of their distinct values
/// (``ParquetStringCodes``), so that a report counts by code with plain arrays and makes one string
/// per distinct value, not one per row. Columns not asked for are not read and stay empty.
public struct VisitColumns: Sendable {
    /// The day of each row (rows come day by day, in order).
    public var day: [SiteDay] = []
    /// Each row's position in its day's `visits` file, which is also the rank of its run of page views
    /// in the day's `pageviews` file (docs/STORE.md).
    public var ordinal: [Int32] = []
    public var visitId = ParquetStringCodes()
    /// The visit's page path as JSON text (an array of page names).
    public var pathJSON = ParquetStringCodes()
    /// Funnel steps reached, as JSON text (`{"funnel": steps}`).
    public var funnelJSON = ParquetStringCodes()
    /// Goals reached, as JSON text (an array of goal names).
    public var goalsJSON = ParquetStringCodes()
    public var source = ParquetStringCodes()
    public var medium = ParquetStringCodes()
    public var visitorKey = ParquetStringCodes()
    /// The visitor's number (`visitor_no`): distinct visitors are distinct numbers.
    public var visitorNumber: [Int32] = []
    public var memberId = ParquetStringCodes()
    /// The member's number (`member_no`), -1 for a visit without a member id: distinct members are
    /// distinct numbers (``FootfallStore/StoredMemberNumbers`` finds the number of an id).
    public var memberNumber: [Int32] = []
    public var loggedIn: [Bool] = []
    public var firstVisit: [Bool] = []
    public var pageViews: [Int32] = []
    /// The visit's first page view, microseconds since 1970 (UTC).
    public var start: [Int64] = []
    public var durationSeconds: [Int64] = []
    public var bounce: [Bool] = []
    public var device = ParquetStringCodes()
    public var segment = ParquetStringCodes()
    public var grade = ParquetStringCodes()
    public var gender = ParquetStringCodes()
    public var birthYear: [Int32?] = []
    public var channel = ParquetStringCodes()
    public var campaign = ParquetStringCodes()
    public var searchEngine = ParquetStringCodes()
    public var keyword = ParquetStringCodes()
    public var referrerHost = ParquetStringCodes()

    public var count: Int { day.count }

    /// Every column this type can load.
    public static let allColumns: Set<String> = [
        "visit_id", "path", "funnel_steps", "goals", "source", "medium", "visitor_key", "visitor_no", "member_id", "member_no", "logged_in",
        "first_visit", "page_views", "start", "duration_s", "bounce", "device", "segment", "grade", "gender", "birth_year", "channel",
        "campaign", "search_engine", "keyword", "referrer_host",
    ]

    /// The columns the visit filters read.
    static let filterColumns: Set<String> = ["segment", "grade", "gender", "birth_year", "device", "channel", "campaign"]

    /// Reads the visits of `query`'s days from the published version of `store`, keeping those that pass
    /// its filters.
    ///
    /// - Parameter columns: the columns the caller uses (`nil`: all). Columns not asked for stay empty;
    ///   the filter columns are read when the query filters.
    public static func load(from store: Store, query: ReportQuery, columns: Set<String>? = nil) throws -> VisitColumns {
        _ = try store.requirePublishedFolder()
        var wanted = columns ?? allColumns
        if query.filtersVisits { wanted.formUnion(filterColumns) }
        let chosen = wanted
        return try DayParallelLoad.load(days: query.days, empty: VisitColumns()) { result, day in
            guard let reader = try store.openDayFile(.visits, day: day.description) else { return }
            try result.append(day, from: reader, wanted: chosen)
            if query.filtersVisits { result.keepRows(from: result.count - Int(reader.rowCount), passing: query) }
        } join: { result, part in
            result.append(contentsOf: part)
        }
    }

    mutating func append(_ siteDay: SiteDay, from reader: ParquetFileReader, wanted: Set<String>) throws {
        let columns = WantedColumnReader(reader: reader, wanted: wanted)
        try columns.read("visit_id", into: &visitId)
        try columns.read("path", into: &pathJSON)
        try columns.read("funnel_steps", into: &funnelJSON)
        try columns.read("goals", into: &goalsJSON)
        try columns.read("source", into: &source)
        try columns.read("medium", into: &medium)
        try columns.read("visitor_key", into: &visitorKey)
        try columns.read("visitor_no", into: &visitorNumber)
        try columns.read("member_id", into: &memberId)
        try columns.read("member_no", into: &memberNumber, nullsAs: -1)
        try columns.read("logged_in", into: &loggedIn)
        try columns.read("first_visit", into: &firstVisit)
        try columns.read("page_views", into: &pageViews)
        try columns.read("start", into: &start)
        try columns.read("duration_s", into: &durationSeconds)
        try columns.read("bounce", into: &bounce)
        try columns.read("device", into: &device)
        try columns.read("segment", into: &segment)
        try columns.read("grade", into: &grade)
        try columns.read("gender", into: &gender)
        try columns.read("birth_year", into: &birthYear)
        try columns.read("channel", into: &channel)
        try columns.read("campaign", into: &campaign)
        try columns.read("search_engine", into: &searchEngine)
        try columns.read("keyword", into: &keyword)
        try columns.read("referrer_host", into: &referrerHost)
        day.append(contentsOf: repeatElement(siteDay, count: Int(reader.rowCount)))
        ordinal.append(contentsOf: 0..<Int32(reader.rowCount))
    }

    /// Appends the rows of `other` (later days), its text codes translated into these dictionaries.
    mutating func append(contentsOf other: VisitColumns) {
        for path in Self.textColumns { self[keyPath: path].append(contentsOf: other[keyPath: path]) }
        visitorNumber.append(contentsOf: other.visitorNumber)
        memberNumber.append(contentsOf: other.memberNumber)
        loggedIn.append(contentsOf: other.loggedIn)
        firstVisit.append(contentsOf: other.firstVisit)
        pageViews.append(contentsOf: other.pageViews)
        start.append(contentsOf: other.start)
        durationSeconds.append(contentsOf: other.durationSeconds)
        bounce.append(contentsOf: other.bounce)
        birthYear.append(contentsOf: other.birthYear)
        day.append(contentsOf: other.day)
        ordinal.append(contentsOf: other.ordinal)
    }

    /// The text columns, for the operations done to every column.
    private static var textColumns: [WritableKeyPath<VisitColumns, ParquetStringCodes>] {
        [\.visitId, \.pathJSON, \.funnelJSON, \.goalsJSON, \.source, \.medium, \.visitorKey, \.memberId, \.device, \.segment, \.grade,
         \.gender, \.channel, \.campaign, \.searchEngine, \.keyword, \.referrerHost]
    }

    /// The row's visit, to find its page views with ``VisitPageViews``.
    func reference(_ row: Int) -> VisitReference { VisitReference(day: day[row], ordinal: ordinal[row]) }

    /// Whether `row` passes `query`'s visit filters (the filter columns must be loaded).
    func passes(_ row: Int, _ query: ReportQuery, endYear: Int) -> Bool {
        if let wanted = query.segment, segment[row] != wanted.rawValue { return false }
        if let wanted = query.grade, grade[row] != wanted { return false }
        if let wanted = query.gender, gender[row]?.uppercased() != wanted.uppercased() { return false }
        if let ages = query.ages {
            guard let birth = birthYear[row], ages.contains(endYear - Int(birth)) else { return false }
        }
        if let wanted = query.device, device[row] != wanted { return false }
        if let wanted = query.channel, channel[row] != wanted { return false }
        if let wanted = query.campaign, campaign[row] != wanted { return false }
        return true
    }

    /// For each visit of one day's file (in file order), whether it passes `query`'s visit filters.
    static func filterMask(_ reader: ParquetFileReader, day: SiteDay, query: ReportQuery) throws -> [Bool] {
        var visits = VisitColumns()
        try visits.append(day, from: reader, wanted: filterColumns)
        let endYear = query.to.components.year
        return (0..<visits.count).map { visits.passes($0, query, endYear: endYear) }
    }

    /// Drops the rows from `start` on that do not pass `query`'s visit filters.
    private mutating func keepRows(from start: Int, passing query: ReportQuery) {
        let endYear = query.to.components.year
        let keep = (start..<count).map { passes($0, query, endYear: endYear) }
        func compact<T>(_ column: inout [T]) { column.keepRows(from: start, where: keep) }
        for path in Self.textColumns { compact(&self[keyPath: path].codes) }
        compact(&visitorNumber)
        compact(&memberNumber)
        compact(&loggedIn)
        compact(&firstVisit)
        compact(&pageViews)
        compact(&self.start)
        compact(&durationSeconds)
        compact(&bounce)
        compact(&birthYear)
        compact(&day)
        compact(&ordinal)
    }
}

extension ParquetStringCodes {
    /// Rows per code (nulls not counted).
    func tallies(of rows: Range<Int>? = nil) -> [Int] {
        var counts = [Int](repeating: 0, count: dictionary.count)
        for code in codes[rows ?? 0..<codes.count] where code >= 0 { counts[Int(code)] += 1 }
        return counts
    }

    /// Rows per code, where `include` holds.
    func tallies(where include: (Int) -> Bool) -> [Int] {
        var counts = [Int](repeating: 0, count: dictionary.count)
        for row in codes.indices where codes[row] >= 0 && include(row) { counts[Int(codes[row])] += 1 }
        return counts
    }

    /// A function from the codes of `other` to codes of this dictionary (values new to it are added;
    /// the null code stays null): one look-up per distinct value of `other`.
    mutating func translation(of other: ParquetStringCodes) -> @Sendable (Int32) -> Int32 {
        let codes = other.dictionary.map { code(for: $0) }
        return { $0 < 0 ? ParquetStringCodes.null : codes[Int($0)] }
    }

    /// Each dictionary entry run through `transform` once (for JSON columns: parse each distinct text once).
    func decodedDictionary<T>(_ transform: (String) -> T) -> [T] { dictionary.map(transform) }
}

extension Array {
    /// Keeps, of the elements from `start` on, those whose flag in `keep` (indexed from `start`) is set.
    mutating func keepRows(from start: Int, where keep: [Bool]) {
        guard count > start else { return }
        var write = start
        for row in start..<count where keep[row - start] {
            self[write] = self[row]
            write += 1
        }
        removeLast(count - write)
    }
}
