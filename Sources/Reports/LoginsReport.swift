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
        let tally = try MemberLoginTally.load(from: store, query: query)
        let size = tally.counts.count
        let (counts, lastDay, gradeCode) = (tally.counts, tally.lastDay, tally.grade)
        var frequency = [0, 0, 0, 0]
        var recency = [0, 0, 0, 0]
        var members = 0, logins = 0
        // Per grade code (+1: the first slot is "none"): members and their logged-in visits.
        var byGrade = [(members: Int, logins: Int)](repeating: (0, 0), count: tally.grades.dictionary.count + 1)
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
        for (slot, figures) in byGrade.enumerated() where figures.members > 0 {
            let name = slot == 0 ? "none" : tally.grades.dictionary[slot - 1]
            let known = grades[name] ?? (0, 0)
            grades[name] = (known.members + figures.members, known.logins + figures.logins)
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

    /// The three lists, each with the share of the members in each line.
    func sections(_ format: CellFormat) -> [(title: String, headers: [String], rows: [[String]])] {
        func share(_ count: Int) -> String { format.percent(OverviewReport.ratio(count, members)) }
        return [
            ("members by logged-in visits", ["visits", "members", "share"], zip(Self.frequencyBuckets, frequency).map { [$0.0, format.count($0.1), share($0.1)] }),
            ("members by days since their last logged-in visit", ["days", "members", "share"],
             zip(Self.recencyBuckets, recency).map { [$0.0, format.count($0.1), share($0.1)] }),
            ("by grade", ["grade", "members", "logins"], grades.map { [format.label($0.grade), format.count($0.members), format.count($0.logins)] }),
        ]
    }

    var heading: String {
        title("Logins") + ": " + PeopleNumbers.count(members) + " " + L("members") + ", " + PeopleNumbers.count(logins) + " " + L("logged-in visits")
    }

    public var tableText: String {
        TextTable.sanitized(heading) + "\n" + sections(.forPeople).map {
            "\n" + L($0.title) + "\n" + TextTable(headers: $0.headers.map(L), rows: $0.rows, rightAligned: Set(1..<$0.headers.count)).text
        }.joined(separator: "\n")
    }

    /// One table: the list, the line's key, and its figures (members and the share, or members and logins).
    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(
            headers: format.headers(["list", "key", "members", "share or logins"], machine: ["list", "key", "members", "share_or_logins"]),
            rows: sections(format).flatMap { section in section.rows.map { [format.people ? L(section.title) : section.title] + $0 } })
    }

    public var htmlText: String {
        var page = HTMLPage(title: title("Logins"))
        page.sections.append(HTMLPage.keyFigures([
            (L("members"), PeopleNumbers.count(members)), (L("logged-in visits"), PeopleNumbers.count(logins)),
            (L("logins/member"), PeopleNumbers.decimal(OverviewReport.ratio(logins, members))),
        ]))
        page.sections.append(HTMLPage.barChart(
            zip(Self.frequencyBuckets, frequency).map { ($0.0 + " " + L("visits"), Double($0.1)) }, title: L("Members by logged-in visits")))
        for section in sections(.forPeople) {
            page.sections.append("<h2>\(HTMLPage.escape(L(section.title)))</h2>"
                + HTMLPage.table(
                    headers: section.headers.map(L), rows: section.rows, numericColumns: Set(1..<section.headers.count),
                    filters: section.title == "by grade" ? [0: ("grade", grades.map { $0.grade == "none" ? "" : $0.grade })] : [:]))
        }
        return page.text
    }
}

/// Per member number, over the logged-in visits of a range that pass the query's filters: how many, the
/// day of the last, and the grade of the latest. Summed day by day on every core, so that no column of
/// the range's millions of visits is held.
struct MemberLoginTally: Sendable {
    var counts: [Int32] = []
    var lastDay: [Int32] = []
    /// Codes into `grades` (the null code: no grade).
    var grade: [Int32] = []
    var grades = ParquetStringCodes()

    private mutating func grow(to size: Int) {
        guard size > counts.count else { return }
        let more = size - counts.count
        counts.append(contentsOf: repeatElement(0, count: more))
        lastDay.append(contentsOf: repeatElement(0, count: more))
        grade.append(contentsOf: repeatElement(ParquetStringCodes.null, count: more))
    }

    static func load(from store: Store, query: ReportQuery) throws -> MemberLoginTally {
        return try DayParallelLoad.loadFiles(.visits, of: store, days: query.days, empty: MemberLoginTally()) { tally, day, reader in
            var members: [Int32] = [], loggedIn: [Bool] = [], grades = ParquetStringCodes()
            try reader.readColumn("member_no", appendingTo: &members, nullsAs: -1)
            try reader.readColumn("logged_in", appendingTo: &loggedIn)
            try reader.readColumn("grade", codingInto: &grades)
            let passes = query.filtersVisits ? try VisitColumns.filterMask(reader, day: day, query: query) : nil
            let gradeCodes = grades.dictionary.map { tally.grades.code(for: $0) }
            tally.grow(to: Int((members.max() ?? -1) + 1))
            for row in members.indices where loggedIn[row] && members[row] >= 0 && passes?[row] ?? true {
                let member = Int(members[row])
                tally.counts[member] += 1
                tally.lastDay[member] = day.daysSinceEpoch
                tally.grade[member] = grades.codes[row] < 0 ? ParquetStringCodes.null : gradeCodes[Int(grades.codes[row])]
            }
        } join: { tally, later in
            tally.grow(to: later.counts.count)
            let gradeCodes = later.grades.dictionary.map { tally.grades.code(for: $0) }
            for member in later.counts.indices where later.counts[member] > 0 {
                tally.counts[member] += later.counts[member]
                tally.lastDay[member] = later.lastDay[member]
                tally.grade[member] = later.grade[member] < 0 ? ParquetStringCodes.null : gradeCodes[Int(later.grade[member])]
            }
        }
    }
}
