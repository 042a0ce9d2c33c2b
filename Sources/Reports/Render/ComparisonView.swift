import Foundation
public import LogAnalytics

/// The comparison of SPEC §12.22 for people: each headline figure now, in the earlier period, and its change
/// (Δ%), as a table, CSV rows, or an HTML section with rising figures green and falling ones red; the overview
/// also gets its daily visits drawn over the earlier period's, dashed.
public struct ComparisonView: Sendable {
    public var headlines: [(name: String, now: Double, before: Double?, relative: Double?)]
    public var period: ComparisonPeriod
    public var range: ClosedRange<SiteDay>
    /// Whether the store holds any day of the earlier range.
    public var available: Bool

    public init(headlines: [(name: String, now: Double, before: Double?, relative: Double?)], period: ComparisonPeriod, range: ClosedRange<SiteDay>, available: Bool) {
        self.headlines = headlines
        self.period = period
        self.range = range
        self.available = available
    }

    var title: String {
        L("compared with") + " \(range.lowerBound) – \(range.upperBound) (" + L(period == .previous ? "the previous period" : "a year earlier") + ")"
    }

    /// A headline's value as people read it, by what its JSON key says it is: a rate as %, seconds as m:ss,
    /// won as ₩, a count with separators, other ratios with two decimals.
    static func shown(_ value: Double, figure: String, format: CellFormat, difference: Bool = false) -> String {
        guard format.people else { return JSONValue.format(value) }
        if figure.hasSuffix("rate") || figure.hasSuffix("_share") {
            // A rate's change is in percentage points.
            return difference ? PeopleNumbers.decimal(value * 100, places: 1) + "%p" : PeopleNumbers.percent(value)
        }
        if figure.hasSuffix("_s") { return PeopleNumbers.duration(value) }
        if figure.contains("cost") { return PeopleNumbers.money(value) }
        if value == value.rounded(), abs(value) < 1e15 { return PeopleNumbers.count(Int(value)) }
        return PeopleNumbers.decimal(value)
    }

    /// The figure's name for people: `customer · visits` → `고객 · 방문`, its words spaced, in the language.
    static func label(_ figure: String) -> String {
        // `name · key`: the name is a list element's (a segment, a campaign), the key a JSON key.
        let parts = figure.components(separatedBy: " · ")
        let key = parts.last ?? figure
        let keyLabel = L(figureLabels[key] ?? key.replacingUnderscores())
        return parts.count > 1 ? parts.dropLast().map(L).joined(separator: " · ") + " · " + keyLabel : keyLabel
    }

    /// JSON keys whose label in the tables is not the key with spaces.
    static let figureLabels = [
        "first_time_visitors": "first-time", "logins_per_day": "logins/day", "logins_per_member": "logins/member",
        "pages_per_visit": "pages/visit", "avg_visit_duration_s": "avg visit", "pages_per_visitor": "pages/visitor",
        "visits_per_visitor_per_week": "visits/visitor/week", "avg_time_on_page_s": "avg time on page", "cost_per_visit": "cost/visit",
        "cost_per_conversion": "cost/conversion",
    ]

    func rows(_ format: CellFormat) -> [[String]] {
        headlines.map { row in
            let change = row.before.map { Self.shown(row.now - $0, figure: row.name, format: format, difference: true) }
            return [format.people ? Self.label(row.name) : row.name, Self.shown(row.now, figure: row.name, format: format),
                    row.before.map { Self.shown($0, figure: row.name, format: format) } ?? (format.people ? "n/a" : ""),
                    change.map { $0.hasPrefix("-") || $0 == "0" || !format.people ? $0 : "+" + $0 } ?? (format.people ? "n/a" : ""),
                    format.people ? PeopleNumbers.change(row.relative) : row.relative.map(JSONValue.format) ?? ""]
        }
    }

    static let headers = ["figure", "now", "before", "Δ", "Δ%"]

    public var tableText: String {
        guard available else { return title + ": " + L("the store holds none of those days") }
        return title + "\n" + TextTable(headers: Self.headers.map(L), rows: rows(.forPeople), rightAligned: [1, 2, 3, 4]).text
    }

    public var csvText: String {
        let format = CellFormat.csv
        guard available else { return CSVWriter.text(headers: [format.people ? L("comparison") : "comparison"], rows: [[title + ": " + L("the store holds none of those days")]]) }
        return CSVWriter.text(headers: format.headers(Self.headers, machine: ["figure", "now", "before", "change", "change_relative"]), rows: rows(format))
    }

    /// `page` with the comparison section before its end (and, for the overview, the dashed earlier series).
    public func inserted(into page: String) -> String {
        var section = "<h2>\(HTMLPage.escape(title))</h2>"
        if !available {
            section += "<p>" + HTMLPage.escape(L("the store holds none of those days")) + "</p>"
        } else {
            section += "<div class=\"scroll\"><table class=\"cmp\"><thead><tr>" + Self.headers.enumerated().map { $0.offset == 0 ? "<th>\(HTMLPage.escape(L($0.element)))</th>" : "<th class=\"n\">\(HTMLPage.escape(L($0.element)))</th>" }.joined() + "</tr></thead><tbody>"
            for (row, cells) in zip(headlines, rows(.forPeople)) {
                let direction = (row.relative ?? 0) > 0 ? "up" : (row.relative ?? 0) < 0 ? "down" : "flat"
                section += "<tr>" + cells.enumerated().map { index, cell in
                    index == 4 ? "<td class=\"n \(direction)\">\(HTMLPage.escape(cell))</td>"
                        : index == 0 ? "<td>\(HTMLPage.escape(cell))</td>" : "<td class=\"n\">\(HTMLPage.escape(cell))</td>"
                }.joined() + "</tr>"
            }
            section += "</tbody></table></div>"
        }
        guard let end = page.range(of: "</body>") else { return page + section }
        return page.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: section + "\n")
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
