public import FootfallStore
import LogAnalytics
import ParquetStore

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
        let visits = try VisitColumns.load(from: store, query: query, columns: ["channel", "search_engine", "keyword", "referrer_host"])
        var engines: [String: Int] = [:]
        var keywords: [[String]: Int] = [:]
        var social: [String: Int] = [:]
        var referral: [String: Int] = [:]
        // Visits per (channel, engine, keyword, host) codes first, then by name.
        struct Codes: Hashable { var channel, engine, keyword, host: Int32 }
        var counts: [Codes: Int] = [:]
        for row in 0..<visits.count {
            let channel = visits.channel.codes[row]
            guard channel >= 0, visits.channel.dictionary[Int(channel)] != "direct", visits.channel.dictionary[Int(channel)] != "campaign" else { continue }
            counts[Codes(channel: channel, engine: visits.searchEngine.codes[row], keyword: visits.keyword.codes[row], host: visits.referrerHost.codes[row]), default: 0] += 1
        }
        func name(_ column: ParquetStringCodes, _ code: Int32) -> String? { code < 0 ? nil : column.dictionary[Int(code)] }
        for (codes, count) in counts {
            let engine = name(visits.searchEngine, codes.engine), keyword = name(visits.keyword, codes.keyword)
            let host = name(visits.referrerHost, codes.host)
            switch visits.channel.dictionary[Int(codes.channel)] {
            case "search":
                engines[engine ?? "?", default: 0] += count
                keywords[[engine ?? "?", keyword ?? ""], default: 0] += count
            case "social": social[host ?? "?", default: 0] += count
            case "referral": referral[host ?? "?", default: 0] += count
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
