public import ParquetStore

/// The tables of the store and their Parquet schemas (docs/STORE.md describes every column).
public enum StoreTable: String, Sendable, CaseIterable {
    /// One row per visit, partitioned by day.
    case visits
    /// One row per page view, partitioned by day.
    case pageviews
    /// Hit counts of each day in long form (hits, bot hits, statuses, e-mail opens, bot agents).
    case dailyHits = "daily_hits"
    /// Visit figures of each day by grouping set (all; segment; segment × channel × device).
    case dailyVisits = "daily_visits"
    /// Page views and visits of each day by segment and named item (content, product category,
    /// product with its interest weight, path prefix).
    case dailyItems = "daily_items"
    /// Interest weights of each day per member and product (and product category), for audiences (SPEC §15).
    case memberInterest = "member_interest"

    /// Tables that days written by an earlier footfall may lack: a day without one is read from the tables it has
    /// (the readers fall back), carried into new versions as it is, and not called damaged for it.
    public static let addedLater: Set<StoreTable> = [.memberInterest]

    /// The schema version written to the manifest; raised when a column changes.
    public static let schemaVersion = 6

    /// The table's columns.
    public var schema: ParquetSchema {
        switch self {
        case .visits: StoreSchemas.visits
        case .pageviews: StoreSchemas.pageviews
        case .dailyHits: StoreSchemas.dailyHits
        case .dailyVisits: DailyVisitRollup.schema
        case .dailyItems: DailyItemRollup.schema
        case .memberInterest: MemberInterestRollup.schema
        }
    }
}

extension StoreTable {
    /// Rows per row group, at most. A row group is written (encoded, compressed) as soon as it is full, on
    /// the ingest's writing thread while the log lines are still being sessionised; only the last one of
    /// each file waits for the end. On the 1M-line benchmark day, 131,072 rows made the ingest 15 % faster
    /// and 30 MB smaller in memory than one row group per file; 65,536 made `pageviews` 6 % bigger for no gain.
    static let rowGroupRows = 131_072

    /// How the store writes every Parquet file: GZIP at level 1 (ISA-L's igzip: on the 5M-line benchmark
    /// day, level 6 made the store 10 % smaller and the ingest 2.4 s of CPU slower; igzip's level 1 is 2.5
    /// times as fast as libdeflate's for 1–2 % bigger pages; BENCHMARKS.md), each file flushed to disk when
    /// closed. The visit ids and visitor keys of `pageviews`, coded by visit and by visitor, may take
    /// dictionaries of up to 8 MiB (a full row group of one-page visits would need about 6 MB, and then
    /// falls back to PLAIN for not paying): a busy day's row group holds ~1.5 MB of distinct visit ids.
    static var writerOptions: ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.gzipLevel = 1
        options.maxRowsPerRowGroup = rowGroupRows
        options.maxDictionaryBytesByColumn = ["visit_id": 8 << 20, "visitor_key": 8 << 20]
        options.synchronizeOnClose = true
        return options
    }
}

enum StoreSchemas {
    static func required(_ name: String, _ type: ParquetColumnType) -> ParquetColumn {
        ParquetColumn(name: name, type: type, optional: false)
    }

    static func optional(_ name: String, _ type: ParquetColumnType) -> ParquetColumn {
        ParquetColumn(name: name, type: type, optional: true)
    }

    // The day is the partition (`day=YYYY-MM-DD` in the path), not a column of the files: Spark and
    // Trino refuse a data file that repeats its partition column.
    static let visits = ParquetSchema([
        required("visit_id", .string), required("visitor_key", .string), required("visitor_no", .int32),
        required("is_fingerprint", .boolean), optional("member_id", .string), optional("member_no", .int32),
        required("logged_in", .boolean),
        required("recognised_member", .boolean), required("segment", .string), required("first_visit", .boolean),
        optional("grade", .string), optional("gender", .string), optional("birth_year", .int32),
        required("start", .timestamp), required("end", .timestamp), required("site_offset_s", .int32),
        required("duration_s", .int64), required("page_views", .int32), required("entry_page", .string),
        required("exit_page", .string), required("bounce", .boolean), required("device", .string),
        required("browser", .string), required("os", .string), required("channel", .string),
        optional("campaign", .string), optional("source", .string), optional("medium", .string),
        optional("search_engine", .string), optional("keyword", .string), optional("referrer_host", .string),
        required("goals", .string), required("funnel_steps", .string), required("path", .string),
    ])

    static let pageviews = ParquetSchema([
        required("visit_id", .string), required("visitor_key", .string),
        optional("member_id", .string), required("segment", .string), required("sequence", .int32),
        required("ts", .timestamp), required("site_offset_s", .int32), required("page", .string),
        required("path", .string), required("query", .string), optional("content", .string),
        optional("product_category", .string), optional("product", .string), required("method", .string),
        required("status", .int32), optional("time_on_page_s", .int64), required("goals", .string),
        required("interest_action", .double), required("device", .string), required("client", .string),
    ])

    static let dailyHits = ParquetSchema([
        required("kind", .string), optional("key", .string), required("count", .int64),
    ])

    static let history = ParquetSchema([
        required("visitor_key", .string), required("first_seen", .date), required("last_seen", .date),
        optional("last_member_id", .string), optional("last_member_day", .date),
        optional("previous_member_id", .string), optional("previous_member_day", .date),
        required("visitor_no", .int32),
    ])
}
