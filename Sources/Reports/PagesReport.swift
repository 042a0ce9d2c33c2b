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
        let folder = try store.requirePublishedFolder()
        let selected: Set<String>? = query.filtersVisits ? Set(try VisitColumns.load(from: store, query: query).visitId) : nil
        struct Tally {
            var content: String?
            var pageViews = 0
            var visits = Set<String>()
            var entries = 0
            var exits = 0
            var time: Int64 = 0
            var timed = 0
        }
        var tallies: [String: Tally] = [:]
        for day in query.days {
            let path = "\(folder)/pageviews/day=\(day)/part-0.parquet"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try ParquetFileReader(path: path)
            guard case .string(let ids) = try reader.readColumn("visit_id"), case .string(let pages) = try reader.readColumn("page"),
                case .string(let contents) = try reader.readColumn("content"), case .int32(let sequences) = try reader.readColumn("sequence"),
                case .int64(let times) = try reader.readColumn("time_on_page_s")
            else { throw StoreError(path: path, message: "unexpected column types") }
            for row in ids.indices {
                let visit = ids[row] ?? ""
                if let selected, !selected.contains(visit) { continue }
                let page = pages[row] ?? ""
                // Taken out of the dictionary so that its set is uniquely referenced: no copy per page view.
                var tally = tallies.removeValue(forKey: page) ?? Tally(content: contents[row])
                tally.pageViews += 1
                tally.visits.insert(visit)
                if sequences[row] == 1 { tally.entries += 1 }
                if let time = times[row] {
                    tally.time += time
                    tally.timed += 1
                } else {
                    tally.exits += 1  // only a visit's last page view has no time on page
                }
                tallies[page] = tally
            }
        }
        let rows = tallies.map { page, tally in
            Row(
                page: page, content: tally.content, pageViews: tally.pageViews, visits: tally.visits.count, entries: tally.entries,
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
