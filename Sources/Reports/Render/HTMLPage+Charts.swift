/// More SVG charts: a heat map and page-to-page flows; ranked lists side by side.
extension HTMLPage {
    /// A titled block of short ranked lists side by side (one under another on a phone): each item its name and
    /// its figure, so that no list is packed into one table cell.
    public static func rankings(title: String, lists: [(title: String, items: [(name: String, value: String)])]) -> String {
        var html = "<section class=\"rankings\"><h2>\(escape(title))</h2><div class=\"lists\">"
        for list in lists {
            html += "<div><h3>\(escape(list.title))</h3>"
            if list.items.isEmpty {
                html += "<p class=\"note\">–</p>"
            } else {
                html += "<ol>" + list.items.map { "<li><span>\(escape($0.name))</span> <b>\(escape($0.value))</b></li>" }.joined() + "</ol>"
            }
            html += "</div>"
        }
        return html + "</div></section>"
    }

    /// A heat map of `values[row][column]`, darker for larger values, each cell's value in its tooltip. Narrow
    /// enough for a phone when the longer dimension is the rows (hours down, weekdays across).
    public static func heatMap(rows: [String], columns: [String], values: [[Int]], title: String) -> String {
        let maximum = max(values.flatMap { $0 }.max() ?? 1, 1)
        let cell = 22.0
        let left = 40.0
        let top = 18.0
        let width = left + cell * Double(columns.count) + 4
        let height = top + cell * Double(rows.count) + 4
        var svg = "<figure class=\"chart\" style=\"max-width:\(Int(width * 1.6))px\"><figcaption>\(escape(title))</figcaption><svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for (index, column) in columns.enumerated() {
            svg += "<text x=\"\(String(format: left + cell * Double(index) + cell / 2 - 1))\" y=\"12\" class=\"axis\" text-anchor=\"middle\">\(escape(column))</text>"
        }
        for (rowIndex, row) in rows.enumerated() {
            let y = top + cell * Double(rowIndex)
            svg += "<text x=\"2\" y=\"\(String(format: y + 15))\" class=\"axis\">\(escape(row))</text>"
            for (columnIndex, value) in (values[rowIndex]).enumerated() {
                let opacity = 0.06 + 0.94 * Double(value) / Double(maximum)
                svg += "<rect x=\"\(String(format: left + cell * Double(columnIndex)))\" y=\"\(String(format: y))\" width=\"\(Int(cell - 2))\" height=\"\(Int(cell - 2))\" fill=\"#2563eb\" fill-opacity=\"\(String(format: opacity))\"><title>\(escape(row)) \(escape(columns[columnIndex])): \(PeopleNumbers.count(value))</title></rect>"
            }
        }
        return svg + "</svg></figure>"
    }

    /// Page-to-page flows as labelled bands whose thickness follows the count (drawn at a phone's width, so its
    /// text is never smaller than 11 px there).
    public static func flowChart(_ flows: [(from: String, to: String, value: Double)], title: String) -> String {
        let maximum = max(flows.map(\.value).max() ?? 1, 1)
        let rowHeight = 26.0
        let height = rowHeight * Double(flows.count) + 8
        func short(_ text: String) -> String { text.count > 15 ? String(text.prefix(14)) + "…" : text }
        var svg = "<figure class=\"chart\"><figcaption>\(escape(title))</figcaption><svg viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for (index, flow) in flows.enumerated() {
            let y = 6 + Double(index) * rowHeight
            let thickness = 2 + 12 * flow.value / maximum
            svg += "<text x=\"2\" y=\"\(String(format: y + 16))\" class=\"axis\"><title>\(escape(flow.from))</title>\(escape(short(flow.from)))</text>"
            svg += "<path d=\"M 118 \(String(format: y + 12)) C 140 \(String(format: y + 12)), 150 \(String(format: y + 12)), 172 \(String(format: y + 12))\" stroke=\"#f97316\" stroke-opacity=\"0.7\" stroke-width=\"\(String(format: thickness))\" fill=\"none\"><title>\(PeopleNumbers.count(Int(flow.value)))</title></path>"
            svg += "<text x=\"176\" y=\"\(String(format: y + 16))\" class=\"axis\"><title>\(escape(flow.to))</title>\(escape(short(flow.to)))</text>"
            svg += "<text x=\"\(Int(chartWidth) - 2)\" y=\"\(String(format: y + 16))\" class=\"axis\" text-anchor=\"end\">\(PeopleNumbers.count(Int(flow.value)))</text>"
        }
        return svg + "</svg></figure>"
    }
}
