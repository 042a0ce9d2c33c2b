public import FootfallStore
import LogAnalytics

/// The `referrers` report (SPEC §6, §8): visits from search engines with their keywords, from social hosts
/// and from other referring hosts.
public struct ReferrersReport: Sendable {
    /// Items listed per list.
    public static let listLength = 20

    public var query: ReportQuery
    public var searchEngines: [(name: String, visits: Int)]
    public var keywords: [(engine: String, keyword: String, visits: Int)]
    public var social: [(name: String, visits: Int)]
    public var referral: [(name: String, visits: Int)]

    public static func make(store: Store, query: ReportQuery) throws -> ReferrersReport {
        let visits = try VisitColumns.loadReferrers(from: store, query: query)
        var engines: [String: Int] = [:]
        var keywords: [[String]: Int] = [:]
        var social: [String: Int] = [:]
        var referral: [String: Int] = [:]
        for row in visits {
            switch row.channel {
            case "search":
                engines[row.engine ?? "?", default: 0] += 1
                keywords[[row.engine ?? "?", row.keyword ?? ""], default: 0] += 1
            case "social": social[row.host ?? "?", default: 0] += 1
            case "referral": referral[row.host ?? "?", default: 0] += 1
            default: break
            }
        }
        func ranked(_ counts: [String: Int]) -> [(String, Int)] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(listLength).map { ($0.key, $0.value) }
        }
        return ReferrersReport(
            query: query, searchEngines: ranked(engines),
            keywords: keywords.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
                .prefix(listLength).map { ($0.key[0], $0.key[1], $0.value) },
            social: ranked(social), referral: ranked(referral))
    }

    public var jsonValue: JSONValue {
        func list(_ items: [(name: String, visits: Int)], key: String) -> JSONValue {
            .array(items.map { .object([(key, .string($0.name)), ("visits", .int($0.visits))]) })
        }
        return .object([
            ("report", .string("referrers")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("search_engines", list(searchEngines, key: "engine")),
            ("keywords", .array(keywords.map { .object([("engine", .string($0.engine)), ("keyword", .string($0.keyword)), ("visits", .int($0.visits))]) })),
            ("social", list(social, key: "host")), ("referral", list(referral, key: "host")),
        ])
    }

    var sections: [(title: String, headers: [String], rows: [[String]])] {
        [
            ("search engines", ["visits", "engine"], searchEngines.map { [String($0.visits), $0.name] }),
            ("search keywords", ["visits", "engine", "keyword"], keywords.map { [String($0.visits), $0.engine, $0.keyword] }),
            ("social", ["visits", "host"], social.map { [String($0.visits), $0.name] }),
            ("referral", ["visits", "host"], referral.map { [String($0.visits), $0.name] }),
        ]
    }

    public var tableText: String {
        "referrers \(query.from) – \(query.to)\n" + sections.map { "\n\($0.title)\n" + TextTable(headers: $0.headers, rows: $0.rows, rightAligned: [0]).text }.joined(separator: "\n")
    }

    public var csvText: String {
        CSVWriter.text(headers: ["list", "visits", "name", "keyword"], rows: sections.flatMap { section in section.rows.map { [section.title] + $0 } })
    }

    public var htmlText: String {
        var page = HTMLPage(title: "Referrers \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.barChart(searchEngines.map { ($0.name, Double($0.visits)) }, title: "Visits from search engines"))
        for section in sections {
            page.sections.append("<h2>\(HTMLPage.escape(section.title))</h2>" + HTMLPage.table(headers: section.headers, rows: section.rows, numericColumns: [0]))
        }
        return page.text
    }
}
