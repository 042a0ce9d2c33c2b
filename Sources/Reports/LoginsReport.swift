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
        let visits = try VisitColumns.load(from: store, query: query, columns: ["member_no", "logged_in", "grade"])
        // Per member number: logged-in visits, the last day of one, and the grade of the latest (rows come in day order).
        let size = Int((visits.memberNumber.max() ?? -1) + 1)
        var counts = [Int32](repeating: 0, count: size)
        var lastDay = [Int32](repeating: 0, count: size)
        var gradeCode = [Int32](repeating: ParquetStringCodes.null, count: size)
        for row in 0..<visits.count where visits.loggedIn[row] {
            let member = Int(visits.memberNumber[row])
            guard member >= 0 else { continue }
            counts[member] += 1
            lastDay[member] = visits.day[row].daysSinceEpoch
            gradeCode[member] = visits.grade.codes[row]
        }
        var frequency = [0, 0, 0, 0]
        var recency = [0, 0, 0, 0]
        var members = 0, logins = 0
        // Per grade code (+1: the first slot is "none"): members and their logged-in visits.
        var byGrade = [(members: Int, logins: Int)](repeating: (0, 0), count: visits.grade.dictionary.count + 1)
        for member in 0..<size where counts[member] > 0 {
            let count = Int(counts[member])
            members += 1
            logins += count
            frequency[count == 1 ? 0 : count <= 3 ? 1 : count <= 7 ? 2 : 3] += 1
            let age = Int(query.to.daysSinceEpoch - lastDay[member])
            recency[age == 0 ? 0 : age <= 6 ? 1 : age <= 29 ? 2 : 3] += 1
            byGrade[Int(gradeCode[member]) + 1].members += 1
            byGrade[Int(gradeCode[member]) + 1].logins += count
        }
        var grades: [String: (members: Int, logins: Int)] = [:]
        for (slot, tally) in byGrade.enumerated() where tally.members > 0 {
            let name = slot == 0 ? "none" : visits.grade.dictionary[slot - 1]
            let known = grades[name] ?? (0, 0)
            grades[name] = (known.members + tally.members, known.logins + tally.logins)
        }
        return LoginsReport(
            query: query, members: members, logins: logins, frequency: frequency, recency: recency,
            grades: grades.sorted { $0.value.members != $1.value.members ? $0.value.members > $1.value.members : $0.key < $1.key }
                .map { ($0.key, $0.value.members, $0.value.logins) })
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
