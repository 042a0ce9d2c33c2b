public import FootfallStore
import LogAnalytics
import ParquetStore

/// The `logins` report (SPEC §8): the activity of logged-in members over the range — how many logged-in
/// visits each made (buckets 1, 2–3, 4–7, 8+), how recently (days from their last logged-in visit to the
/// range end: 0, 1–6, 7–29, 30+), and members and logins per customer grade.
public struct LoginsReport: Sendable {
    public static let frequencyBuckets = ["1", "2-3", "4-7", "8+"]
    public static let recencyBuckets = ["0", "1-6", "7-29", "30+"]

    public var query: ReportQuery
    public var members = 0
    public var logins = 0
    /// Members per bucket.
    public var frequency: [Int]
    public var recency: [Int]
    /// (grade, members, logins); members absent from customers.csv under "none".
    public var grades: [(grade: String, members: Int, logins: Int)]

    public static func make(store: Store, query: ReportQuery) throws -> LoginsReport {
        let visits = try VisitColumns.load(from: store, query: query, columns: ["member_id", "logged_in", "grade"])
        // Per member code: logged-in visits, last day, grade of the latest row.
        var perCode = [(count: Int, last: SiteDay, grade: Int32)?](repeating: nil, count: visits.memberId.dictionary.count)
        for row in 0..<visits.count where visits.loggedIn[row] {
            let member = visits.memberId.codes[row]
            guard member >= 0 else { continue }
            let known = perCode[Int(member)]
            perCode[Int(member)] = ((known?.count ?? 0) + 1, max(known?.last ?? visits.day[row], visits.day[row]), visits.grade.codes[row])
        }
        var perMember: [String: (count: Int, last: SiteDay, grade: String)] = [:]
        for (code, entry) in perCode.enumerated() {
            guard let entry else { continue }
            perMember[visits.memberId.dictionary[code]] = (entry.count, entry.last, entry.grade < 0 ? "none" : visits.grade.dictionary[Int(entry.grade)])
        }
        var frequency = [0, 0, 0, 0]
        var recency = [0, 0, 0, 0]
        var grades: [String: (Int, Int)] = [:]
        for (_, entry) in perMember {
            frequency[entry.count == 1 ? 0 : entry.count <= 3 ? 1 : entry.count <= 7 ? 2 : 3] += 1
            let age = Int(query.to.daysSinceEpoch - entry.last.daysSinceEpoch)
            recency[age == 0 ? 0 : age <= 6 ? 1 : age <= 29 ? 2 : 3] += 1
            let known = grades[entry.grade] ?? (0, 0)
            grades[entry.grade] = (known.0 + 1, known.1 + entry.count)
        }
        return LoginsReport(
            query: query, members: perMember.count, logins: perMember.values.reduce(0) { $0 + $1.count }, frequency: frequency,
            recency: recency,
            grades: grades.sorted { $0.value.0 != $1.value.0 ? $0.value.0 > $1.value.0 : $0.key < $1.key }.map { ($0.key, $0.value.0, $0.value.1) })
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("logins")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("members", .int(members)), ("logins", .int(logins)),
            ("frequency", .object(zip(Self.frequencyBuckets, frequency).map { ($0.0, .int($0.1)) })),
            ("recency_days", .object(zip(Self.recencyBuckets, recency).map { ($0.0, .int($0.1)) })),
            ("by_grade", .array(grades.map { .object([("grade", .string($0.grade)), ("members", .int($0.members)), ("logins", .int($0.logins))]) })),
        ])
    }

    var sections: [(title: String, headers: [String], rows: [[String]])] {
        [
            ("members by logged-in visits", ["visits", "members"], zip(Self.frequencyBuckets, frequency).map { [$0.0, String($0.1)] }),
            ("members by days since their last logged-in visit", ["days", "members"], zip(Self.recencyBuckets, recency).map { [$0.0, String($0.1)] }),
            ("by grade", ["grade", "members", "logins"], grades.map { [$0.grade, String($0.members), String($0.logins)] }),
        ]
    }

    public var tableText: String {
        "logins \(query.from) – \(query.to): \(members) members, \(logins) logged-in visits\n"
            + sections.map { "\n\($0.title)\n" + TextTable(headers: $0.headers, rows: $0.rows, rightAligned: Set(1..<$0.headers.count)).text }.joined(separator: "\n")
    }

    public var csvText: String {
        CSVWriter.text(headers: ["list", "key", "members", "logins"], rows: sections.flatMap { section in section.rows.map { [section.title] + $0 } })
    }

    public var htmlText: String {
        var page = HTMLPage(title: "Logins \(query.from) – \(query.to)")
        page.sections.append("<p>\(members) members, \(logins) logged-in visits</p>")
        page.sections.append(HTMLPage.barChart(zip(Self.frequencyBuckets, frequency).map { ($0.0 + " visits", Double($0.1)) }, title: "Members by logged-in visits"))
        for section in sections {
            page.sections.append("<h2>\(HTMLPage.escape(section.title))</h2>" + HTMLPage.table(headers: section.headers, rows: section.rows, numericColumns: Set(1..<section.headers.count)))
        }
        return page.text
    }
}
