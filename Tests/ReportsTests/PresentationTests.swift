import Foundation
import LogAnalytics
import LogIngest
@testable import Reports
import SiteConfig
import Testing

/// Issue 19, numbers and words for people: thousands separators, rates as %, m:ss, ₩; Korean labels; terminal
/// tables within 120 columns; one value per CSV cell; the crosstab, funnel page names, conversion rates and
/// channel split, days to maturity, and the export's gender and age band — on the bundled sample.
@Suite("Reports for people")
struct PresentationTests {
    @Test(arguments: [
        (1_234_567.0, "count", "1,234,567"), (-1_234.0, "count", "-1,234"), (0.4481, "percent", "44.8%"), (0.00027, "percent", "0.03%"),
        (0.0, "percent", "0.0%"), (1.0, "percent", "100.0%"), (128.4, "duration", "2:08"), (3725.0, "duration", "1:02:05"),
        (-17.0, "duration", "-0:17"), (1_166_666.67, "money", "₩1,166,667"), (2153.468160, "score", "2,153.5"), (3.0249, "decimal", "3.02"),
        (0.996, "decimal", "1.00"),
    ])
    func numbersForPeople(value: Double, kind: String, expected: String) {
        let shown: String
        switch kind {
        case "count": shown = PeopleNumbers.count(Int(value))
        case "percent": shown = PeopleNumbers.percent(value)
        case "duration": shown = PeopleNumbers.duration(value)
        case "money": shown = PeopleNumbers.money(value)
        case "score": shown = PeopleNumbers.score(value)
        default: shown = PeopleNumbers.decimal(value)
        }
        #expect(shown == expected)
    }

    @Test func everyKoreanLabelIsWrittenOnce() {
        var seen: [String: Int] = [:]
        for pair in KoreanLabels.pairs { seen[pair.key, default: 0] += 1 }
        #expect(seen.filter { $0.value > 1 }.keys.sorted() == [])
    }

    static func rendered<T>(_ style: ReportStyle, _ body: () throws -> T) rethrows -> T {
        try ReportStyle.$current.withValue(style, operation: body)
    }

    /// The heads of a terminal table: the line above each line of dashes.
    static func headLines(_ table: String) -> [String] {
        let lines = table.components(separatedBy: "\n")
        return lines.indices.dropFirst().filter { lines[$0].hasPrefix("--") }.map { lines[$0 - 1] }
    }

    /// Every report in Korean: its first table's heads carry no English word, the page declares `lang="ko"`,
    /// and no line of the terminal table is wider than 120 columns (in English either).
    @Test(arguments: GoldenFilesTests.reports)
    func koreanLabelsAndTablesThatFit(report name: String) throws {
        let report = try GoldenFilesTests.make(name)
        let korean = Self.rendered(ReportStyle(language: .ko)) { (report.tableText, report.htmlText) }
        let english = Self.rendered(ReportStyle(language: .en)) { report.tableText }
        let head = try #require(Self.headLines(korean.0).first, "\(name): no table")
        #expect(head.unicodeScalars.allSatisfy { !(("A"..."Z").contains($0) || ("a"..."z").contains($0)) }, "\(name): \(head)")
        #expect(korean.1.contains("<html lang=\"ko\">"))
        for text in [korean.0, english] {
            for line in text.components(separatedBy: "\n") {
                #expect(TextTable.displayWidth(line) <= 120, "\(name): \(TextTable.displayWidth(line)) columns: \(line.prefix(60))")
            }
        }
    }

    /// `--wide` keeps the columns a narrow table leaves out (the overview's, in Korean).
    @Test func wideKeepsEveryColumn() throws {
        let report = try GoldenFilesTests.make("overview")
        let narrow = Self.rendered(ReportStyle(language: .ko)) { report.tableText }
        let wide = Self.rendered(ReportStyle(language: .ko, wide: true)) { report.tableText }
        #expect(narrow.contains("--wide"))
        #expect(!wide.contains("--wide"))
        #expect(Self.headLines(wide).first.map(TextTable.displayWidth) ?? 0 > 120)
        #expect(wide.contains("일평균 로그인") && !narrow.contains("일평균 로그인 "))
    }

