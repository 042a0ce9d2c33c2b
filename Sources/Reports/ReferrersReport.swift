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
        let tally = try ReferrerTally.load(from: store, query: query)
        var engines: [String: Int] = [:]
        var keywords: [[String]: Int] = [:]
        var social: [String: Int] = [:]
        var referral: [String: Int] = [:]
        func name(_ column: ParquetStringCodes, _ code: Int32) -> String? { code < 0 ? nil : column.dictionary[Int(code)] }
        for (codes, count) in tally.counts {
            let engine = name(tally.engines, codes.engine), keyword = name(tally.keywords, codes.keyword)
            let host = name(tally.hosts, codes.host)
            switch tally.channels.dictionary[Int(codes.channel)] {
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

/// Visits per (channel, search engine, keyword, referring host) over a range, for the channels that have
/// a referrer (not `direct` or `campaign`): counted day by day on every core by code, each day's codes
/// translated into one dictionary per column (one look-up per distinct value of a day).
struct ReferrerTally: Sendable {
    struct Codes: Hashable, Sendable { var channel, engine, keyword, host: Int32 }

    /// The dictionaries the codes index (their `codes` stay empty).
    var channels = ParquetStringCodes(), engines = ParquetStringCodes(), keywords = ParquetStringCodes(), hosts = ParquetStringCodes()
    var counts: [Codes: Int] = [:]

    static func load(from store: Store, query: ReportQuery) throws -> ReferrerTally {
        return try DayParallelLoad.loadFiles(.visits, of: store, days: query.days, empty: ReferrerTally()) { tally, day, reader in
            var channels = ParquetStringCodes(), engines = ParquetStringCodes(), keywords = ParquetStringCodes(), hosts = ParquetStringCodes()
            try reader.readColumn("channel", codingInto: &channels)
            try reader.readColumn("search_engine", codingInto: &engines)
            try reader.readColumn("keyword", codingInto: &keywords)
            try reader.readColumn("referrer_host", codingInto: &hosts)
            let passes = query.filtersVisits ? try VisitColumns.filterMask(reader, day: day, query: query) : nil
            let referred = channels.dictionary.map { $0 != "direct" && $0 != "campaign" }
            let channel = tally.channels.translation(of: channels), engine = tally.engines.translation(of: engines)
            let keyword = tally.keywords.translation(of: keywords), host = tally.hosts.translation(of: hosts)
            for row in channels.codes.indices where passes?[row] ?? true {
                let code = channels.codes[row]
                guard code >= 0, referred[Int(code)] else { continue }
                let key = Codes(
                    channel: channel(code), engine: engine(engines.codes[row]), keyword: keyword(keywords.codes[row]), host: host(hosts.codes[row]))
                tally.counts[key, default: 0] += 1
            }
        } join: { tally, later in
            let channel = tally.channels.translation(of: later.channels), engine = tally.engines.translation(of: later.engines)
            let keyword = tally.keywords.translation(of: later.keywords), host = tally.hosts.translation(of: later.hosts)
            for (key, count) in later.counts {
                tally.counts[Codes(channel: channel(key.channel), engine: engine(key.engine), keyword: keyword(key.keyword), host: host(key.host)), default: 0] += count
            }
        }
    }
}
