import Foundation
import LogIngest

extension SiteCatalog {
    /// The files of the catalogue, for loading only what a command needs (a customer master of a million
    /// rows is read in seconds: a report of campaign costs should not pay for it, issue 18.18).
    public struct Parts: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let customers = Parts(rawValue: 1)
        public static let products = Parts(rawValue: 2)
        public static let campaignCosts = Parts(rawValue: 4)
        public static let all: Parts = [.customers, .products, .campaignCosts]
    }

    /// Loads the CSV files named by `configuration` (those it names and `parts` asks for; the others stay
    /// empty).
    ///
    /// - Throws: ``ConfigError`` naming the file, the line and the column, and what was expected.
    public static func load(for configuration: SiteConfiguration, parts: Parts = .all) throws(ConfigError) -> SiteCatalog {
        var catalog = SiteCatalog()
        if parts.contains(.customers), let path = configuration.customersFile {
            catalog.customers = try CSVTable.read(path).customers()
        }
        if parts.contains(.products), let path = configuration.productsFile {
            catalog.products = try CSVTable.read(path).products()
        }
        if parts.contains(.campaignCosts), let path = configuration.campaignCostsFile {
            catalog.campaignCosts = try CSVTable.read(path).campaignCosts()
        }
        return catalog
    }

    /// Parses customer CSV text (for tests and tools).
    public static func parseCustomers(_ text: String, file: String) throws(ConfigError) -> [String: CustomerRecord] {
        try CSVTable.parse(text, file: file).customers()
    }

    /// Parses product CSV text.
    public static func parseProducts(_ text: String, file: String) throws(ConfigError) -> [String: ProductRecord] {
        try CSVTable.parse(text, file: file).products()
    }

    /// Parses campaign cost CSV text.
    public static func parseCampaignCosts(_ text: String, file: String) throws(ConfigError) -> [String: CampaignCostRecord] {
        try CSVTable.parse(text, file: file).campaignCosts()
    }
}

/// customers.csv as written: every column of it, for `footfall audience --where COLUMN=VALUE` (SPEC §15).
public struct CustomerColumns: Sendable {
    /// The file, for messages.
    public var file: String
    /// The column names (lowercased, as the header gives them).
    public var header: [String]
    /// Each member's cells, in header order, by member id.
    public var cells: [String: [String]]

    /// The value of `column` for `memberId` (`nil`: no such member or column); cells are compared trimmed of
    /// spaces, so `children=1` matches a cell ` 1`.
    public func value(_ column: String, of memberId: String) -> String? {
        guard let index = header.firstIndex(of: column), let row = cells[memberId] else { return nil }
        return row[index].trimmingCharacters(in: .whitespaces)
    }

    /// The distinct values of `column`, with how many members have each.
    public func distinctValues(of column: String) -> [String: Int] {
        guard let index = header.firstIndex(of: column) else { return [:] }
        var counts: [String: Int] = [:]
        for row in cells.values { counts[row[index].trimmingCharacters(in: .whitespaces), default: 0] += 1 }
        return counts
    }
}

extension SiteCatalog {
    /// Reads every column of the config's customers.csv (`nil` when the config names none).
    public static func customerColumns(for configuration: SiteConfiguration) throws(ConfigError) -> CustomerColumns? {
        guard let path = configuration.customersFile else { return nil }
        let table = try CSVTable.read(path)
        try table.require(["member_id"])
        var cells: [String: [String]] = [:]
        cells.reserveCapacity(table.rows.count)
        let index = table.positions["member_id"]!
        for (_, fields) in table.rows { cells[fields[index]] = fields }
        return CustomerColumns(file: path, header: table.header, cells: cells)
    }
}

/// A CSV file read whole with a header row; rows keep their line numbers for messages.
private struct CSVTable {
    let file: String
    let header: [String]
    /// (line number, fields in header order).
    let rows: [(line: Int, fields: [String])]
    /// Each column's position (the first of a repeated name).
    let positions: [String: Int]

