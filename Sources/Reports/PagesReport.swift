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

    /// Computes the report: from the `daily_items` rollup when no visit filter is set, from the page views
    /// of the visits that pass it otherwise. A page's content is the content most of its page views had
    /// (ties: the first by name); with the site's page rules it is the only one.
    public static func make(store: Store, query: ReportQuery) throws -> PagesReport {
        query.filtersVisits ? try fromPageViews(store: store, query: query) : try fromRollups(store: store, query: query)
    }

    /// Per page: page views, visits, entries, exits, seconds on page and the views that have a time on page.
    struct Tally {
        var pageViews = 0
        var visits = 0
        var entries = 0
        var exits = 0
        var time: Int64 = 0
        var timed = 0
        /// Page views per content.
        var contents: [String: Int] = [:]
    }

    /// The unfiltered report, from the `page…`, `entry_page` and `exit_page` rows of `daily_items`.
    static func fromRollups(store: Store, query: ReportQuery) throws -> PagesReport {
        let items = try DailyRollups.items(
            from: store, days: query.days, kinds: ["page", "page_timed", "page_visits", "page_content", "entry_page", "exit_page"])
        var byName = [Tally](repeating: Tally(), count: items.name.dictionary.count)
        let kinds = items.kind.dictionary
        for row in 0..<items.count.count {
            let name = Int(items.name.codes[row])
            let count = Int(items.count[row])
            guard name >= 0, items.kind.codes[row] >= 0 else { continue }
            switch kinds[Int(items.kind.codes[row])] {
            case "page":
                byName[name].pageViews += count
                byName[name].time += Int64(items.weight[row])
            case "page_timed": byName[name].timed += count
            case "page_visits": byName[name].visits += count
            case "entry_page": byName[name].entries += count
            case "exit_page": byName[name].exits += count
            default: break
            }
        }
        var tallies: [String: Tally] = [:]
        for (code, tally) in byName.enumerated() where tally.pageViews > 0 { tallies[items.name.dictionary[code]] = tally }
        // `page_content` names are `[page, content]`: counted per distinct name once.
        var pairs = [Int](repeating: 0, count: items.name.dictionary.count)
        for row in 0..<items.count.count where items.kind.codes[row] >= 0 && kinds[Int(items.kind.codes[row])] == "page_content" {
            pairs[Int(items.name.codes[row])] += Int(items.count[row])
        }
        for (code, count) in pairs.enumerated() where count > 0 {
            let pair = JSONText.stringArray(items.name.dictionary[code])
            guard pair.count == 2 else { continue }
            tallies[pair[0]]?.contents[pair[1], default: 0] += count
        }
        return PagesReport(query: query, rows: ranked(tallies))
    }

    /// The report from the page views of the visits that pass the query's filters.
    static func fromPageViews(store: Store, query: ReportQuery) throws -> PagesReport {
        let views = try PageViewColumns.load(from: store, query: query, columns: ["page", "content", "sequence", "time_on_page_s"])
        var byCode = [Tally](repeating: Tally(), count: views.page.dictionary.count)
        var contents = [[Int32: Int]](repeating: [:], count: views.page.dictionary.count)
        // A visit's page views are one run starting at sequence 1: a page counts a visit at its first view in the run.
        var seenInVisit: [Int32] = []
        for row in 0..<views.count {
            if views.sequence[row] == 1 { seenInVisit.removeAll(keepingCapacity: true) }
            let code = views.page.codes[row]
            guard code >= 0 else { continue }
            var tally = byCode[Int(code)]
            if views.content.codes[row] >= 0 { contents[Int(code)][views.content.codes[row], default: 0] += 1 }
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
        var tallies: [String: Tally] = [:]
        for (code, var tally) in byCode.enumerated() where tally.pageViews > 0 {
            for (content, count) in contents[code] { tally.contents[views.content.dictionary[Int(content)]] = count }
            tallies[views.page.dictionary[code]] = tally
        }
        return PagesReport(query: query, rows: ranked(tallies))
    }

    /// The rows of the most viewed pages.
    static func ranked(_ tallies: [String: Tally]) -> [Row] {
        let rows = tallies.map { (page: String, tally: Tally) -> Row in
            let content = tally.contents.max { (a: (key: String, value: Int), b: (key: String, value: Int)) -> Bool in
                a.value != b.value ? a.value < b.value : a.key > b.key
            }?.key
            let average: Double = tally.timed == 0 ? 0 : Double(tally.time) / Double(tally.timed)
            return Row(
                page: page, content: content, pageViews: tally.pageViews, visits: tally.visits, entries: tally.entries,
                exits: tally.exits, averageTimeOnPageSeconds: average)
        }.sorted { $0.pageViews != $1.pageViews ? $0.pageViews > $1.pageViews : $0.page < $1.page }
        return Array(rows.prefix(listLength))
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

    static let headers = ["page", "content", "page views", "visits", "entries", "exits", "avg time on page"]

    func tableRows(_ format: CellFormat) -> [[String]] {
        rows.map {
            [$0.page, $0.content ?? "", format.count($0.pageViews), format.count($0.visits), format.count($0.entries), format.count($0.exits),
             format.duration($0.averageTimeOnPageSeconds)]
        }
    }

    /// The terminal table; the page first, as people look for it (past 120 columns the content goes first).
    public var tableText: String {
        TextTable.sanitized(title("Pages")) + "\n" + TextTable(headers: Self.headers.map(L), rows: tableRows(.forPeople), rightAligned: Set(2...6)).fitted(dropping: [1, 5])
    }

    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(
            headers: format.headers(Self.headers, machine: ["page", "content", "page_views", "visits", "entries", "exits", "avg_time_on_page_s"]),
            rows: tableRows(format))
    }

    public var htmlText: String {
        var page = HTMLPage(title: title("Pages"))
        page.sections.append(HTMLPage.barChart(rows.prefix(15).map { ($0.page, Double($0.pageViews)) }, title: L("Page views by page")))
        page.sections.append(HTMLPage.table(headers: Self.headers.map(L), rows: tableRows(.forPeople), numericColumns: Set(2...6)))
        return page.text
    }
}
