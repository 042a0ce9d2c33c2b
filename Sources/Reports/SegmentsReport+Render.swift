import LogAnalytics

/// The renderings of ``SegmentsReport``.
extension SegmentsReport {
    /// The JSON contract of SPEC §10.
    public var jsonValue: JSONValue {
        .object([
            ("report", .string("segments")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("segments", .array(rows.map { row in
                .object([
                    ("segment", .string(row.segment.rawValue)), ("visitors", .int(row.visitors)), ("visits", .int(row.visits)),
                    ("page_views", .int(row.pageViews)), ("pages_per_visitor", .double(row.pagesPerVisitor)),
                    ("visits_per_visitor_per_week", .double(row.visitsPerVisitorPerWeek)),
                    ("top_content", .array(row.topContent.map { .object([("name", .string($0.name)), ("page_views", .int(Int($0.value)))]) })),
                    ("top_product_categories", .array(row.topProductCategories.map { .object([("name", .string($0.name)), ("page_views", .int(Int($0.value)))]) })),
                    ("top_products", .array(row.topProducts.map { .object([("name", .string($0.name)), ("interest", .double($0.value))]) })),
                    ("top_paths", .array(row.topPaths.map { .object([("path", .array($0.path.map(JSONValue.string))), ("visits", .int($0.visits))]) })),
                ])
            })),
        ])
    }

    static func list(_ items: [Ranked], interest: Bool = false) -> String {
        items.map { "\($0.name) (\(interest ? JSONValue.format(($0.value * 10).rounded() / 10) : String(Int($0.value))))" }.joined(separator: ", ")
    }

    var tableRows: [[String]] {
        rows.map { row in
            [row.segment.rawValue, String(row.visitors), String(row.visits), String(row.pageViews),
             JSONValue.format((row.pagesPerVisitor * 100).rounded() / 100),
             JSONValue.format((row.visitsPerVisitorPerWeek * 100).rounded() / 100),
             Self.list(row.topContent), Self.list(row.topProductCategories), Self.list(row.topProducts, interest: true),
             row.topPaths.map { $0.path.joined(separator: " › ") + " (\($0.visits))" }.joined(separator: "; ")]
        }
    }

    static let headers = [
        "segment", "visitors", "visits", "page views", "pages/visitor", "visits/visitor/week", "top content",
        "top product categories", "top products (interest)", "top paths",
    ]

    /// The terminal table: figures, then one block of rankings per segment.
    public var tableText: String {
        let figures = TextTable(headers: Array(Self.headers.prefix(6)), rows: tableRows.map { Array($0.prefix(6)) }, rightAligned: Set(1...5))
        var text = "segments \(query.from) – \(query.to)\n" + figures.text
        for row in tableRows {
            text += "\n\n\(row[0])\n  top content: \(TextTable.sanitized(row[6]))\n  top product categories: \(TextTable.sanitized(row[7]))"
            text += "\n  top products (interest): \(TextTable.sanitized(row[8]))\n  top paths: \(TextTable.sanitized(row[9]))"
        }
        return text
    }

    public var csvText: String {
        CSVWriter.text(headers: Self.headers.map { String($0.map { $0 == " " || $0 == "/" ? "_" : $0 }) }, rows: tableRows)
    }

    public var htmlText: String {
        var page = HTMLPage(title: "Segments \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.barChart(rows.map { ($0.segment.rawValue, Double($0.visits)) }, title: "Visits by segment"))
        page.sections.append(HTMLPage.table(headers: Self.headers, rows: tableRows, numericColumns: Set(1...5)))
        return page.text
    }
}
