import CSV
import Foundation
import LogIngest

extension SiteCatalog {
    /// Loads the CSV files named by `configuration` (those it names; the others stay empty).
    ///
    /// - Throws: ``ConfigError`` naming the file, the line and the column, and what was expected.
    public static func load(for configuration: SiteConfiguration) throws(ConfigError) -> SiteCatalog {
        var catalog = SiteCatalog()
        if let path = configuration.customersFile {
            catalog.customers = try CSVTable.read(path).customers()
        }
        if let path = configuration.productsFile {
            catalog.products = try CSVTable.read(path).products()
        }
        if let path = configuration.campaignCostsFile {
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

/// A CSV file read whole with a header row; rows keep their line numbers for messages.
private struct CSVTable {
    let file: String
    let header: [String]
    /// (line number, fields by column name).
    let rows: [(line: Int, fields: [String: String])]

    static func read(_ path: String) throws(ConfigError) -> CSVTable {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot read the file as UTF-8 text (\(error.localizedDescription)); check the path in site.toml (relative paths start at the config's folder)")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws(ConfigError) -> CSVTable {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }  // a UTF-8 byte order mark
        let reader: CSVReader
        do {
            reader = try CSVReader(string: body, hasHeaderRow: true, trimFields: true)
        } catch {
            throw ConfigError(file: file, line: 1, message: "cannot read the header row: \(error)")
        }
        guard let header = reader.headerRow, !header.isEmpty else {
            throw ConfigError(file: file, line: 1, message: "the file is empty; expected a header row")
        }
        let names = header.map { $0.lowercased() }
        var rows: [(Int, [String: String])] = []
        // The line each record starts on: a quoted field may hold line breaks (issue 18.18: the numbers were
        // off by one per such field).
        var line = 1 + header.reduce(0) { $0 + Self.lineBreaks(in: $1) }
        var nextLine = line + 1
        while let row = reader.next() {
            line = nextLine
            nextLine = line + 1 + row.reduce(0) { $0 + Self.lineBreaks(in: $1) }
            if row.count == 1, row[0].isEmpty { continue }  // a blank line
            guard row.count == names.count else {
                throw ConfigError(file: file, line: line, message: "expected \(names.count) fields (\(names.joined(separator: ", "))), found \(row.count)")
            }
            rows.append((line, Dictionary(zip(names, row), uniquingKeysWith: { first, _ in first })))
        }
        if let error = reader.error {
            throw ConfigError(file: file, line: nextLine, message: "malformed CSV: \(error)")
        }
        return CSVTable(file: file, header: names, rows: rows)
    }

    /// Line breaks inside a field (`\r\n` counts once).
    static func lineBreaks(in field: String) -> Int {
        var count = 0
        var previous: UInt8 = 0
        for byte in field.utf8 {
            if byte == 0x0A, previous != 0x0D { count += 1 }
            if byte == 0x0D { count += 1 }
            previous = byte
        }
        return count
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

    func optional(_ fields: [String: String], _ column: String) -> String? {
        guard let value = fields[column], !value.isEmpty else { return nil }
        return value
    }

    func isoDate(_ fields: [String: String], _ column: String, line: Int) throws(ConfigError) -> String? {
        guard let value = optional(fields, column) else { return nil }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard value.utf8.count == 10, parts.count == 3, parts.map(\.utf8.count) == [4, 2, 2],
            let year = wholeNumber(String(parts[0]), maximum: 9999), let month = wholeNumber(String(parts[1]), maximum: 12),
            let day = wholeNumber(String(parts[2]), maximum: 31),
            year > 1800, (1...12).contains(month), day >= 1, day <= Timestamp.daysInMonth(year: year, month: month)
        else { throw fail(line, column, "expected an ISO date YYYY-MM-DD (a day that exists), found '\(value)'") }
        return value
    }

    func customers() throws(ConfigError) -> [String: CustomerRecord] {
        try require(["member_id", "grade", "insured"])
        var result: [String: CustomerRecord] = [:]
        for (line, fields) in rows {
            guard let memberId = optional(fields, "member_id") else { throw fail(line, "member_id", "required: the member id") }
            let gradeText = (fields["grade"] ?? "").lowercased()
            guard let grade = CustomerRecord.Grade(rawValue: gradeText)
                ?? CustomerRecord.Grade.allCases.first(where: { $0.koreanName == gradeText })
            else {
                throw fail(line, "grade", "expected one of \(CustomerRecord.Grade.allCases.map(\.rawValue).joined(separator: ", ")), found '\(gradeText)'")
            }
            let insuredText = (fields["insured"] ?? "").uppercased()
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
            if result[memberId] != nil { throw fail(line, "member_id", "member id '\(memberId)' appears twice") }
            result[memberId] = CustomerRecord(
                memberId: memberId, grade: grade, insured: insuredText == "Y", birthYear: birthYear,
                gender: optional(fields, "gender")?.uppercased(), occupation: optional(fields, "occupation"), children: children,
                joined: try isoDate(fields, "joined", line: line), firstContract: try isoDate(fields, "first_contract", line: line),
                maturityDate: try isoDate(fields, "maturity_date", line: line))
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
            result[campaign] = CampaignCostRecord(campaign: campaign, medium: optional(fields, "medium"), cost: cost, sent: sent)
        }
        return result
    }
}
