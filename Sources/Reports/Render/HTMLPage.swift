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

    /// A table of escaped cells.
    public static func table(headers: [String], rows: [[String]], numericColumns: Set<Int> = []) -> String {
        var html = "<div class=\"scroll\"><table><thead><tr>"
        for header in headers { html += "<th>\(escape(header))</th>" }
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                html += numericColumns.contains(index) ? "<td class=\"n\">\(escape(cell))</td>" : "<td>\(escape(cell))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    /// An SVG line chart of one or more series over labelled points.
    public static func lineChart(labels: [String], series: [(name: String, values: [Double])], title: String) -> String {
        let width = 640.0
        let height = 220.0
        let left = 48.0
        let bottom = 28.0
        let top = 24.0
        let maximum = max(series.flatMap(\.values).max() ?? 1, 1)
        let colours = ["#2563eb", "#f97316", "#16a34a", "#9333ea"]
        let step = labels.count > 1 ? (width - left - 12) / Double(labels.count - 1) : 0
        var svg = "<figure><figcaption>\(escape(title))</figcaption><svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 8)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>"
        svg += "<text x=\"4\" y=\"\(top + 8)\" class=\"axis\">\(Int(maximum))</text><text x=\"4\" y=\"\(height - bottom)\" class=\"axis\">0</text>"
        for (index, serie) in series.enumerated() {
            let points = serie.values.enumerated().map { offset, value in
                let x = left + Double(offset) * step
                let y = height - bottom - (value / maximum) * (height - bottom - top)
                return "\(String(format: x)),\(String(format: y))"
            }
            let colour = colours[index % colours.count]
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
            svg += "<text x=\"\(Int(left) + 110 * index)\" y=\"12\" class=\"axis\" style=\"fill:\(colour)\">■ \(escape(serie.name))</text>"
        }
        if let first = labels.first, let last = labels.last, labels.count > 1 {
            svg += "<text x=\"\(left)\" y=\"\(height - bottom + 14)\" class=\"axis\">\(escape(first))</text>"
            svg += "<text x=\"\(width - 90)\" y=\"\(height - bottom + 14)\" class=\"axis\">\(escape(last))</text>"
        }
        return svg + "</svg></figure>"
    }

    /// An SVG horizontal bar chart.
    public static func barChart(_ bars: [(label: String, value: Double)], title: String) -> String {
        let maximum = max(bars.map(\.value).max() ?? 1, 1)
        let rowHeight = 26.0
        let height = rowHeight * Double(bars.count) + 8
        var svg = "<figure><figcaption>\(escape(title))</figcaption><svg viewBox=\"0 0 640 \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for (index, bar) in bars.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let length = bar.value / maximum * 420
            svg += "<text x=\"4\" y=\"\(String(format: y + 17))\" class=\"axis\">\(escape(bar.label))</text>"
            svg += "<rect x=\"150\" y=\"\(String(format: y + 4))\" width=\"\(String(format: length))\" height=\"18\" fill=\"#2563eb\"/>"
            svg += "<text x=\"\(String(format: 156 + length))\" y=\"\(String(format: y + 17))\" class=\"axis\">\(escape(JSONValue.format(bar.value).replacingSuffix(".0")))</text>"
        }
        return svg + "</svg></figure>"
    }

    /// The whole document.
    public var text: String {
        """
        <!DOCTYPE html>
        <html lang="ko"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;margin:0 auto;max-width:960px;padding:12px;color:#111}
        h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:1.5rem}
        .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;white-space:nowrap}td.n{text-align:right}
        figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:4px}svg{width:100%;height:auto}
        .axis{font-size:11px;fill:#555}.kpi{display:flex;flex-wrap:wrap;gap:8px}
        .kpi div{border:1px solid #ddd;border-radius:6px;padding:6px 10px;min-width:120px}.kpi b{display:block;font-size:1.2rem}
        td.up{color:#15803d}td.down{color:#b91c1c}
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
