public import FootfallStore
import LogAnalytics

/// The `profile` report (the case study's Table 2, SPEC §8, §10): for the filtered group, average page
/// views per visitor, average visits per visitor per week, and the top 5 content, product categories
/// (by page views) and products (by interest).
public struct ProfileReport: Sendable {
    /// Items per preference list (SPEC §12.18).
    public static let topCount = 5

    public var query: ReportQuery
    public var visitors = 0
    public var averagePageViewsPerVisitor = 0.0
    public var averageVisitsPerVisitorPerWeek = 0.0
    public var contentPreference: [SegmentsReport.Ranked] = []
    public var productCategoryPreference: [SegmentsReport.Ranked] = []
    public var productPreference: [SegmentsReport.Ranked] = []

    public static func make(store: Store, query: ReportQuery) throws -> ProfileReport {
        let visits = try VisitColumns.load(from: store, query: query, columns: ["visitor_no", "page_views"])
        let bySegment = query.filtersVisits
            ? Preferences.bySegment(try PageViewColumns.load(from: store, query: query, columns: Preferences.pageViewColumns), endDay: query.to)
            : Preferences.bySegment(try DailyRollups.items(from: store, days: query.days, kinds: Preferences.rollupKinds), endDay: query.to)
        let preferences = Preferences.merged(bySegment.values)
        var report = ProfileReport(query: query)
        var visitors = DistinctNumbers()
        for number in visits.visitorNumber { visitors.insert(number) }
        report.visitors = visitors.count
        let totalPageViews = visits.pageViews.reduce(0) { $0 + Int($1) }
        report.averagePageViewsPerVisitor = OverviewReport.ratio(totalPageViews, visitors.count)
        report.averageVisitsPerVisitorPerWeek = OverviewReport.ratio(visits.count, visitors.count) / (Double(max(query.days.count, 1)) / 7)
        let content = preferences.content, categories = preferences.productCategories, products = preferences.products
        report.contentPreference = SegmentsReport.top(content, count: topCount)
        report.productCategoryPreference = SegmentsReport.top(categories, count: topCount)
        report.productPreference = SegmentsReport.top(products, count: topCount)
        return report
    }

    public var jsonValue: JSONValue {
        func views(_ items: [SegmentsReport.Ranked]) -> JSONValue {
            .array(items.map { .object([("name", .string($0.name)), ("page_views", .int(Int($0.value)))]) })
        }
        return .object([
            ("report", .string("profile")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("visitors", .int(visitors)), ("avg_page_views_per_visitor", .double(averagePageViewsPerVisitor)),
            ("avg_visits_per_visitor_per_week", .double(averageVisitsPerVisitorPerWeek)),
            ("content_preference", views(contentPreference)), ("product_category_preference", views(productCategoryPreference)),
            ("product_preference", .array(productPreference.map { .object([("name", .string($0.name)), ("interest", .double($0.value))]) })),
        ])
    }

    var rows: [[String]] {
        var rows: [[String]] = []
        for rank in 0..<Self.topCount {
            func cell(_ items: [SegmentsReport.Ranked], interest: Bool = false) -> String {
                guard rank < items.count else { return "" }
                return "\(items[rank].name) (\(interest ? JSONValue.format((items[rank].value * 10).rounded() / 10) : String(Int(items[rank].value))))"
            }
            rows.append([String(rank + 1), cell(contentPreference), cell(productCategoryPreference), cell(productPreference, interest: true)])
        }
        return rows
    }

    static let headers = ["rank", "content (page views)", "product category (page views)", "product (interest)"]

    var summary: String {
        "visitors \(visitors), page views per visitor \(JSONValue.format((averagePageViewsPerVisitor * 100).rounded() / 100)), visits per visitor per week \(JSONValue.format((averageVisitsPerVisitorPerWeek * 100).rounded() / 100))"
    }

    public var tableText: String {
        let filters = query.filterValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "profile \(query.from) – \(query.to)" + (filters.isEmpty ? "" : "  [\(TextTable.sanitized(filters))]") + "\n" + summary + "\n"
            + TextTable(headers: Self.headers, rows: rows, rightAligned: [0]).text
    }

    public var csvText: String { CSVWriter.text(headers: ["rank", "content", "product_category", "product"], rows: rows) }

    public var htmlText: String {
        var page = HTMLPage(title: "Profile \(query.from) – \(query.to)")
        page.sections.append("<p>\(HTMLPage.escape(summary))</p>")
        page.sections.append(HTMLPage.barChart(productPreference.map { ($0.name, $0.value) }, title: "Product preference (interest)"))
        page.sections.append(HTMLPage.table(headers: Self.headers, rows: rows, numericColumns: [0]))
        return page.text
    }
}