    /// No CSV cell packs a list (`name (123), other (45)`), in either CSV.
    @Test(arguments: GoldenFilesTests.reports)
    func oneValuePerCSVCell(report name: String) throws {
        let report = try GoldenFilesTests.make(name)
        let packed = try Regex(#"\(\d[\d,.]*\)"#)
        for excel in [false, true] {
            let csv = Self.rendered(ReportStyle(excel: excel)) { report.csvText }
            #expect(csv.firstMatch(of: packed) == nil, "\(name) (excel: \(excel)): \(csv.prefix(300))")
        }
    }

    /// The KPI box and the table of the overview round alike: the bounce rate as one percentage, m:ss durations.
    @Test func aKeyFigureAndItsTableAgree() throws {
        let report = try #require(try GoldenFilesTests.make("overview") as? OverviewReport)
        let html = report.htmlText
        let rate = PeopleNumbers.percent(report.totals.bounceRate)
        let duration = PeopleNumbers.duration(report.totals.averageVisitDurationSeconds)
        #expect(html.contains("<b>\(rate)</b>") && html.contains(">\(rate)</td>"))
        #expect(html.contains("<b>\(duration)</b>") && html.contains(">\(duration)</td>"))
        #expect(html.firstMatch(of: try Regex(#">[^<]*\d\.\d{3,}[^<]*<"#)) == nil, "a raw float in the page's text")
    }

    /// `groups` as a crosstab: each grade row's total adds its age-band cells, the gender's total row adds the
    /// grades, and the grade shares of a gender add up to 100%.
    @Test func groupsIsACrosstab() throws {
        let report = try #require(try GoldenFilesTests.make("groups") as? GroupsReport)
        let crosstabs = report.crosstabs()
        #expect(crosstabs.map(\.gender) == ["F", "M"])
        for crosstab in crosstabs {
            func number(_ cell: String) -> Int { Int(cell.filter(\.isNumber)) ?? 0 }
            let grades = crosstab.rows.dropLast()
            for row in grades {
                #expect(row.dropFirst().dropLast(2).map(number).reduce(0, +) == number(row[row.count - 2]))
            }
            #expect(grades.map { number($0[$0.count - 2]) }.reduce(0, +) == crosstab.total)
            let shares = grades.map { Double($0.last!.dropLast()) ?? 0 }.reduce(0, +)
            #expect(abs(shares - 100) < 0.5)
            let visitors = report.cells.filter { $0.gender == crosstab.gender }.reduce(0) { $0 + $1.visitors }
            #expect(crosstab.total == visitors)
        }
    }

    /// The conversions' rates are their counts over their denominators, and the channel split adds up to the
    /// totals and to the overview's visits.
    @Test func conversionsHaveRatesAndAChannelSplit() throws {
        let report = try #require(try GoldenFilesTests.make("conversions") as? ConversionsReport)
        let overview = try #require(try GoldenFilesTests.make("overview") as? OverviewReport)
        #expect(report.byChannel.map(\.channel) == Channel.allCases)
        #expect(report.byChannel.reduce(0) { $0 + $1.visits } == overview.totals.visits)
        #expect(report.byChannel.reduce(0) { $0 + $1.signupVisits } == report.signupVisits)
        #expect(report.byChannel.reduce(0) { $0 + $1.anonymousVisits } == report.anonymousVisits)
        #expect(report.signupVisits > 0 && report.anonymousVisits > report.signupVisits)
        #expect(abs(report.signupRate - Double(report.signupVisits) / Double(report.anonymousVisits)) < 1e-12)
        #expect(report.membersVisited > report.firstContracts.count)
        #expect(abs(report.firstContractRate - Double(report.firstContracts.count) / Double(report.membersVisited)) < 1e-12)
    }

    /// Funnel steps carry the page names of their `[[pages]]` rules.
    @Test func funnelStepsShowPageNames() throws {
        let report = try #require(try GoldenFilesTests.make("funnel") as? FunnelReport)
        #expect(report.pageNames == ["보험상품 상세", "보험료 계산", "청약서 작성", "청약 완료"])
        #expect(report.tableText.contains("보험료 계산") && report.tableText.contains("/calc/premium.do"))
        let rules: [(glob: PathGlob, page: String?)] = [(PathGlob("/a/**"), "A"), (PathGlob("/b/*.do"), "B")]
        #expect(FunnelReport.pageNames(steps: ["/a/x.do", "/b/*.do", "/c/*.do"], rules: rules) == ["A", "B", nil])
    }

    /// Days to maturity: from the range's last day to the maturity date, within the 20-day horizon.
    @Test func retentionWatchShowsDaysToMaturity() throws {
        let report = try #require(try GoldenFilesTests.make("retention-watch") as? RetentionWatchReport)
        #expect(!report.rows.isEmpty)
        for row in report.rows {
            let days = report.daysToMaturity(row)
            #expect((1...RetentionWatchReport.horizonDays).contains(days))
            #expect(GoldenFilesTests.range.to.adding(days: days).description == row.maturityDate)
        }
    }

    /// `export interest` names each member's gender and age band, as customers.csv gives them.
    @Test func interestExportHasGenderAndAgeBand() throws {
        let configuration = try SiteConfiguration.load(path: ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path)
        let customers = try SiteCatalog.load(for: configuration).customers
        let export = try InterestExport.make(store: ReportFixture.store, query: GoldenFilesTests.range, customers: customers, top: 3)
        #expect(!export.rows.isEmpty)
        for row in export.rows.prefix(200) {
            let customer = try #require(customers[row.memberId])
            #expect(row.gender == (customer.gender ?? "unknown"))
            #expect(row.ageBand == ageBand(birthYear: customer.birthYear, at: 2026))
        }
    }
}
