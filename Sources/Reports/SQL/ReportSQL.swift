import Foundation
import LogAnalytics
import LogIngest
public import FootfallStore
public import SiteConfig

/// `footfall sql`: one SQL query whose result holds a report's figures, for DuckDB, Spark or Trino (SPEC §16). The
/// queries are the templates of `SQLTemplates/` (their README holds the placeholders and each report's result
/// shape); this fills them for a request: its range cut to the store's days, its filters and options, and the
/// tables of the version the command reads.
public struct ReportSQL: Sendable {
    /// The engine the query is written for.
    public enum Dialect: String, Sendable, CaseIterable {
        case duckdb, spark, trino
    }

    /// How the tables are named.
    public struct Options: Sendable {
        public var dialect: Dialect
        /// Name the Parquet files of the version instead of the Delta tables (for an engine without Delta Lake).
        public var parquet = false
        /// Trino's catalog and schema of the tables (and of `customers` and `campaign_costs`).
        public var catalog = "delta"
        public var schema = "footfall"

        public init(dialect: Dialect, parquet: Bool = false, catalog: String = "delta", schema: String = "footfall") {
            self.dialect = dialect
            self.parquet = parquet
            self.catalog = catalog
            self.schema = schema
        }
    }

    /// The reports with a query.
    public static var reports: [String] {
        ReportRequest.reports.filter { ReportSQLTemplates.text[$0 + ".duckdb"] != nil }
    }

    public let runner: ReportRunner
    public let options: Options

    public init(runner: ReportRunner, options: Options) {
        self.runner = runner
        self.options = options
    }

