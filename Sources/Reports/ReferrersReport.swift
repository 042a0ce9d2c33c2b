import SiteConfig
public import FootfallStore
public import LogAnalytics
import ParquetStore

/// The `referrers` report (SPEC §6, §8): visits from search engines with their keywords, from social networks
/// (and their hosts) and from other referring hosts, each with its conversions (visits reaching a conversion
/// goal, SPEC §12.19).
public struct ReferrersReport: Sendable {
    /// Items listed per list.
    public static let listLength = 20

    /// A named source of visits.
    public struct Item: Sendable, Equatable {
        public var name: String
        public var visits: Int
        public var conversions: Int
    }

    /// A social network with its hosts.
    public struct Network: Sendable, Equatable {
        public var network: String
        public var visits: Int
        public var conversions: Int
        public var hosts: [Item]
    }

    public var query: ReportQuery
    public var searchEngines: [Item]
    public var keywords: [(engine: String, keyword: String, visits: Int)]
    /// Social visits by host (each with its network).
    public var social: [(host: String, network: String, visits: Int, conversions: Int)]
    /// Social visits by network, then host.
    public var networks: [Network]
    public var referral: [Item]

    public static func make(store: Store, query: ReportQuery, hosts: ReferrerHosts = ReferrerHosts()) throws -> ReferrersReport {
        let tally = try ReferrerTally.load(from: store, query: query)
        var engines: [String: (Int, Int)] = [:]
        var keywords: [[String]: Int] = [:]
        var social: [String: (Int, Int)] = [:]
        var referral: [String: (Int, Int)] = [:]
        func name(_ column: ParquetStringCodes, _ code: Int32) -> String? { code < 0 ? nil : column.dictionary[Int(code)] }
        let converts = tally.goals.decodedDictionary(JSONText.stringArray).map { $0.contains(where: query.conversionGoals.contains) }
        for (codes, count) in tally.counts {
            let engine = name(tally.engines, codes.engine), keyword = name(tally.keywords, codes.keyword)
            let host = name(tally.hosts, codes.host)
            let conversions = codes.goals >= 0 && converts[Int(codes.goals)] ? count : 0
            func add(_ table: inout [String: (Int, Int)], _ key: String) {
                let old = table[key] ?? (0, 0)
                table[key] = (old.0 + count, old.1 + conversions)
            }
            switch tally.channels.dictionary[Int(codes.channel)] {
            case "search":
                add(&engines, engine ?? "?")
                keywords[[engine ?? "?", keyword ?? ReferrerHosts.notProvided], default: 0] += count
            case "social": add(&social, host ?? "?")
            case "referral": add(&referral, host ?? "?")
            default: break
            }
        }
        func ranked(_ counts: [String: (Int, Int)], limit: Int = listLength) -> [Item] {
            counts.sorted { $0.value.0 != $1.value.0 ? $0.value.0 > $1.value.0 : $0.key < $1.key }.prefix(limit)
                .map { Item(name: $0.key, visits: $0.value.0, conversions: $0.value.1) }
        }
        let socialHosts = ranked(social, limit: Int.max)
        var byNetwork: [String: [Item]] = [:]
        for item in socialHosts { byNetwork[hosts.socialNetwork(of: item.name) ?? item.name, default: []].append(item) }
        let networks = byNetwork.map { network, items in
            Network(
                network: network, visits: items.reduce(0) { $0 + $1.visits }, conversions: items.reduce(0) { $0 + $1.conversions },
                hosts: items)
        }.sorted { $0.visits != $1.visits ? $0.visits > $1.visits : $0.network < $1.network }
        return ReferrersReport(
            query: query, searchEngines: ranked(engines),
            keywords: keywords.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
                .prefix(listLength).map { ($0.key[0], $0.key[1], $0.value) },
            social: socialHosts.prefix(listLength).map { ($0.name, hosts.socialNetwork(of: $0.name) ?? $0.name, $0.visits, $0.conversions) },
            networks: Array(networks.prefix(listLength)), referral: ranked(referral))
    }

