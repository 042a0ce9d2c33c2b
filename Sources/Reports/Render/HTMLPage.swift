import LogIngest
/// A self-contained HTML page (inline CSS and SVG, no network), readable on a phone; every string
/// goes through ``escape(_:)`` (SPEC §8).
public struct HTMLPage: Sendable {
    public var title: String
    /// Already-escaped HTML fragments.
    public var sections: [String] = []

    public init(title: String) {
        self.title = title
    }

    /// Escapes text for HTML element content and attribute values.
    /// Control and bidirectional formatting characters are shown as visible escapes (``SafeText``).
    public static func escape(_ text: String) -> String {
        var output = ""
        for character in SafeText.visible(text) {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    /// A table of escaped cells. On a phone each row becomes a card of `label: value` lines (every cell carries
    /// its column's name), so the page never scrolls sideways. `filters` names the columns whose cells are values
    /// of a report filter (with the raw value of each row): in the console they link to the view filtered by it.
    /// A `compact` table (a crosstab of short numbers) stays a table on a phone, in a smaller type.
    public static func table(
        headers: [String], rows: [[String]], numericColumns: Set<Int> = [], compact: Bool = false, filters: [Int: (name: String, values: [String])] = [:]
    ) -> String {
        var html = compact ? "<div class=\"scroll\"><table class=\"compact\"><thead><tr>" : "<div class=\"scroll\"><table class=\"cards\"><thead><tr>"
        for (index, header) in headers.enumerated() { html += numericColumns.contains(index) ? "<th class=\"n\">\(escape(header))</th>" : "<th>\(escape(header))</th>" }
        html += "</tr></thead><tbody>"
        let link = ReportStyle.current.filterLink
        for (rowIndex, row) in rows.enumerated() {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                let label = index < headers.count ? " data-label=\"\(escape(headers[index]))\"" : ""
                var content = escape(cell)
                if let link, let filter = filters[index], rowIndex < filter.values.count, !filter.values[rowIndex].isEmpty,
                    let href = link(filter.name, filter.values[rowIndex]) {
                    content = "<a class=\"filter\" href=\"\(escape(href))\">\(content)</a>"
                }
                html += numericColumns.contains(index) ? "<td class=\"n\"\(label)>\(content)</td>" : "<td\(label)>\(content)</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    /// A series of a line chart: drawn dashed when it is the comparison period's.
    public struct Series: Sendable {
        public var name: String
        public var values: [Double]
        public var dashed: Bool

        public init(_ name: String, _ values: [Double], dashed: Bool = false) {
            self.name = name
            self.values = values
            self.dashed = dashed
        }
    }

    /// The width of the charts' drawing, in their own units: about a phone's width, so that 11-unit text is
    /// 11 px there (a chart grows with the page, never shrinks below its text).
    static let chartWidth = 360.0

    /// An SVG line chart of one or more series over days: every day labelled up to 31 days (its day of the month;
    /// the month too on the first day and on the 1st), then one label a week; the largest value on the axis.
    public static func lineChart(labels: [String], series: [Series], title: String) -> String {
        let width = chartWidth
        let height = 210.0
        let left = 40.0
        // More than 12 days: the labels stand upright (one every 10 units would overlap lying down).
        let crowded = labels.count > 12
        let bottom = crowded ? 38.0 : 30.0
        let legendRows = Double((series.count + 2) / 3)
        let top = 17.0 + 13 * legendRows
        let maximum = max(series.flatMap(\.values).max() ?? 1, 1)
        let colours = ["#2563eb", "#f97316", "#16a34a", "#9333ea"]
        let step = labels.count > 1 ? (width - left - 16) / Double(labels.count - 1) : 0
        var svg = "<figure class=\"chart\"><figcaption>\(escape(title))</figcaption><svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 4)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>"
        svg += "<text x=\"\(left - 3)\" y=\"\(top + 4)\" class=\"axis\" text-anchor=\"end\">\(escape(PeopleNumbers.count(Int(maximum.rounded()))))</text>"
        svg += "<text x=\"\(left - 3)\" y=\"\(height - bottom)\" class=\"axis\" text-anchor=\"end\">0</text>"
        var colourIndex = 0
        for (index, serie) in series.enumerated() {
            let points = serie.values.enumerated().map { offset, value in
                let x = left + Double(offset) * step
                let y = height - bottom - (value / maximum) * (height - bottom - top)
                return "\(String(format: x)),\(String(format: y))"
            }
            let colour = colours[colourIndex % colours.count]
            if !serie.dashed { colourIndex += 1 }
            let dash = serie.dashed ? " stroke-dasharray=\"5 4\" opacity=\"0.7\"" : ""
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash) points=\"\(points.joined(separator: " "))\"/>"
            if points.count <= 31 {
                // A dot on each day: a one-day range has no line to draw.
                for point in points {
                    let xy = point.split(separator: ",")
                    svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\" fill=\"\(serie.dashed ? "none" : colour)\" stroke=\"\(colour)\"/>"
                }
            }
            let legendX = 4 + 118 * Double(index % 3)
            let legendY = 12 + 13 * Double(index / 3)
            svg += "<text x=\"\(String(format: legendX))\" y=\"\(String(format: legendY))\" class=\"axis\" style=\"fill:\(colour)\">\(serie.dashed ? "┄" : "■") \(escape(serie.name))</text>"
        }
        // Day labels: every day up to 31 days, else one a week.
        let every = labels.count <= 31 ? 1 : 7
        for (offset, label) in labels.enumerated() where offset % every == 0 {
            let x = left + Double(offset) * step
            let parts = label.split(separator: "-")
            let dayOfMonth = parts.count == 3 ? String(Int(parts[2]) ?? 0) : label
            let text = parts.count == 3 && (offset == 0 || parts[2] == "01" || !crowded) ? "\(Int(parts[1]) ?? 0)/\(dayOfMonth)" : dayOfMonth
            if crowded {
                let y = height - bottom + 4
                svg += "<text x=\"\(String(format: x + 4))\" y=\"\(String(format: y))\" class=\"axis\" text-anchor=\"end\" transform=\"rotate(-90 \(String(format: x + 4)) \(String(format: y)))\">\(escape(text))</text>"
            } else {
                let anchor = offset == labels.count - 1 && labels.count > 1 ? "end" : offset == 0 ? "start" : "middle"
                svg += "<text x=\"\(String(format: x))\" y=\"\(height - bottom + 14)\" class=\"axis\" text-anchor=\"\(anchor)\">\(escape(text))</text>"
            }
        }
        return svg + "</svg></figure>"
    }

    /// An SVG horizontal bar chart, each bar with its value written beside it (`format` makes the text).
    /// With `filter` (a report filter and each bar's raw value), a bar's label links to the view filtered by it in
    /// the console.
    public static func barChart(
        _ bars: [(label: String, value: Double)], title: String, format: (Double) -> String = { PeopleNumbers.count(Int($0.rounded())) },
        filter: (name: String, values: [String])? = nil
    ) -> String {
        let link = ReportStyle.current.filterLink
        let maximum = max(bars.map(\.value).max() ?? 1, 1)
        let rowHeight = 22.0
        let height = rowHeight * Double(bars.count) + 6
        let labelWidth = 112.0
        let barSpace = chartWidth - labelWidth - 70
        var svg = "<figure class=\"chart\"><figcaption>\(escape(title))</figcaption><svg viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for (index, bar) in bars.enumerated() {
            let y = 3 + Double(index) * rowHeight
            let length = max(0, bar.value / maximum * barSpace)
            let label = bar.label.count > 16 ? String(bar.label.prefix(15)) + "…" : bar.label
            var text = "<text x=\"\(labelWidth - 4)\" y=\"\(String(format: y + 15))\" class=\"axis\" text-anchor=\"end\"><title>\(escape(bar.label))</title>\(escape(label))</text>"
            if let link, let filter, index < filter.values.count, let href = link(filter.name, filter.values[index]) {
                text = "<a class=\"filter\" href=\"\(escape(href))\">" + text + "</a>"
            }
            svg += text
            svg += "<rect x=\"\(labelWidth)\" y=\"\(String(format: y + 3))\" width=\"\(String(format: length))\" height=\"15\" fill=\"#2563eb\"/>"
            svg += "<text x=\"\(String(format: labelWidth + length + 4))\" y=\"\(String(format: y + 15))\" class=\"axis\">\(escape(format(bar.value)))</text>"
        }
        return svg + "</svg></figure>"
    }

    /// Key figures as boxes (label and value, written as the tables write them).
    public static func keyFigures(_ figures: [(label: String, value: String)]) -> String {
        "<div class=\"kpi\">" + figures.map { "<div>\(escape($0.label))<b>\(escape($0.value))</b></div>" }.joined() + "</div>"
    }

    /// The whole document, in the language of the current ``ReportStyle``.
    public var text: String {
        """
        <!DOCTYPE html>
        <html lang="\(ReportStyle.current.language.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR","NanumGothic",sans-serif;margin:0 auto;max-width:1240px;padding:12px;color:#111}
        h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:1.5rem}p.note{color:#555;font-size:.9rem}
        .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.85rem}
        th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        td.n,th.n{text-align:right;white-space:nowrap}
        figure{margin:1rem 0;max-width:640px}figcaption{font-weight:600;margin-bottom:4px}svg{width:100%;height:auto;display:block}
        .axis{font-size:11px;fill:#444}a.filter{color:inherit;text-decoration:underline dotted}a.filter .axis{fill:#1d4ed8}.kpi{display:flex;flex-wrap:wrap;gap:8px}
        .kpi div{border:1px solid #ddd;border-radius:6px;padding:6px 10px;min-width:110px}.kpi b{display:block;font-size:1.2rem}
        td.up{color:#15803d}td.down{color:#b91c1c}
        .lists{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:8px}
        .lists>div{border:1px solid #ddd;border-radius:6px;padding:4px 10px}.lists h3{font-size:.9rem;margin:.3rem 0}
        .lists ol{margin:0;padding-left:1.3rem;font-size:.85rem}.lists li{overflow-wrap:anywhere}.lists li b{font-weight:600;color:#333}
        @media (max-width:640px){
          table.cards thead{display:none}table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:auto}
          table.cards tr{border:1px solid #ddd;border-radius:6px;margin:6px 0;padding:4px 6px}
          table.cards td{border:none;padding:2px 0;text-align:left;white-space:normal}
          table.cards td[data-label]::before{content:attr(data-label) ": ";color:#555}
          table.compact{font-size:.72rem}table.compact th,table.compact td{padding:3px 2px;overflow-wrap:normal}
        }
        </style></head><body>
        <h1>\(Self.escape(title))</h1>
        \(sections.joined(separator: "\n"))
        </body></html>

        """
    }
}

extension String {
    fileprivate func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
