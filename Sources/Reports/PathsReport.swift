import Foundation
public import FootfallStore
import LogAnalytics
import ParquetStore

/// The `paths` report (SPEC §5, §10, §12.10, §12.18): the most frequent first-3-page prefixes of visits'
/// collapsed paths, page-to-page transitions, entry and exit pages.
public struct PathsReport: Sendable {
    /// Items listed per list (SPEC §12.18: at least the top 10).
    public static let listLength = 20

    public var query: ReportQuery
    public var topPaths: [(path: [String], visits: Int)]
    public var transitions: [(from: String, to: String, count: Int)]
    public var entryPages: [(page: String, visits: Int)]
    public var exitPages: [(page: String, visits: Int)]

    /// Computes the report: from the `daily_items` rollup (`path_prefix`, `transition`, `entry_page`,
    /// `exit_page`) when no visit filter is set, from the paths of the visits that pass it otherwise.
    public static func make(store: Store, query: ReportQuery) throws -> PathsReport {
        query.filtersVisits ? try fromVisits(store: store, query: query) : try fromRollups(store: store, query: query)
    }

    static func fromRollups(store: Store, query: ReportQuery) throws -> PathsReport {
        let items = try DailyRollups.items(from: store, days: query.days, kinds: ["path_prefix", "transition", "entry_page", "exit_page"])
        // Counts per (kind, name) code first; each distinct name is parsed once.
        let kinds = items.kind.dictionary.count
        var counts = [[Int]](repeating: [Int](repeating: 0, count: items.name.dictionary.count), count: kinds)
        for row in 0..<items.count.count where items.kind.codes[row] >= 0 && items.name.codes[row] >= 0 {
            counts[Int(items.kind.codes[row])][Int(items.name.codes[row])] += Int(items.count[row])
        }
        var prefixes: [[String]: Int] = [:]
        var transitions: [[String]: Int] = [:]
        var entries: [String: Int] = [:]
        var exits: [String: Int] = [:]
        for (kind, perName) in counts.enumerated() {
            for (code, count) in perName.enumerated() where count > 0 {
                let name = items.name.dictionary[code]
                switch items.kind.dictionary[kind] {
                case "path_prefix": prefixes[JSONText.stringArray(name), default: 0] += count
                case "transition": transitions[JSONText.stringArray(name), default: 0] += count
                case "entry_page": entries[name, default: 0] += count
                case "exit_page": exits[name, default: 0] += count
                default: break
                }
            }
        }
        return ranked(query: query, prefixes: prefixes, transitions: transitions, entries: entries, exits: exits)
    }

    static func fromVisits(store: Store, query: ReportQuery) throws -> PathsReport {
        let visits = try VisitColumns.load(from: store, query: query, columns: ["path"])
        var prefixes: [[String]: Int] = [:]
        var transitions: [[String]: Int] = [:]
        var entries: [String: Int] = [:]
        var exits: [String: Int] = [:]
        // Visits per distinct path first; each distinct path is parsed once.
        for (code, visitCount) in visits.pathJSON.tallies().enumerated() where visitCount > 0 {
            let path = JSONText.stringArray(visits.pathJSON.dictionary[code])
            guard let first = path.first, let last = path.last else { continue }
            prefixes[Array(path.prefix(SegmentsReport.pathPrefixLength)), default: 0] += visitCount
            for (from, to) in zip(path, path.dropFirst()) { transitions[[from, to], default: 0] += visitCount }
            // The path collapses repeats by page name, so its ends are the first and last page views' pages.
            entries[first, default: 0] += visitCount
            exits[last, default: 0] += visitCount
        }
        return ranked(query: query, prefixes: prefixes, transitions: transitions, entries: entries, exits: exits)
    }

    private static func ranked(
        query: ReportQuery, prefixes: [[String]: Int], transitions: [[String]: Int], entries: [String: Int], exits: [String: Int]
    ) -> PathsReport {
        func ranked<Key>(_ counts: [Key: Int], _ less: (Key, Key) -> Bool) -> [(Key, Int)] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : less($0.key, $1.key) }.prefix(listLength).map { ($0.key, $0.value) }
        }
        return PathsReport(
            query: query,
            topPaths: ranked(prefixes) { $0.lexicographicallyPrecedes($1) }.map { ($0.0, $0.1) },
            transitions: ranked(transitions.filter { $0.key.count == 2 }) { $0.lexicographicallyPrecedes($1) }.map { ($0.0[0], $0.0[1], $0.1) },
            entryPages: ranked(entries, <).map { ($0.0, $0.1) },
            exitPages: ranked(exits, <).map { ($0.0, $0.1) })
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("paths")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("top_paths", .array(topPaths.map { .object([("path", .array($0.path.map(JSONValue.string))), ("visits", .int($0.visits))]) })),
            ("transitions", .array(transitions.map { .object([("from", .string($0.from)), ("to", .string($0.to)), ("count", .int($0.count))]) })),
            ("entry_pages", .array(entryPages.map { .object([("page", .string($0.page)), ("visits", .int($0.visits))]) })),
            ("exit_pages", .array(exitPages.map { .object([("page", .string($0.page)), ("visits", .int($0.visits))]) })),
        ])
    }

    /// The four lists, each page in its own cell (a path's first three pages as three columns).
    func sections(_ format: CellFormat) -> [(title: String, headers: [String], rows: [[String]])] {
        let depth = SegmentsReport.pathPrefixLength
        return [
            ("top paths (first 3 pages)", ["visits", "first page", "second page", "third page"],
             topPaths.map { path in [format.count(path.visits)] + (0..<depth).map { $0 < path.path.count ? path.path[$0] : "" } }),
            ("transitions", ["count", "from", "to"], transitions.map { [format.count($0.count), $0.from, $0.to] }),
            ("entry pages", ["visits", "page"], entryPages.map { [format.count($0.visits), $0.page] }),
            ("exit pages", ["visits", "page"], exitPages.map { [format.count($0.visits), $0.page] }),
        ]
    }

    public var tableText: String {
        TextTable.sanitized(title("Paths")) + "\n"
            + sections(.forPeople).map { "\n" + L($0.title) + "\n" + TextTable(headers: $0.headers.map(L), rows: $0.rows, rightAligned: [0]).text }.joined(separator: "\n")
    }

    /// One table: the list, its count, and up to three pages, one per cell.
    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(
            headers: format.headers(["list", "count", "first page", "second page", "third page"], machine: ["list", "count", "first", "second", "third"]),
            rows: sections(format).flatMap { section in section.rows.map { [format.people ? L(section.title) : section.title] + $0 } })
    }

    public var htmlText: String {
        var page = HTMLPage(title: title("Paths"))
        page.sections.append(HTMLPage.flowChart(transitions.prefix(12).map { ($0.from, $0.to, Double($0.count)) }, title: L("Page-to-page flows")))
        for section in sections(.forPeople) {
            page.sections.append("<h2>\(HTMLPage.escape(L(section.title)))</h2>" + HTMLPage.table(headers: section.headers.map(L), rows: section.rows, numericColumns: [0]))
        }
        return page.text
    }
}
