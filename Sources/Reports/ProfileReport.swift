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

    /// A row per rank: each preference's name and figure in cells of their own.
    func rows(_ format: CellFormat) -> [[String]] {
        (0..<Self.topCount).map { rank in
            func cells(_ items: [SegmentsReport.Ranked], interest: Bool = false) -> [String] {
                guard rank < items.count else { return ["", ""] }
                return [items[rank].name, interest ? format.score(items[rank].value) : format.count(Int(items[rank].value))]
            }
            return [format.count(rank + 1)] + cells(contentPreference) + cells(productCategoryPreference) + cells(productPreference, interest: true)
        }
    }

    static let headers = ["rank", "content", "page views", "product category", "page views", "product", "interest"]
    static let machineHeaders = ["rank", "content", "content_page_views", "product_category", "product_category_page_views", "product", "product_interest"]

    var keyFigures: [(label: String, value: String)] {
        [(L("visitors"), PeopleNumbers.count(visitors)), (L("pages/visitor"), PeopleNumbers.decimal(averagePageViewsPerVisitor)),
         (L("visits/visitor/week"), PeopleNumbers.decimal(averageVisitsPerVisitorPerWeek))]
    }

    public var tableText: String {
        TextTable.sanitized(title("Profile")) + "\n" + keyFigures.map { "\($0.label) \($0.value)" }.joined(separator: ", ") + "\n"
            + TextTable(headers: Self.headers.map(L), rows: rows(.forPeople), rightAligned: [0, 2, 4, 6]).text
    }

    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(headers: format.headers(Self.headers, machine: Self.machineHeaders), rows: rows(format))
    }

    public var htmlText: String {
        var page = HTMLPage(title: title("Profile"))
        page.sections.append(HTMLPage.keyFigures(keyFigures))
        page.sections.append(HTMLPage.barChart(productPreference.map { ($0.name, $0.value) }, title: L("Product preference (interest)"), format: PeopleNumbers.score))
        page.sections.append(HTMLPage.rankings(title: L("Preferences"), lists: [
            (L("content") + " (" + L("page views") + ")", contentPreference.map { ($0.name, PeopleNumbers.count(Int($0.value))) }),
            (L("product category") + " (" + L("page views") + ")", productCategoryPreference.map { ($0.name, PeopleNumbers.count(Int($0.value))) }),
            (L("product") + " (" + L("interest") + ")", productPreference.map { ($0.name, PeopleNumbers.score($0.value)) }),
        ]))
        return page.text
    }
}
