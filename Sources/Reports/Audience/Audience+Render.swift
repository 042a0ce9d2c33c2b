import Foundation
import LogAnalytics
import Synchronization

extension Audience {
    /// `criteria` of the JSON (SPEC §15): each flag used with its value; the repeatable ones (where, interest,
    /// reached, not-reached, campaign) as arrays.
    var criteriaJSON: JSONValue {
        var pairs: [(String, JSONValue)] = []
        let repeatable: Set<String> = ["where", "interest", "reached", "not-reached", "campaign"]
        let numeric: Set<String> = ["visited-within", "min-visits", "maturity-within"]
        for flag in AudiencePlan.flags {
            let texts = plan.entries.filter { $0.flag == flag }.map(\.text)
            if flag == "window", let window = plan.entries.lazy.compactMap({ entry -> Int? in
                if case .dropped(_, _, _, let window) = entry.criterion { return window ?? 0 } else { return nil }
            }).first {
                pairs.append(("window", .int(window)))
            }
            guard !texts.isEmpty else { continue }
            if repeatable.contains(flag) {
                pairs.append((flag, .array(texts.map(JSONValue.string))))
            } else if numeric.contains(flag), let number = Int(texts[0]) {
                pairs.append((flag, .int(number)))
            } else {
                pairs.append((flag, .string(texts[0])))
            }
        }
        return .object(pairs)
    }

    /// The JSON of SPEC §15: `{audience, from, to, criteria, count, members}`, plus `range_cut` (the range asked for
    /// when it was cut to the store's days, else null), `anchor` (the day recency, interest and maturity count from),
    /// `order_by` and `matched` (members before `--limit`).
    public var jsonValue: JSONValue {
        .object([
            ("audience", name.map(JSONValue.string) ?? .null), ("from", .string(from.description)), ("to", .string(to.description)),
            ("range_cut", requested.map { JSONValue.object([("from", .string($0.lowerBound.description)), ("to", .string($0.upperBound.description))]) } ?? .null),
            ("anchor", .string(anchor.description)),
            ("criteria", criteriaJSON), ("order_by", .string(order.rawValue)), ("count", .int(rows.count)), ("matched", .int(matched)),
            ("members", .array(rows.map { row in
                .object([
                    ("member_id", .string(row.memberId)), ("grade", row.grade.map(JSONValue.string) ?? .null),
                    ("gender", row.gender.map(JSONValue.string) ?? .null), ("birth_year", row.birthYear.map(JSONValue.int) ?? .null),
                    ("segment", .string(row.segment)), ("visits", .int(row.visits)), ("last_visit", .string(row.lastVisit)),
                    ("top_products", .array(row.topProducts.map { .object([("name", .string($0.name)), ("interest", .double($0.value))]) })),
                    ("criteria", .object(row.values.map { ($0.column, $0.value) })),
                ])
            })),
        ])
    }

    /// The JSON text.
    public var jsonText: String { jsonValue.text() + "\n" }

    /// The columns every row has, then one per criterion used.
    static let baseHeaders = ["member id", "grade", "gender", "birth year", "segment", "visits", "last visit", "product 1", "interest", "product 2",
                              "interest", "product 3", "interest"]
    static let baseMachineHeaders = ["member_id", "grade", "gender", "birth_year", "segment", "visits", "last_visit", "product_1", "product_1_interest",
                                     "product_2", "product_2_interest", "product_3", "product_3_interest"]

    /// A criterion column's head: its key for machines (`interest:보험:3`), a label for people (`관심도 보험:3`).
    static func criterionHeader(_ column: String, people: Bool) -> String {
        guard people, let colon = column.firstIndex(of: ":") else { return column }
        let flag = String(column[..<colon]), text = String(column[column.index(after: colon)...])
        if flag == "where" { return text }
        let labels = ["visited-within": "last visit day", "min-visits": "visits", "not-reached": "not reached", "dropped": "furthest step",
                      "maturity-within": "maturity"]
        return L(labels[flag] ?? flag) + " " + text
    }

    func cells(_ row: Row, _ format: CellFormat) -> [String] {
        // For people the last visit reads `2026-11-17 20:18` (site time); machines get ISO 8601 with the offset.
        let lastVisit = format.people ? String(row.lastVisit.prefix(16)).replacingOccurrences(of: "T", with: " ") : row.lastVisit
        var cells = [row.memberId, row.grade.map(format.label) ?? "", row.gender.map(format.label) ?? "", row.birthYear.map(String.init) ?? "",
                     format.label(row.segment), format.count(row.visits), lastVisit]
        for index in 0..<3 {
            cells += index < row.topProducts.count ? [row.topProducts[index].name, format.score(row.topProducts[index].value)] : ["", ""]
        }
        for (_, value) in row.values {
            switch value {
            case .string(let text): cells.append(format.people ? format.label(text) : text)
            case .int(let number): cells.append(format.count(number))
            case .double(let number): cells.append(format.score(number))
            default: cells.append("")
            }
        }
        return cells
    }

