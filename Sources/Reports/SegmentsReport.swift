import Foundation
public import FootfallStore
public import LogAnalytics
import ParquetStore

/// The `segments` report (SPEC §8, §10, §12.16, §12.18): per segment, visitors, visits, page views,
/// pages per visitor, visits per visitor per week, and the top 3 content categories, product categories,
/// products (by interest) and paths (first-3-page prefixes).
public struct SegmentsReport: Sendable {
    /// A ranked item.
    public struct Ranked: Sendable, Equatable {
        public var name: String
        public var value: Double
    }

    /// One segment's figures.
    public struct Row: Sendable, Equatable {
        public var segment: Segment
        public var visitors = 0
        public var visits = 0
        public var pageViews = 0
        public var pagesPerVisitor = 0.0
        public var visitsPerVisitorPerWeek = 0.0
        public var topContent: [Ranked] = []
        public var topProductCategories: [Ranked] = []
        public var topProducts: [Ranked] = []
        public var topPaths: [(path: [String], visits: Int)] = []

        public static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.segment == rhs.segment && lhs.visits == rhs.visits && lhs.visitors == rhs.visitors && lhs.pageViews == rhs.pageViews
        }
    }

    /// Items listed per ranking (SPEC §12.18).
    public static let topCount = 3
    /// Pages in a path prefix (SPEC §5, §12.10).
    public static let pathPrefixLength = 3

    public var query: ReportQuery
    /// All four segments, in SPEC order.
    public var rows: [Row]

    public static func make(store: Store, query: ReportQuery) throws -> SegmentsReport {
        let visits = try VisitColumns.load(
            from: store, query: query, columns: query.filtersVisits ? ["visitor_no", "page_views", "segment", "path"] : ["visitor_no", "page_views", "segment"])
        let preferences = query.filtersVisits
            ? Preferences.bySegment(try PageViewColumns.load(from: store, query: query, columns: Preferences.pageViewColumns), endDay: query.to)
            : Preferences.bySegment(try DailyRollups.items(from: store, days: query.days, kinds: Preferences.rollupKinds), endDay: query.to)
        let weeks = Double(max(query.days.count, 1)) / 7
        var rows: [Row] = []
        for segment in Segment.allCases {
            var row = Row(segment: segment)
            var visitors = DistinctNumbers()
            guard let code = visits.segment.existingCode(for: segment.rawValue) else {
                rows.append(row)
                continue
            }
            var paths = preferences[segment.rawValue]?.pathPrefixes ?? [:]
            var pathVisits = [Int](repeating: 0, count: visits.pathJSON.dictionary.count)
            for index in 0..<visits.count where visits.segment.codes[index] == code {
                row.visits += 1
                row.pageViews += Int(visits.pageViews[index])
                visitors.insert(visits.visitorNumber[index])
                if query.filtersVisits, visits.pathJSON.codes[index] >= 0 { pathVisits[Int(visits.pathJSON.codes[index])] += 1 }
            }
            for (pathCode, count) in pathVisits.enumerated() where count > 0 {
                paths[Array(JSONText.stringArray(visits.pathJSON.dictionary[pathCode]).prefix(pathPrefixLength)), default: 0] += count
            }
            row.visitors = visitors.count
            row.pagesPerVisitor = visitors.count == 0 ? 0 : Double(row.pageViews) / Double(visitors.count)
            row.visitsPerVisitorPerWeek = visitors.count == 0 ? 0 : Double(row.visits) / Double(visitors.count) / weeks
            row.topContent = top(preferences[segment.rawValue]?.content ?? [:])
            row.topProductCategories = top(preferences[segment.rawValue]?.productCategories ?? [:])
            row.topProducts = top(preferences[segment.rawValue]?.products ?? [:])
            row.topPaths = paths.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
                .prefix(topCount).map { ($0.key, $0.value) }
            rows.append(row)
        }
        return SegmentsReport(query: query, rows: rows)
    }

    /// The `count` largest, ties broken by name so the output is stable.
    static func top(_ values: [String: Double], count: Int = topCount) -> [Ranked] {
        values.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(count).map { Ranked(name: $0.key, value: $0.value) }
    }
}
