import LogAnalytics

/// The renderings of ``OverviewReport``: JSON (the contract of SPEC §10), table, CSV, HTML.
extension OverviewReport {
    static func json(_ figures: Figures) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = []
        if let hits = figures.hits { pairs.append(("hits", .int(hits))) }
        if let bots = figures.botHits { pairs.append(("bot_hits", .int(bots))) }
        pairs += [
            ("page_views", .int(figures.pageViews)), ("visits", .int(figures.visits)), ("visitors", .int(figures.visitors)),
            ("first_time_visitors", .int(figures.firstTimeVisitors)), ("logins", .int(figures.logins)),
            ("logins_per_day", .double(figures.loginsPerDay)), ("logins_per_member", .double(figures.loginsPerMember)),
            ("pages_per_visit", .double(figures.pagesPerVisit)),
            ("avg_visit_duration_s", .double(figures.averageVisitDurationSeconds)), ("bounce_rate", .double(figures.bounceRate)),
        ]
        return pairs
    }

    /// The JSON contract: `report`, `from`, `to`, `filters`, `totals`, `daily`, `devices`.
    public var jsonValue: JSONValue {
        .object([
            ("report", .string("overview")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("totals", .object(Self.json(totals))),
            ("daily", .array(daily.map { .object([("day", .string($0.day.description))] + Self.json($0.figures)) })),
            ("devices", .object(devices.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ])
    }

    /// The columns, in the seed tool's analysis order: visitors → visits → page views → hits (issue 19).
    var headers: [String] {
        ["visitors", "first-time", "visits", "pages/visit", "avg visit", "bounce rate", "page views", "logins", "logins/day", "logins/member"]
            + (query.filtersVisits ? [] : ["hits", "bot hits"])
    }

    /// A row's cells: numbers for people (`people`), or as the JSON has them (machine CSV).
    func cells(_ figures: Figures, people: Bool) -> [String] {
        typealias N = PeopleNumbers
        func count(_ value: Int) -> String { people ? N.count(value) : String(value) }
        func fraction(_ value: Double, _ shown: (Double) -> String) -> String { people ? shown(value) : JSONValue.format(value) }
        var cells = [
            count(figures.visitors), count(figures.firstTimeVisitors), count(figures.visits),
            fraction(figures.pagesPerVisit) { N.decimal($0) }, fraction(figures.averageVisitDurationSeconds, N.duration),
            fraction(figures.bounceRate, N.percent), count(figures.pageViews), count(figures.logins),
            fraction(figures.loginsPerDay) { N.decimal($0, places: 1) }, fraction(figures.loginsPerMember) { N.decimal($0) },
        ]
        if !query.filtersVisits { cells += [count(figures.hits ?? 0), count(figures.botHits ?? 0)] }
        return cells
    }

    func rows(people: Bool) -> [[String]] {
        daily.map { [$0.day.description] + cells($0.figures, people: people) } + [[people ? L("total") : "total"] + cells(totals, people: people)]
    }


    /// The terminal table (past 120 columns, the ratios of logins and the hits go first; `--wide` keeps all).
    public var tableText: String {
        let table = TextTable(headers: ([L("day")] + headers.map(L)), rows: rows(people: true), rightAligned: Set(1...headers.count))
        let deviceLine = L("devices") + " (" + L("visits") + "): " + devices.sorted { $0.key < $1.key }.map { "\(L($0.key)) \(PeopleNumbers.count($0.value))" }.joined(separator: ", ")
        return L("Site overview") + " \(query.from) – \(query.to)" + (filterLine.isEmpty ? "" : "  [\(TextTable.sanitized(filterLine))]") + "\n"
            + table.fitted(dropping: [10, 9, 12, 11, 8]) + "\n" + deviceLine
    }

    /// The CSV form: a row per day and a total row (for Excel: the labels and numbers for people).
    public var csvText: String {
        let excel = ReportStyle.current.excel
        let names = excel ? [L("day")] + headers.map(L) : ["day"] + headers.map { $0.replacingOccurrencesOfSpaces() }
        return CSVWriter.text(headers: names, rows: rows(people: excel))
    }

    /// The HTML page: key figures, the daily series, the device split, the table.
    public var htmlText: String {
        htmlText(comparedWith: nil)
    }

    /// The HTML page, with an earlier period's daily visits drawn dashed under this one's when given.
    public func htmlText(comparedWith earlier: OverviewReport?) -> String {
        typealias N = PeopleNumbers
        var page = HTMLPage(title: L("Site overview") + " \(query.from) – \(query.to)")
        page.sections.append(HTMLPage.keyFigures([
            (L("visitors"), N.count(totals.visitors)), (L("visits"), N.count(totals.visits)), (L("page views"), N.count(totals.pageViews)),
            (L("first-time"), N.count(totals.firstTimeVisitors)), (L("avg visit"), N.duration(totals.averageVisitDurationSeconds)),
            (L("bounce rate"), N.percent(totals.bounceRate)), (L("logins"), N.count(totals.logins)),
        ]))
        if !filterLine.isEmpty { page.sections.append("<p class=\"note\">" + HTMLPage.escape(L("Filters") + ": " + filterLine) + "</p>") }
        var series = [
            HTMLPage.Series(L("visits"), daily.map { Double($0.figures.visits) }), HTMLPage.Series(L("visitors"), daily.map { Double($0.figures.visitors) }),
            HTMLPage.Series(L("page views"), daily.map { Double($0.figures.pageViews) }),
        ]
        if let earlier {
            series.append(HTMLPage.Series(L("visits") + " (" + L("before") + ")", earlier.daily.map { Double($0.figures.visits) }, dashed: true))
        }
        page.sections.append(HTMLPage.lineChart(labels: daily.map(\.day.description), series: series, title: L("Daily visits, visitors and page views")))
        let sortedDevices = devices.sorted { $0.key < $1.key }
        page.sections.append(HTMLPage.barChart(
            sortedDevices.map { (L($0.key), Double($0.value)) }, title: L("Visits by device"), filter: ("device", sortedDevices.map(\.key))))
        page.sections.append("<h2>\(HTMLPage.escape(L("By day")))</h2>" + HTMLPage.table(headers: [L("day")] + headers.map(L), rows: rows(people: true), numericColumns: Set(1...headers.count)))
        return page.text
    }
}

extension String {
    fileprivate func replacingOccurrencesOfSpaces() -> String {
        String(map { $0 == " " || $0 == "/" || $0 == "-" ? "_" : $0 })
    }
}