    init(file: String, header: [String], rows: [(line: Int, fields: [String])]) {
        self.file = file
        self.header = header
        self.rows = rows
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }

    static func read(_ path: String) throws(ConfigError) -> CSVTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(file: path, message: "cannot read the file (\(error.localizedDescription)); check the path in site.toml (relative paths start at the config's folder)")
        }
        guard String(validating: data, as: UTF8.self) != nil else {
            throw ConfigError(file: path, message: "is not UTF-8 text; save it as UTF-8 (Excel: CSV UTF-8)")
        }
        return try parse(bytes: [UInt8](data), file: path)
    }

    static func parse(_ text: String, file: String) throws(ConfigError) -> CSVTable {
        try parse(bytes: Array(text.utf8), file: file)
    }

    static func parse(bytes original: [UInt8], file: String) throws(ConfigError) -> CSVTable {
        var bytes = original
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a UTF-8 byte order mark
        var header: [String]?
        var rows: [(Int, [String])] = []
        do {
            try bytes.withUnsafeBytes { raw in
                try CSVRecords.forEach(in: raw) { fields, line in
                    guard let names = header else {
                        header = fields.map { $0.lowercased() }
                        return
                    }
                    if fields.count == 1, fields[0].isEmpty { return }  // a blank line
                    guard fields.count == names.count else {
                        throw ConfigError(file: file, line: line, message: "expected \(names.count) fields (\(names.joined(separator: ", "))), found \(fields.count)")
                    }
                    rows.append((line, fields))
                }
            }
        } catch let error as ConfigError {
            throw error
        } catch let error as CSVRecords.Malformed {
            throw ConfigError(file: file, line: error.line, message: "malformed CSV: \(error.message)")
        } catch {
            throw ConfigError(file: file, message: "malformed CSV: \(error)")
        }
        guard let names = header, !(names.count == 1 && names[0].isEmpty) else {
            throw ConfigError(file: file, line: 1, message: "the file is empty; expected a header row")
        }
        return CSVTable(file: file, header: names, rows: rows)
    }

    /// A whole number written with digits only (no sign, no `0x`, no exponent), at most `maximum`.
    func wholeNumber(_ text: String, maximum: Int) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text),
            value <= maximum
        else { return nil }
        return value
    }

    /// An amount written as plain decimal digits with an optional fraction (`1500000`, `99.5`; no sign,
    /// exponent, `0x`, `inf` or `nan`: Swift's `Double("0x10")` is 16), at most 10¹⁵.
    func amount(_ text: String) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            parts[0].utf8.count <= 16, let value = Double(text), value.isFinite, value <= 1e15
        else { return nil }
        return value
    }

    func require(_ columns: [String]) throws(ConfigError) {
        for column in columns where !header.contains(column) {
            throw ConfigError(file: file, line: 1, key: column, message: "missing column; the header must name \(columns.joined(separator: ", "))")
        }
    }

    func fail(_ line: Int, _ column: String, _ message: String) -> ConfigError {
        ConfigError(file: file, line: line, key: column, message: message)
    }

    func optional(_ fields: [String], _ column: String) -> String? {
        guard let index = positions[column], !fields[index].isEmpty else { return nil }
        return fields[index]
    }

    func value(_ fields: [String], _ column: String) -> String? {
        positions[column].map { fields[$0] }
    }

    func isoDate(_ fields: [String], _ column: String, line: Int) throws(ConfigError) -> String? {
        guard let value = optional(fields, column) else { return nil }
        let bytes = Array(value.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var result = 0
            for index in range {
                let digit = Int(bytes[index]) - 0x30
                guard (0...9).contains(digit) else { return nil }
                result = result * 10 + digit
            }
            return result
        }
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D, let year = number(0..<4), let month = number(5..<7),
            let day = number(8..<10), year > 1800, (1...12).contains(month), day >= 1, day <= Timestamp.daysInMonth(year: year, month: month)
        else { throw fail(line, column, "expected an ISO date YYYY-MM-DD (a day that exists), found '\(value)'") }
        return value
    }

    func customers() throws(ConfigError) -> [String: CustomerRecord] {
        try require(["member_id", "grade", "insured"])
        var result: [String: CustomerRecord] = [:]
        result.reserveCapacity(rows.count)
        for (line, fields) in rows {
            guard let memberId = optional(fields, "member_id") else { throw fail(line, "member_id", "required: the member id") }
            let gradeText = (value(fields, "grade") ?? "").lowercased()
            guard let grade = CustomerRecord.Grade(rawValue: gradeText)
                ?? CustomerRecord.Grade.allCases.first(where: { $0.koreanName == gradeText })
            else {
                throw fail(line, "grade", "expected one of \(CustomerRecord.Grade.allCases.map(\.rawValue).joined(separator: ", ")), found '\(gradeText)'")
            }
            let insuredText = (value(fields, "insured") ?? "").uppercased()
            guard insuredText == "Y" || insuredText == "N" else { throw fail(line, "insured", "expected Y or N, found '\(insuredText)'") }
            var birthYear: Int?
            if let text = optional(fields, "birth_year") {
                guard let year = wholeNumber(text, maximum: 2100), year >= 1900 else { throw fail(line, "birth_year", "expected a year such as 1980, found '\(text)'") }
                birthYear = year
            }
            var children: Int?
            if let text = optional(fields, "children") {
                guard let count = wholeNumber(text, maximum: 100) else { throw fail(line, "children", "expected a whole number from 0 to 100, found '\(text)'") }
                children = count
            }
            let record = CustomerRecord(
                memberId: memberId, grade: grade, insured: insuredText == "Y", birthYear: birthYear,
                gender: optional(fields, "gender")?.uppercased(), occupation: optional(fields, "occupation"), children: children,
                joined: try isoDate(fields, "joined", line: line), firstContract: try isoDate(fields, "first_contract", line: line),
                maturityDate: try isoDate(fields, "maturity_date", line: line))
            if result.updateValue(record, forKey: memberId) != nil { throw fail(line, "member_id", "member id '\(memberId)' appears twice") }
        }
        return result
    }

    func products() throws(ConfigError) -> [String: ProductRecord] {
        try require(["code", "name"])
        var result: [String: ProductRecord] = [:]
        for (line, fields) in rows {
            guard let code = optional(fields, "code") else { throw fail(line, "code", "required: the product code") }
            guard let name = optional(fields, "name") else { throw fail(line, "name", "required: the product name") }
            result[code] = ProductRecord(code: code, name: name, category: optional(fields, "category"))
        }
        return result
    }

    func campaignCosts() throws(ConfigError) -> [String: CampaignCostRecord] {
        try require(["campaign"])
        var result: [String: CampaignCostRecord] = [:]
        for (line, fields) in rows {
            guard let campaign = optional(fields, "campaign") else { throw fail(line, "campaign", "required: the campaign name") }
            var cost: Double?
            if let text = optional(fields, "cost") {
                guard let value = amount(text) else {
                    throw fail(line, "cost", "expected an amount in plain digits (such as 1500000 or 99.5, at most 10^15), found '\(text)'")
                }
                cost = value
            }
            var sent: Int?
            if let text = optional(fields, "sent") {
                guard let value = wholeNumber(text, maximum: 1_000_000_000_000) else {
                    throw fail(line, "sent", "expected a whole number of e-mails sent, found '\(text)'")
                }
                sent = value
            }
            let start = try isoDate(fields, "start", line: line), end = try isoDate(fields, "end", line: line)
            if (start == nil) != (end == nil) {
                throw fail(line, start == nil ? "start" : "end", "give both start and end (the days the cost is spread over), or neither")
            }
            if let start, let end, start > end {
                throw fail(line, "end", "the campaign ends (\(end)) before it starts (\(start))")
            }
            if result[campaign] != nil { throw fail(line, "campaign", "campaign '\(campaign)' appears twice") }
            result[campaign] = CampaignCostRecord(
                campaign: campaign, medium: optional(fields, "medium"), cost: cost, sent: sent, start: start, end: end)
        }
        return result
    }
}