    public var jsonValue: JSONValue {
        func list(_ items: [Item], key: String) -> JSONValue {
            .array(items.map { .object([(key, .string($0.name)), ("visits", .int($0.visits)), ("conversions", .int($0.conversions))]) })
        }
        return .object([
            ("report", .string("referrers")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("search_engines", list(searchEngines, key: "engine")),
            ("keywords", .array(keywords.map { .object([("engine", .string($0.engine)), ("keyword", .string($0.keyword)), ("visits", .int($0.visits))]) })),
            ("social", .array(social.map {
                .object([("host", .string($0.host)), ("network", .string($0.network)), ("visits", .int($0.visits)), ("conversions", .int($0.conversions))])
            })),
            ("social_networks", .array(networks.map {
                .object([
                    ("network", .string($0.network)), ("visits", .int($0.visits)), ("conversions", .int($0.conversions)),
                    ("hosts", list($0.hosts, key: "host")),
                ])
            })),
            ("referral", list(referral, key: "host")),
        ])
    }

    /// The lists: each a name column (or two), visits, conversions and the conversion rate.
    func sections(_ format: CellFormat) -> [(title: String, headers: [String], rows: [[String]])] {
        func figures(_ visits: Int, _ conversions: Int) -> [String] {
            [format.count(visits), format.count(conversions), format.percent(OverviewReport.ratio(conversions, visits))]
        }
        return [
            ("search engines", ["engine", "", "visits", "conversions", "conversion rate"], searchEngines.map { [$0.name, ""] + figures($0.visits, $0.conversions) }),
            ("search keywords", ["engine", "keyword", "visits", "", ""], keywords.map { [$0.engine, $0.keyword, format.count($0.visits), "", ""] }),
            ("social networks", ["network", "host", "visits", "conversions", "conversion rate"], networks.flatMap { network in
                [[network.network, format.people ? L("(all)") : ""] + figures(network.visits, network.conversions)]
                    + network.hosts.map { [network.network, $0.name] + figures($0.visits, $0.conversions) }
            }),
            ("referral", ["host", "", "visits", "conversions", "conversion rate"], referral.map { [$0.name, ""] + figures($0.visits, $0.conversions) }),
        ]
    }

    /// A section's table without its unused columns.
    static func table(_ section: (title: String, headers: [String], rows: [[String]])) -> (headers: [String], rows: [[String]], numeric: Set<Int>) {
        let kept = section.headers.indices.filter { !section.headers[$0].isEmpty }
        let headers = kept.map { L(section.headers[$0]) }
        let numeric = Set(kept.enumerated().compactMap { $0.element >= 2 ? $0.offset : nil })
        return (headers, section.rows.map { row in kept.map { row[$0] } }, numeric)
    }

    public var tableText: String {
        TextTable.sanitized(title("Referrers")) + "\n" + sections(.forPeople).map { section in
            let table = Self.table(section)
            return "\n" + L(section.title) + "\n" + TextTable(headers: table.headers, rows: table.rows, rightAligned: table.numeric).text
        }.joined(separator: "\n")
    }

    /// One table: the list, the name (engine, network or host), the detail (keyword or a network's host), visits,
    /// conversions and the conversion rate.
    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(
            headers: format.headers(["list", "name", "detail", "visits", "conversions", "conversion rate"]),
            rows: sections(format).flatMap { section in section.rows.map { [format.people ? L(section.title) : section.title] + $0 } })
    }

    public var htmlText: String {
        var page = HTMLPage(title: title("Referrers"))
        page.sections.append(HTMLPage.barChart(searchEngines.map { ($0.name, Double($0.visits)) }, title: L("Visits from search engines")))
        page.sections.append(HTMLPage.barChart(networks.map { ($0.network, Double($0.visits)) }, title: L("Visits from social networks")))
        for section in sections(.forPeople) {
            let table = Self.table(section)
            page.sections.append("<h2>\(HTMLPage.escape(L(section.title)))</h2>" + HTMLPage.table(headers: table.headers, rows: table.rows, numericColumns: table.numeric))
        }
        return page.text
    }
}

/// Visits per (channel, search engine, keyword, referring host) over a range, for the channels that have
/// a referrer (not `direct` or `campaign`): counted day by day on every core by code, each day's codes
/// translated into one dictionary per column (one look-up per distinct value of a day).
struct ReferrerTally: Sendable {
    struct Codes: Hashable, Sendable { var channel, engine, keyword, host, goals: Int32 }

    /// The dictionaries the codes index (their `codes` stay empty).
    var channels = ParquetStringCodes(), engines = ParquetStringCodes(), keywords = ParquetStringCodes(), hosts = ParquetStringCodes()
    var goals = ParquetStringCodes()
    var counts: [Codes: Int] = [:]

    static func load(from store: Store, query: ReportQuery) throws -> ReferrerTally {
        return try DayParallelLoad.loadFiles(.visits, of: store, days: query.days, empty: ReferrerTally()) { tally, day, reader in
            var channels = ParquetStringCodes(), engines = ParquetStringCodes(), keywords = ParquetStringCodes(), hosts = ParquetStringCodes()
            var goals = ParquetStringCodes()
            try reader.readColumn("goals", codingInto: &goals)
            try reader.readColumn("channel", codingInto: &channels)
            try reader.readColumn("search_engine", codingInto: &engines)
            try reader.readColumn("keyword", codingInto: &keywords)
            try reader.readColumn("referrer_host", codingInto: &hosts)
            let passes = query.filtersVisits ? try VisitColumns.filterMask(reader, day: day, query: query) : nil
            let referred = channels.dictionary.map { $0 != "direct" && $0 != "campaign" }
            let channel = tally.channels.translation(of: channels), engine = tally.engines.translation(of: engines)
            let keyword = tally.keywords.translation(of: keywords), host = tally.hosts.translation(of: hosts)
            let goal = tally.goals.translation(of: goals)
            for row in channels.codes.indices where passes?[row] ?? true {
                let code = channels.codes[row]
                guard code >= 0, referred[Int(code)] else { continue }
                let key = Codes(
                    channel: channel(code), engine: engine(engines.codes[row]), keyword: keyword(keywords.codes[row]), host: host(hosts.codes[row]),
                    goals: goal(goals.codes[row]))
                tally.counts[key, default: 0] += 1
            }
        } join: { tally, later in
            let channel = tally.channels.translation(of: later.channels), engine = tally.engines.translation(of: later.engines)
            let keyword = tally.keywords.translation(of: later.keywords), host = tally.hosts.translation(of: later.hosts)
            let goal = tally.goals.translation(of: later.goals)
            for (key, count) in later.counts {
                let codes = Codes(
                    channel: channel(key.channel), engine: engine(key.engine), keyword: keyword(key.keyword), host: host(key.host), goals: goal(key.goals))
                tally.counts[codes, default: 0] += count
            }
        }
    }
}
