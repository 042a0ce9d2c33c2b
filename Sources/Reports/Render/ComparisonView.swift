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
        "compared with \(range.lowerBound) – \(range.upperBound) (\(period == .previous ? "the previous period" : "a year earlier"))"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : JSONValue.format((value * 1000).rounded() / 1000)
    }

    static func percent(_ relative: Double?) -> String {
        guard let relative else { return "n/a" }
        let value = (relative * 1000).rounded() / 10
        return (value > 0 ? "+" : "") + JSONValue.format(value) + "%"
    }

    var rows: [[String]] {
        headlines.map { row in
            [row.name, Self.number(row.now), row.before.map(Self.number) ?? "n/a",
             row.before.map { Self.number(row.now - $0) }.map { $0.hasPrefix("-") ? $0 : "+" + $0 } ?? "n/a", Self.percent(row.relative)]
        }
    }

    static let headers = ["figure", "now", "before", "Δ", "Δ%"]

    public var tableText: String {
        guard available else { return title + ": the store holds none of those days" }
        return title + "\n" + TextTable(headers: Self.headers, rows: rows, rightAligned: [1, 2, 3, 4]).text
    }

    public var csvText: String {
        guard available else { return CSVWriter.text(headers: ["comparison"], rows: [[title + ": the store holds none of those days"]]) }
        return CSVWriter.text(headers: ["figure", "now", "before", "change", "change_pct"], rows: rows)
    }

    /// `page` with the comparison section before its end (and, for the overview, the dashed earlier series).
    public func inserted(into page: String, earlier: (any RenderableReport)?) -> String {
        var section = "<h2>\(HTMLPage.escape(title))</h2>"
        if !available {
            section += "<p>The store holds none of those days.</p>"
        } else {
            section += "<div class=\"scroll\"><table class=\"cmp\"><thead><tr>" + Self.headers.map { "<th>\(HTMLPage.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
            for (row, cells) in zip(headlines, rows) {
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
