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

    var headers: [String] {
        (query.filtersVisits ? [] : ["hits", "bot hits"])
            + ["page views", "visits", "visitors", "first-time", "logins", "logins/day", "logins/member", "pages/visit", "avg visit s", "bounce rate"]
    }

    func cells(_ figures: Figures) -> [String] {
        func fraction(_ value: Double) -> String { JSONValue.format((value * 100).rounded() / 100) }
        var cells: [String] = []
        if !query.filtersVisits { cells += [String(figures.hits ?? 0), String(figures.botHits ?? 0)] }
        return cells + [
            String(figures.pageViews), String(figures.visits), String(figures.visitors), String(figures.firstTimeVisitors),
            String(figures.logins), fraction(figures.loginsPerDay), fraction(figures.loginsPerMember),
            fraction(figures.pagesPerVisit), fraction(figures.averageVisitDurationSeconds), fraction(figures.bounceRate),
        ]
    }

    var rows: [[String]] {
        daily.map { [$0.day.description] + cells($0.figures) } + [["total"] + cells(totals)]
    }

    /// The terminal table.
    public var tableText: String {
        let filters = query.filterValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let table = TextTable(headers: ["day"] + headers, rows: rows, rightAligned: Set(1...headers.count))
        let deviceLine = "devices (visits): " + devices.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "overview \(query.from) – \(query.to)" + (filters.isEmpty ? "" : "  [\(TextTable.sanitized(filters))]") + "\n"
            + table.text + "\n" + deviceLine
    }

    /// The CSV form: a row per day and a total row.
    public var csvText: String {
        CSVWriter.text(headers: ["day"] + headers.map { $0.replacingOccurrencesOfSpaces() }, rows: rows)
    }

    /// The HTML page: key figures, the daily series, the device split, the table.
    public var htmlText: String {
        var page = HTMLPage(title: "Site overview \(query.from) – \(query.to)")
        var kpis = "<div class=\"kpi\">"
        for (label, value) in [
            ("visitors", String(totals.visitors)), ("visits", String(totals.visits)), ("page views", String(totals.pageViews)),
            ("first-time", String(totals.firstTimeVisitors)), ("logins", String(totals.logins)),
            ("bounce rate", JSONValue.format((totals.bounceRate * 1000).rounded() / 1000)),
        ] {
            kpis += "<div>\(HTMLPage.escape(label))<b>\(HTMLPage.escape(value))</b></div>"
        }
        page.sections.append(kpis + "</div>")
        if !query.filterValues.isEmpty {
            page.sections.append("<p>Filters: " + HTMLPage.escape(query.filterValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) + "</p>")
        }
        let labels = daily.map(\.day.description)
        page.sections.append(HTMLPage.lineChart(
            labels: labels,
            series: [("visits", daily.map { Double($0.figures.visits) }), ("visitors", daily.map { Double($0.figures.visitors) }),
                     ("page views", daily.map { Double($0.figures.pageViews) })],
            title: "Daily visits, visitors and page views"))
        page.sections.append(HTMLPage.barChart(devices.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }, title: "Visits by device"))
        page.sections.append("<h2>By day</h2>" + HTMLPage.table(headers: ["day"] + headers, rows: rows, numericColumns: Set(1...headers.count)))
        return page.text
    }
}

extension String {
    fileprivate func replacingOccurrencesOfSpaces() -> String {
        String(map { $0 == " " || $0 == "/" || $0 == "-" ? "_" : $0 })
    }
}
