import Foundation
public import FootfallStore
public import LogAnalytics

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
        let visits = try VisitColumns.load(from: store, query: query, columns: ["visit_id", "visitor_key", "page_views", "segment", "path"])
        let selected: Set<String>? = query.filtersVisits ? Set(visits.visitId) : nil
        let pageViews = try PageViewColumns.load(from: store, query: query, visitIds: selected)
        let weeks = Double(max(query.days.count, 1)) / 7
        var rows: [Row] = []
        for segment in Segment.allCases {
            var row = Row(segment: segment)
            var visitors = Set<String>()
            var paths: [[String]: Int] = [:]
            for index in 0..<visits.count where visits.segment[index] == segment.rawValue {
                row.visits += 1
                row.pageViews += visits.pageViews[index]
                visitors.insert(visits.visitorKey[index])
                let path = (try? JSONDecoder().decode([String].self, from: Data(visits.pathJSON[index].utf8))) ?? []
                paths[Array(path.prefix(pathPrefixLength)), default: 0] += 1
            }
            row.visitors = visitors.count
            row.pagesPerVisitor = visitors.isEmpty ? 0 : Double(row.pageViews) / Double(visitors.count)
            row.visitsPerVisitorPerWeek = visitors.isEmpty ? 0 : Double(row.visits) / Double(visitors.count) / weeks
            var content: [String: Double] = [:]
            var categories: [String: Double] = [:]
            var products: [String: Double] = [:]
            for index in 0..<pageViews.count where pageViews.segment[index] == segment.rawValue {
                if let name = pageViews.content[index] { content[name, default: 0] += 1 }
                if let name = pageViews.productCategory[index] { categories[name, default: 0] += 1 }
                if let name = pageViews.product[index] {
                    products[name, default: 0] += ProductInterest.contribution(
                        timeOnPage: pageViews.timeOnPage[index], action: pageViews.interestAction[index],
                        day: pageViews.day[index], endDay: query.to)
                }
            }
            row.topContent = top(content)
            row.topProductCategories = top(categories)
            row.topProducts = top(products)
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
