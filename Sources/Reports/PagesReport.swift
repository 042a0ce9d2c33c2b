import Foundation
public import FootfallStore
import LogAnalytics
import ParquetStore

/// The `pages` report (SPEC §8): per page, page views, visits that saw it, entries, exits and the average
/// time on page (the last page view of a visit has no time on page and is left out, SPEC §4).
public struct PagesReport: Sendable {
    public struct Row: Sendable, Equatable {
        public var page: String
        public var content: String?
        public var pageViews = 0
        public var visits = 0
        public var entries = 0
        public var exits = 0
        public var averageTimeOnPageSeconds = 0.0
    }

    /// Pages listed.
    public static let listLength = 50

    public var query: ReportQuery
    public var rows: [Row]

    public static func make(store: Store, query: ReportQuery) throws -> PagesReport {
        let views = try PageViewColumns.load(from: store, query: query, columns: ["page", "content", "sequence", "time_on_page_s"])
        struct Tally {
            var content: Int32 = -1
            var pageViews = 0
            var visits = 0
            var entries = 0
            var exits = 0
            var time: Int64 = 0
            var timed = 0
        }
        var byCode = [Tally](repeating: Tally(), count: views.page.dictionary.count)
        // A visit's page views are one run starting at sequence 1: a page counts a visit at its first view in the run.
        var seenInVisit: [Int32] = []
        for row in 0..<views.count {
            if views.sequence[row] == 1 { seenInVisit.removeAll(keepingCapacity: true) }
            let code = views.page.codes[row]
            guard code >= 0 else { continue }
            var tally = byCode[Int(code)]
            if tally.pageViews == 0 { tally.content = views.content.codes[row] }
            tally.pageViews += 1
            if !seenInVisit.contains(code) {
                seenInVisit.append(code)
                tally.visits += 1
            }
            if views.sequence[row] == 1 { tally.entries += 1 }
            if let time = views.timeOnPage[row] {
                tally.time += time
                tally.timed += 1
            } else {
                tally.exits += 1  // only a visit's last page view has no time on page
            }
            byCode[Int(code)] = tally
        }
        var tallies: [String: (content: String?, pageViews: Int, visits: Int, entries: Int, exits: Int, time: Int64, timed: Int)] = [:]
        for (code, tally) in byCode.enumerated() where tally.pageViews > 0 {
            tallies[views.page.dictionary[code]] = (
                tally.content < 0 ? nil : views.content.dictionary[Int(tally.content)], tally.pageViews, tally.visits, tally.entries,
                tally.exits, tally.time, tally.timed)
        }
        let rows = tallies.map { page, tally in
            Row(
                page: page, content: tally.content, pageViews: tally.pageViews, visits: tally.visits, entries: tally.entries,
                exits: tally.exits, averageTimeOnPageSeconds: tally.timed == 0 ? 0 : Double(tally.time) / Double(tally.timed))
        }.sorted { $0.pageViews != $1.pageViews ? $0.pageViews > $1.pageViews : $0.page < $1.page }
        return PagesReport(query: query, rows: Array(rows.prefix(listLength)))
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("pages")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("pages", .array(rows.map { row in
                .object([
                    ("page", .string(row.page)), ("content", row.content.map(JSONValue.string) ?? .null), ("page_views", .int(row.pageViews)),
                    ("visits", .int(row.visits)), ("entries", .int(row.entries)), ("exits", .int(row.exits)),
                    ("avg_time_on_page_s", .double(row.averageTimeOnPageSeconds)),
                ])
            })),
        ])
    }

    static let headers = ["page views", "visits", "entries", "exits", "avg time s", "page", "content"]

    var tableRows: [[String]] {
        rows.map {
            [String($0.pageViews), String($0.visits), String($0.entries), String($0.exits),
             JSONValue.format(($0.averageTimeOnPageSeconds * 10).rounded() / 10), $0.page, $0.content ?? ""]
        }
    }

    public var tableText: String {
        "pages \(query.from) – \(query.to)\n" + TextTable(headers: Self.headers, rows: tableRows, rightAligned: Set(0...4)).text
    }

    public var csvText: String { CSVWriter.text(headers: ["page_views", "visits", "entries", "exits", "avg_time_on_page_s", "page", "content"], rows: tableRows) }

    public var htmlText: String {
        var page = HTMLPage(title: "Pages \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.barChart(rows.prefix(15).map { ($0.page, Double($0.pageViews)) }, title: "Page views by page"))
        page.sections.append(HTMLPage.table(headers: Self.headers, rows: tableRows, numericColumns: Set(0...4)))
        return page.text
    }
}