    /// One row per member, one value per cell; a column per criterion after the fixed ones (`interest:보험`,
    /// `reached:signup_complete`, …). No rows: the header alone.
    public var csvText: String {
        let format = CellFormat.csv
        let criterionHeaders = plan.entries.map { Self.criterionHeader($0.column, people: format.people) }
        // For a CRM to load: values as they are (but for the formula guard), unless --excel asks for people's numbers.
        // The lines are made on every core, 8,192 rows a part.
        let header = CSVWriter.text(headers: format.headers(Self.baseHeaders, machine: Self.baseMachineHeaders) + criterionHeaders, rows: [], exact: !format.people)
        let parts = stride(from: 0, to: rows.count, by: 8_192).map { $0..<min($0 + 8_192, rows.count) }
        let made = Mutex<[Int: [UInt8]]>([:])
        let style = ReportStyle.current  // a task-local: the workers are not tasks, each binds it again
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            let bytes = ReportStyle.$current.withValue(style) {
                CSVWriter.lines(ArraySlice(rows[parts[index]].map { cells($0, format) }), exact: !format.people)
            }
            made.withLock { $0[index] = bytes }
        }
        var bytes = Array(header.utf8)
        made.withLock { done in for index in parts.indices { bytes += done[index]! } }
        return String(decoding: bytes, as: UTF8.self)
    }

    var heading: String {
        L("Audience") + (name.map { " \($0)" } ?? "") + " \(from) – \(to)" + " — " + PeopleNumbers.count(rows.count) + " " + L("members")
    }

    /// A terminal table: the member, grade, segment, visits, last visit, first product and the criteria's values.
    public var tableText: String {
        let format = CellFormat.forPeople
        let headers = ["member id", "grade", "gender", "birth year", "segment", "visits", "last visit", "product 1", "interest"].map(L)
            + plan.entries.map { Self.criterionHeader($0.column, people: true) }
        let table = TextTable(
            headers: headers, rows: rows.map { Array(cells($0, format).prefix(9)) + Array(cells($0, format).dropFirst(13)) },
            rightAligned: Set([5, 8]))
        return TextTable.sanitized(heading) + "\n" + table.fitted(dropping: [3, 2, 8, 7])
    }

    /// A criterion as its flags (`--dropped insurance_signup:2 --window 7`).
    static func flagText(_ entry: AudiencePlan.Entry) -> String {
        "--\(entry.flag) \(entry.text)" + {
            if case .dropped(_, _, _, let window?) = entry.criterion { return " --window \(window)" } else { return "" }
        }()
    }

    /// `--explain`: the members who visited, then after each criterion in order how many remain.
    public var explanationText: String {
        var lines = [[L("members who visited in the range"), "", PeopleNumbers.count(remaining.first ?? 0)]]
        for (index, entry) in plan.entries.enumerated() where index + 1 < remaining.count {
            let flag = Self.flagText(entry)
            lines.append([flag, "−" + PeopleNumbers.count(remaining[index] - remaining[index + 1]), PeopleNumbers.count(remaining[index + 1])])
        }
        return TextTable.sanitized(L("Audience") + (name.map { " \($0)" } ?? "") + " \(from) – \(to)") + "\n"
            + TextTable(headers: [L("criterion"), L("removed"), L("members left")], rows: lines, rightAligned: [1, 2]).text + "\n"
    }
}

extension Audience {
    /// The list as a page: the criteria, then a row per member (the console shows it to consultants and admins).
    public var htmlText: String {
        var page = HTMLPage(title: heading)
        let criteria = plan.entries.map(Self.flagText).joined(separator: "  ")
        page.sections.append("<p class=\"note\">" + HTMLPage.escape(criteria.isEmpty ? L("members who visited in the range") : criteria)
            + (matched > rows.count ? HTMLPage.escape(" (\(PeopleNumbers.count(rows.count)) / \(PeopleNumbers.count(matched)))") : "") + "</p>")
        let format = CellFormat.forPeople
        let headers = ["member id", "grade", "gender", "birth year", "segment", "visits", "last visit", "product 1", "interest", "product 2", "interest",
                       "product 3", "interest"].map(L) + plan.entries.map { Self.criterionHeader($0.column, people: true) }
        page.sections.append(HTMLPage.table(headers: headers, rows: rows.map { cells($0, format) }, numericColumns: [5, 8, 10, 12]))
        return page.text
    }
}