    /// The query of `request`, with a comment line that says what it reads.
    public func query(for request: ReportRequest) throws(ReportRunError) -> String {
        // The funnel across visits (--window, SPEC §14) has a template of its own.
        let templateName = request.name == "funnel" && (request.window ?? 0) > 0 ? "funnel-window" : request.name
        guard let template = ReportSQLTemplates.text[templateName + "." + options.dialect.rawValue] else {
            let known = Self.reports.joined(separator: ", ")
            throw ReportRunError(.usage, "footfall sql has no query for \(request.name) (it has: \(known))")
        }
        if request.compare != nil { throw ReportRunError(.usage, "--compare is not available in footfall sql: run the query for each period") }
        let (query, _) = try runner.query(for: request)
        let manifest: StoreManifest
        do {
            guard let found = try runner.store.manifest() else { throw ReportRunError(.store, "\(runner.store.root): no version yet; run footfall ingest first") }
            manifest = found
        } catch let error as ReportRunError {
            throw error
        } catch {
            throw ReportRunError(.store, "\(error)")
        }
        var values = try tableValues(manifest)
        values["from"] = query.from.description
        values["to"] = query.to.description
        values["calendar_days"] = String(query.days.count)
        let year = query.to.description.prefix(4)
        values["year"] = String(year)
        values["visit_filter"] = visitFilter(query, year: String(year))
        values["has_visit_filter"] = query.filtersVisits ? "TRUE" : "FALSE"
        values["retention_end"] = request.to ?? query.to.description
        if let configuration = runner.configuration {
            var goals: [String] = []
            for rule in configuration.goals where !goals.contains(rule.name) && configuration.conversionGoals.contains(rule.name) { goals.append(rule.name) }
            values["conversion_goals"] = goals.isEmpty ? "NULL" : goals.map(literal).joined(separator: ", ")
            for (name, path) in [("customers", configuration.customersFile), ("campaign_costs", configuration.campaignCostsFile)] {
                if let path { values[name] = try csvRelation(name, path: path) }
            }
        }
        switch request.name {
        case "funnel":
            guard let configuration = runner.configuration else { throw ReportRunError(.usage, "the funnel's query needs --config site.toml (for its steps)") }
            let names = configuration.funnels.map(\.name)
            guard let name = request.argument, let funnel = configuration.funnels.first(where: { $0.name == name }) else {
                throw ReportRunError(.usage, "name a funnel of the config: \(names.joined(separator: ", "))")
            }
            values["funnel_name_literal"] = literal(funnel.name)
            values["funnel_steps"] = funnel.steps.map { literal($0.pattern) }.joined(separator: ", ")
            let pages = FunnelReport.pageNames(steps: funnel.steps.map(\.pattern), rules: configuration.pages.map { ($0.match, $0.page) })
            values["funnel_step_pages"] = pages.map { $0.map(literal) ?? "NULL" }.joined(separator: ", ")
            values["window_days"] = String(request.window ?? 0)
        case "attribution":
            guard let goal = request.goal else { throw ReportRunError(.usage, "attribution needs --goal G") }
            values["goal_literal"] = literal(goal)
            values["lookback_days"] = String(request.lookback ?? 30)
        case "customer":
            guard let member = request.argument else { throw ReportRunError(.usage, "the customer's query needs a member id: footfall sql customer MEMBER_ID") }
            values["member_id_literal"] = literal(member)
        case "cohorts":
            values["cohort_unit"] = request.by ?? "week"
            values["periods"] = String(request.periods ?? 8)
            values["cohort_goal_literal"] = request.goal.map(literal) ?? (options.dialect == .spark ? "CAST(NULL AS STRING)" : "CAST(NULL AS VARCHAR)")
        default:
            break
        }
        let shownRoot = String(absoluteRoot.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\u{2028}" && $0 != "\u{2029}" })
        let header = "-- footfall sql \(request.name) --dialect \(options.dialect.rawValue)\(options.parquet ? " --parquet" : ""): store \(shownRoot), version \(manifest.version), \(query.from) – \(query.to)\n"
        return header + (try Self.fill(template, values, report: request.name)) + "\n"
    }

    /// Replaces every `{{name}}` of `template`; a placeholder without a value is an error naming what it needs.
    static func fill(_ template: String, _ values: [String: String], report: String) throws(ReportRunError) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else {
                result += rest[open.lowerBound...]
                return result
            }
            let name = String(rest[open.upperBound..<close.lowerBound])
            guard let value = values[name] else {
                let needs = ["customers": "--config site.toml with a customers file", "campaign_costs": "--config site.toml with a campaign_costs file",
                             "conversion_goals": "--config site.toml (for its goals)"][name] ?? "a value for {{\(name)}}"
                throw ReportRunError(.usage, "the \(report) query needs \(needs)")
            }
            result += value
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// The store's folder as an absolute path (engines run elsewhere).
    var absoluteRoot: String {
        URL(fileURLWithPath: runner.store.root).standardizedFileURL.path
    }

    /// A string literal of the dialect (Spark reads backslash escapes).
    func literal(_ text: String) -> String {
        switch options.dialect {
        case .duckdb, .trino: "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .spark: "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
    }

    /// `{{visit_filter}}`: the query's visit filters over `visits` columns.
    func visitFilter(_ query: ReportQuery, year: String) -> String {
        var clauses: [String] = []
        let equal: [(String, String?)] = [
            ("segment", query.segment?.rawValue), ("grade", query.grade), ("gender", query.gender), ("device", query.device),
            ("channel", query.channel), ("campaign", query.campaign),
        ]
        for (column, value) in equal { if let value { clauses.append("\(column) = \(literal(value))") } }
        if let ages = query.ages {
            clauses.append(ages.upperBound >= 150 ? "(\(year) - birth_year) >= \(ages.lowerBound)" : "(\(year) - birth_year) BETWEEN \(ages.lowerBound) AND \(ages.upperBound)")
        }
        return clauses.isEmpty ? "TRUE" : clauses.joined(separator: " AND ")
    }

    /// The tables of the version: Delta tables at their version in the store's commit, or its Parquet files.
    func tableValues(_ manifest: StoreManifest) throws(ReportRunError) -> [String: String] {
        var values: [String: String] = [:]
        let root = absoluteRoot
        // delta_scan reads a table's newest Delta version: only when every table's is the one the store's commit
        // names (no ingest committed since, none interrupted) does it read this version.
        let latest = manifest.version == runner.store.versionNames().last && runner.store.latestTableVersions() == (manifest.tables ?? [:])
        for table in Store.tableFolders {
            let partitioned = StoreTable(rawValue: table) != nil
            let version = manifest.tables?[table]
            let files = (manifest.files ?? [:]).filter { $0.key.hasPrefix(table + "/") }.sorted { $0.key < $1.key }
                .map { (logical: $0.key, path: root + "/" + ($0.value.path ?? $0.key)) }
            switch options.dialect {
            case .duckdb:
                if options.parquet || !latest {
                    let list = files.map { literal($0.path) }.joined(separator: ", ")
                    values[table] = "read_parquet([\(list)]\(partitioned ? ", hive_partitioning = true" : ""))"
                } else {
                    values[table] = "delta_scan(\(literal(root + "/" + table)))"
                }
            case .spark:
                if options.parquet {
                    guard !files.isEmpty else { throw ReportRunError(.store, "the table \(table) has no file in version \(manifest.version)") }
                    if partitioned {
                        let parts = files.map { file in
                            "SELECT *, DATE '\(Self.day(of: file.logical))' AS day FROM parquet.\(Self.backticked(file.path))"
                        }
                        values[table] = "(" + parts.joined(separator: " UNION ALL ") + ")"
                    } else {
                        values[table] = "parquet.\(Self.backticked(files[0].path))"
                    }
                } else {
                    values[table] = "delta.\(Self.backticked(root + "/" + table))" + (version.map { " VERSION AS OF \($0)" } ?? "")
                }
            case .trino:
                values[table] = "\(trinoName(table))" + (version.map { " FOR VERSION AS OF \($0)" } ?? "")
            }
        }
        return values
    }

    /// A Spark path between backticks (a backtick in it doubled).
    static func backticked(_ path: String) -> String {
        "`" + path.replacingOccurrences(of: "`", with: "``") + "`"
    }

    /// `"catalog"."schema"."table"` for Trino (a double quote in a name doubled).
    func trinoName(_ table: String) -> String {
        [options.catalog, options.schema, table].map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ".")
    }

    /// `YYYY-MM-DD` of a logical file name `table/day=YYYY-MM-DD/part-0.parquet`.
    static func day(of logical: String) -> String {
        guard let range = logical.range(of: "day=") else { return "" }
        return String(logical[range.upperBound...].prefix(10))
    }

    /// customers.csv or campaigns.csv as a relation of strings (SQLTemplates/README.md): the columns the templates
    /// read, a column the file lacks given as a NULL string.
    func csvRelation(_ name: String, path: String) throws(ReportRunError) -> String {
        if options.dialect == .trino { return trinoName(name) }
        let wanted = name == "customers"
            ? ["member_id", "grade", "insured", "birth_year", "gender", "occupation", "children", "joined", "first_contract", "maturity_date"]
            : ["campaign", "medium", "cost", "sent", "start", "end"]
        guard let data = FileManager.default.contents(atPath: path) else { throw ReportRunError(.usage, "\(path): cannot read the \(name) file") }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let header = (text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        switch options.dialect {
        case .duckdb:
            let columns = wanted.map { header.contains($0) ? "\"\($0)\"" : "CAST(NULL AS VARCHAR) AS \"\($0)\"" }
            return "(SELECT \(columns.joined(separator: ", ")) FROM read_csv(\(literal(absolute)), header = true, all_varchar = true))"
        case .spark, .trino:
            // Spark SQL reads a CSV file without options as _c0, _c1…: the header row is data, dropped by its first cell.
            let columns = wanted.map { column in
                header.firstIndex(of: column).map { "_c\($0) AS `\(column)`" } ?? "CAST(NULL AS STRING) AS `\(column)`"
            }
            return "(SELECT \(columns.joined(separator: ", ")) FROM csv.\(Self.backticked(absolute)) WHERE _c0 IS DISTINCT FROM \(literal(header.first ?? "")))"
        }
    }
}
