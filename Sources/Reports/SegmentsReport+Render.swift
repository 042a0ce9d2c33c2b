import Foundation
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

    /// The figures' column heads (the rankings follow, one block or column group per list).
    static let headers = ["segment", "visitors", "visits", "page views", "pages/visitor", "visits/visitor/week"]

    /// The rankings of a row: their heads and their items as (name, figure) pairs.
    static let lists = ["top content", "top product categories", "top products (interest)", "top paths"]

    func ranked(_ row: Row, _ format: CellFormat) -> [[(name: String, value: String)]] {
        [
            row.topContent.map { ($0.name, format.count(Int($0.value))) },
            row.topProductCategories.map { ($0.name, format.count(Int($0.value))) },
            row.topProducts.map { ($0.name, format.score($0.value)) },
            row.topPaths.map { ($0.path.joined(separator: " › "), format.count($0.visits)) },
        ]
    }

    func figureCells(_ row: Row, _ format: CellFormat) -> [String] {
        [format.label(row.segment.rawValue), format.count(row.visitors), format.count(row.visits), format.count(row.pageViews),
         format.decimal(row.pagesPerVisitor), format.decimal(row.visitsPerVisitorPerWeek)]
    }

    /// SPEC §12.2: a visitor counts in every segment they visited as (a first-time visitor who logs in later is
    /// also a member), so the segments' visitors add up to more than the site's.
    static var visitorsNote: String {
        L("A visitor can fall in several segments within a range (a first-time visitor who logs in later is also a member), so the segments' visitors add up to more than the site's visitors.")
    }


    var title: String { title("Segments") }

    /// The terminal table: figures, then one block of rankings per segment.
    public var tableText: String {
        let figures = TextTable(headers: Self.headers.map(L), rows: rows.map { figureCells($0, .forPeople) }, rightAligned: Set(1...5))
        var text = TextTable.sanitized(title) + "\n" + figures.text + "\n" + TextTable.wrapped(Self.visitorsNote)
        for row in rows {
            text += "\n\n" + L(row.segment.rawValue)
            for (head, items) in zip(Self.lists, ranked(row, .forPeople)) {
                text += "\n  " + L(head) + ": " + TextTable.sanitized(items.map { "\($0.name) (\($0.value))" }.joined(separator: ", "))
            }
        }
        return text
    }

    /// One row per segment, one value per cell: each ranking as `top_content_1`, `top_content_1_page_views`, …
    public var csvText: String {
        let format = CellFormat.csv
        var headers = format.headers(Self.headers)
        let machineNames = [("top_content", "page_views"), ("top_product_categories", "page_views"), ("top_products", "interest"), ("top_paths", "visits")]
        for (list, (machine, figure)) in zip(Self.lists, machineNames) {
            for rank in 1...Self.topCount {
                headers += format.people
                    ? [L(list) + " \(rank)", L(list) + " \(rank) " + L(figure.replacingOccurrences(of: "_", with: " "))]
                    : ["\(machine)_\(rank)", "\(machine)_\(rank)_\(figure)"]
            }
        }
        let lines = rows.map { row in
            figureCells(row, format) + ranked(row, format).flatMap { items in
                (0..<Self.topCount).flatMap { index in index < items.count ? [items[index].name, items[index].value] : ["", ""] }
            }
        }
        return CSVWriter.text(headers: headers, rows: lines)
    }

    /// The page: visits by segment, the figures, then a card per segment with its four rankings side by side.
    public var htmlText: String {
        var page = HTMLPage(title: title)
        let segments = ("segment", rows.map(\.segment.rawValue))
        page.sections.append(HTMLPage.barChart(rows.map { (L($0.segment.rawValue), Double($0.visits)) }, title: L("Visits by segment"), filter: segments))
        page.sections.append(HTMLPage.table(
            headers: Self.headers.map(L), rows: rows.map { figureCells($0, .forPeople) }, numericColumns: Set(1...5), filters: [0: segments]))
        page.sections.append("<p class=\"note\">" + HTMLPage.escape(Self.visitorsNote) + "</p>")
        for row in rows {
            page.sections.append(HTMLPage.rankings(title: L(row.segment.rawValue), lists: zip(Self.lists, ranked(row, .forPeople)).map { (L($0.0), $0.1) }))
        }
        return page.text
    }
}

