import Foundation
import LogIngest
import TOMLKit

extension SiteConfiguration {
    /// Reads and checks a `site.toml`.
    ///
    /// - Throws: ``ConfigError`` naming the file, the line (TOML syntax) or key, and what is expected.
    public static func load(path: String) throws(ConfigError) -> SiteConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot read the config file (\(error.localizedDescription)); check the path given to --config")
        }
        return try parse(text, path: path)
    }

    /// Parses config text; `path` names it in errors and anchors relative file paths.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> SiteConfiguration {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                file: path, line: error.source.begin.line,
                message: "TOML syntax error at column \(error.source.begin.column): \(error.description)")
        } catch {
            throw ConfigError(file: path, message: "TOML syntax error: \(error)")
        }
        var reader = TOMLReader(file: path)
        return try reader.read(root)
    }
}

/// Walks the TOML tree with checks that name the key and the expected type.
private struct TOMLReader {
    let file: String

    var folder: String {
        let url = URL(fileURLWithPath: file)
        return url.deletingLastPathComponent().path
    }

    func fail(_ key: String, _ message: String) -> ConfigError {
        ConfigError(file: file, key: key, message: message)
    }

    func checkKeys(_ table: TOMLTable, _ key: String, allowed: Set<String>) throws(ConfigError) {
        for name in table.keys where !allowed.contains(name) {
            throw fail(
                "\(key).\(name)",
                "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func string(_ table: TOMLTable, _ name: String, _ key: String) throws(ConfigError) -> String? {
        guard let value = table[name] else { return nil }
        guard let text = value.string else { throw fail("\(key).\(name)", "expected a string, found \(value.type)") }
        return text
    }

    /// An integer in `range` (every numeric value is range-checked: one past what the code can hold made
    /// the program trap, issue 18.10).
    func int(_ table: TOMLTable, _ name: String, _ key: String, in range: ClosedRange<Int>, unit: String = "") throws(ConfigError) -> Int? {
        guard let value = table[name] else { return nil }
        guard let number = value.int else { throw fail("\(key).\(name)", "expected an integer, found \(value.type)") }
        guard range.contains(number) else {
            throw fail("\(key).\(name)", "expected an integer from \(range.lowerBound) to \(range.upperBound)\(unit), found \(number)")
        }
        return number
    }

    /// A finite number in `range` (TOML allows `inf` and `nan`, which no figure can use, issue 18.12).
    func double(_ table: TOMLTable, _ name: String, _ key: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let value = table[name] else { return nil }
        let number: Double
        if let double = value.double {
            number = double
        } else if let integer = value.int {
            number = Double(integer)
        } else {
            throw fail("\(key).\(name)", "expected a number, found \(value.type)")
        }
        guard number.isFinite, range.contains(number) else {
            throw fail("\(key).\(name)", "expected a number from \(range.lowerBound) to \(range.upperBound), found \(number)")
        }
        return number
    }

    func bool(_ table: TOMLTable, _ name: String, _ key: String) throws(ConfigError) -> Bool? {
        guard let value = table[name] else { return nil }
        guard let flag = value.bool else { throw fail("\(key).\(name)", "expected true or false, found \(value.type)") }
        return flag
    }

    func strings(_ table: TOMLTable, _ name: String, _ key: String) throws(ConfigError) -> [String]? {
        guard let value = table[name] else { return nil }
        guard let array = value.array else { throw fail("\(key).\(name)", "expected an array of strings, found \(value.type)") }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.string else {
                throw fail("\(key).\(name)[\(index)]", "expected a string, found \(element.type)")
            }
            result.append(text)
        }
        return result
    }

    func tables(_ root: TOMLTable, _ name: String) throws(ConfigError) -> [TOMLTable] {
        guard let value = root[name] else { return [] }
        guard let array = value.array else { throw fail("[[\(name)]]", "expected an array of tables ([[\(name)]]), found \(value.type)") }
        var result: [TOMLTable] = []
        for (index, element) in array.enumerated() {
            guard let table = element.table else {
                throw fail("[[\(name)]][\(index + 1)]", "expected a table, found \(element.type)")
            }
            result.append(table)
        }
        return result
    }

    func resolve(_ path: String?) -> String? {
        guard let path else { return nil }
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent(path).path
    }

    mutating func read(_ root: TOMLTable) throws(ConfigError) -> SiteConfiguration {
        var config = SiteConfiguration()
        config.file = file
        try checkKeys(root, "", allowed: ["site", "pages", "campaigns", "goals", "funnels", "audiences", "store"])
        if let value = root["store"] {
            guard let table = value.table else { throw fail("[store]", "expected a table") }
            try checkKeys(table, "[store]", allowed: ["retention_hours"])
            config.retentionHours = try double(table, "retention_hours", "[store]", in: 0...87_600) ?? config.retentionHours
        }
        if let value = root["site"] {
            guard let site = value.table else { throw fail("[site]", "expected a table") }
            try readSite(site, into: &config)
        }
        for (index, table) in try tables(root, "pages").enumerated() {
            config.pages.append(try readPage(table, key: "[[pages]][\(index + 1)]"))
        }
        if let value = root["campaigns"] {
            guard let table = value.table else { throw fail("[campaigns]", "expected a table") }
            try checkKeys(table, "[campaigns]", allowed: ["banner_param", "email_param", "email_open_pixel"])
            config.campaigns.bannerParam = try string(table, "banner_param", "[campaigns]")
            config.campaigns.emailParam = try string(table, "email_param", "[campaigns]")
            config.campaigns.emailOpenPixel = try string(table, "email_open_pixel", "[campaigns]")
        }
        var goalNames: Set<String> = []
        for (index, table) in try tables(root, "goals").enumerated() {
            let key = "[[goals]][\(index + 1)]"
            try checkKeys(table, key, allowed: ["name", "match", "method", "interest_weight", "conversion"])
            guard let name = try string(table, "name", key), !name.isEmpty else { throw fail("\(key).name", "required: the goal's name") }
            guard let match = try string(table, "match", key) else { throw fail("\(key).match", "required: a path glob such as \"/consult/request.do\"") }
            guard goalNames.insert(name).inserted else { throw fail("\(key).name", "a second goal named \"\(name)\": goal names must differ") }
            config.goals.append(
                GoalRule(
                    name: name, match: PathGlob(match), method: try string(table, "method", key)?.uppercased(),
                    interestWeight: try double(table, "interest_weight", key, in: -1_000...1_000),
                    conversion: try bool(table, "conversion", key) ?? false))
        }
        var funnelNames: Set<String> = []
        for (index, table) in try tables(root, "funnels").enumerated() {
            let key = "[[funnels]][\(index + 1)]"
            try checkKeys(table, key, allowed: ["name", "steps"])
            guard let name = try string(table, "name", key), !name.isEmpty else { throw fail("\(key).name", "required: the funnel's name") }
            guard funnelNames.insert(name).inserted else { throw fail("\(key).name", "a second funnel named \"\(name)\": funnel names must differ") }
            guard let steps = try strings(table, "steps", key), !steps.isEmpty else {
                throw fail("\(key).steps", "required: a non-empty array of path globs")
            }
            config.funnels.append(FunnelDefinition(name: name, steps: steps.map(PathGlob.init)))
        }
        var audienceNames: Set<String> = []
        for (index, table) in try tables(root, "audiences").enumerated() {
            let audience = try readAudience(table, key: "[[audiences]][\(index + 1)]")
            guard audienceNames.insert(audience.name).inserted else {
                throw fail("[[audiences]][\(index + 1)].name", "a second audience named \"\(audience.name)\": audience names must differ")
            }
            config.audiences.append(audience)
        }
        return config
    }

    /// A `[[audiences]]` table: the criteria of `footfall audience` as keys (underscores for the flags'
    /// hyphens); the repeatable ones take a string or an array of strings.
    func readAudience(_ table: TOMLTable, key: String) throws(ConfigError) -> AudienceDefinition {
        try checkKeys(
            table, key,
            allowed: ["name", "description", "segment", "grade", "gender", "age", "where", "visited_within", "min_visits", "interest", "reached",
                      "not_reached", "dropped", "window", "campaign", "maturity_within", "order_by", "limit"])
        guard let name = try string(table, "name", key), !name.isEmpty else { throw fail("\(key).name", "required: the audience's name") }
        var criteria = AudienceCriteria()
        criteria.segment = try string(table, "segment", key)
        criteria.grade = try string(table, "grade", key)
        criteria.gender = try string(table, "gender", key)
        if let value = table["age"], let number = value.int { criteria.age = String(number) } else { criteria.age = try string(table, "age", key) }
        criteria.whereConditions = try stringOrStrings(table, "where", key)
        criteria.visitedWithin = try int(table, "visited_within", key, in: 1...36_500, unit: " days")
        criteria.minVisits = try int(table, "min_visits", key, in: 1...1_000_000_000)
        criteria.interest = try stringOrStrings(table, "interest", key)
        criteria.reached = try stringOrStrings(table, "reached", key)
        criteria.notReached = try stringOrStrings(table, "not_reached", key)
        criteria.dropped = try string(table, "dropped", key)
        criteria.window = try int(table, "window", key, in: 0...3_650, unit: " days")
        criteria.campaigns = try stringOrStrings(table, "campaign", key)
        criteria.maturityWithin = try int(table, "maturity_within", key, in: 1...36_500, unit: " days")
        return AudienceDefinition(
            name: name, description: try string(table, "description", key), criteria: criteria, orderBy: try string(table, "order_by", key),
            limit: try int(table, "limit", key, in: 1...1_000_000_000))
    }

    /// A string or an array of strings (empty when absent).
    func stringOrStrings(_ table: TOMLTable, _ name: String, _ key: String) throws(ConfigError) -> [String] {
        if let text = table[name]?.string { return [text] }
        return try strings(table, name, key) ?? []
    }

    func readSite(_ site: TOMLTable, into config: inout SiteConfiguration) throws(ConfigError) {
        let key = "[site]"
        try checkKeys(
            site, key,
            allowed: [
                "name", "hosts", "timezone", "log_format", "visit_timeout", "visitor_cookie", "member_cookie",
                "member_source", "customers", "products", "campaign_costs", "static_extensions", "exclude", "bots",
                "social_hosts", "search_hosts", "max_bad_ratio", "anonymize_ip", "reorder_window", "max_visit_page_views",
            ])
        if let name = try string(site, "name", key) { config.name = name }
        if let hosts = try strings(site, "hosts", key) { config.hosts = hosts.map { $0.lowercased() } }
        if let timezone = try string(site, "timezone", key) {
            guard Self.isTimeZone(timezone) else {
                throw fail(
                    "\(key).timezone",
                    "unknown time zone \"\(timezone)\": use an IANA name such as Asia/Seoul (see /usr/share/zoneinfo, package tzdata) or an offset such as +09:00")
            }
            config.timezone = timezone
        }
        if let format = try string(site, "log_format", key) {
            do {
                config.logFormat = try LogFormat(parsing: format)
            } catch {
                throw fail("\(key).log_format", error.message + ". " + error.hint)
            }
        }
        if let timeout = try int(site, "visit_timeout", key, in: 1...86_400, unit: " seconds") { config.visitTimeout = timeout }
        if let window = try int(site, "reorder_window", key, in: 0...86_400, unit: " seconds") { config.reorderWindow = window }
        if let limit = try int(site, "max_visit_page_views", key, in: 2...10_000_000) { config.maxVisitPageViews = limit }
        if let name = try string(site, "visitor_cookie", key) { config.visitorCookie = name }
        if let name = try string(site, "member_cookie", key) { config.memberCookie = name }
        if let source = try string(site, "member_source", key) {
            guard let parsed = SiteConfiguration.MemberSource(rawValue: source) else {
                throw fail("\(key).member_source", "expected \"cookie\" or \"authuser\", found \"\(source)\"")
            }
            config.memberSource = parsed
        }
        config.customersFile = resolve(try string(site, "customers", key))
        config.productsFile = resolve(try string(site, "products", key))
        config.campaignCostsFile = resolve(try string(site, "campaign_costs", key))
        if let extensions = try strings(site, "static_extensions", key) {
            config.staticExtensions = extensions.map { $0.lowercased().hasPrefix(".") ? String($0.lowercased().dropFirst()) : $0.lowercased() }
        }
        if let exclude = try strings(site, "exclude", key) { config.exclude = exclude.map(PathGlob.init) }
        if let bots = try strings(site, "bots", key) { config.bots = bots }
        if let hosts = try strings(site, "social_hosts", key) { config.socialHosts = hosts.map { $0.lowercased() } }
        if let hosts = try strings(site, "search_hosts", key) { config.searchHosts = hosts.map { $0.lowercased() } }
        if let ratio = try double(site, "max_bad_ratio", key, in: 0...1) { config.maxBadRatio = ratio }
        if let flag = try bool(site, "anonymize_ip", key) { config.anonymizeIP = flag }
    }

    /// An IANA zone name this machine knows, or an offset ``UTCOffset`` reads.
    static func isTimeZone(_ text: String) -> Bool {
        UTCOffset.parse(text) != nil || TimeZone(identifier: text) != nil
    }

    func readPage(_ table: TOMLTable, key: String) throws(ConfigError) -> PageRule {
        try checkKeys(table, key, allowed: ["match", "query", "page", "content", "product_category", "product", "product_from"])
        guard let match = try string(table, "match", key) else {
            throw fail("\(key).match", "required: a path glob such as \"/product/**\"")
        }
        var query: [(String, PathGlob)] = []
        if let value = table["query"] {
            guard let conditions = value.table else { throw fail("\(key).query", "expected an inline table such as { prodCd = \"*\" }") }
            for name in conditions.keys.sorted() {
                guard let glob = conditions[name]?.string else {
                    throw fail("\(key).query.\(name)", "expected a string glob such as \"*\"")
                }
                query.append((name, PathGlob(glob)))
            }
        }
        return PageRule(
            match: PathGlob(match), query: query, page: try string(table, "page", key),
            content: try string(table, "content", key), productCategory: try string(table, "product_category", key),
            product: try string(table, "product", key), productFrom: try string(table, "product_from", key))
    }
}
