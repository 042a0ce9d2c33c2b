/// More SVG charts: a heat map and page-to-page flows.
extension HTMLPage {
    /// A heat map of `values[row][column]`, darker for larger values.
    public static func heatMap(rows: [String], columns: [String], values: [[Int]], title: String) -> String {
        let maximum = max(values.flatMap { $0 }.max() ?? 1, 1)
        let cell = 22.0
        let left = 40.0
        let top = 18.0
        let width = left + cell * Double(columns.count) + 4
        let height = top + cell * Double(rows.count) + 4
        var svg = "<figure><figcaption>\(escape(title))</figcaption><svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for (index, column) in columns.enumerated() where index % 3 == 0 {
            svg += "<text x=\"\(String(format: left + cell * Double(index) + 2))\" y=\"12\" class=\"axis\">\(escape(column))</text>"
        }
        for (rowIndex, row) in rows.enumerated() {
            let y = top + cell * Double(rowIndex)
            svg += "<text x=\"2\" y=\"\(String(format: y + 15))\" class=\"axis\">\(escape(row))</text>"
            for (columnIndex, value) in (values[rowIndex]).enumerated() {
                let opacity = 0.06 + 0.94 * Double(value) / Double(maximum)
                svg += "<rect x=\"\(String(format: left + cell * Double(columnIndex)))\" y=\"\(String(format: y))\" width=\"\(Int(cell - 2))\" height=\"\(Int(cell - 2))\" fill=\"#2563eb\" fill-opacity=\"\(String(format: opacity))\"><title>\(escape(row)) \(escape(columns[columnIndex])): \(value)</title></rect>"
            }
        }
        return svg + "</svg></figure>"
    }

    /// Page-to-page flows as labelled bands whose thickness follows the count.
    public static func flowChart(_ flows: [(from: String, to: String, value: Double)], title: String) -> String {
        let maximum = max(flows.map(\.value).max() ?? 1, 1)
        let rowHeight = 30.0
        let height = rowHeight * Double(flows.count) + 8
        var svg = "<figure><figcaption>\(escape(title))</figcaption><svg viewBox=\"0 0 640 \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for (index, flow) in flows.enumerated() {
            let y = 6 + Double(index) * rowHeight
            let thickness = 2 + 14 * flow.value / maximum
            svg += "<text x=\"4\" y=\"\(String(format: y + 16))\" class=\"axis\">\(escape(String(flow.from.prefix(28))))</text>"
            svg += "<path d=\"M 200 \(String(format: y + 12)) C 300 \(String(format: y + 12)), 340 \(String(format: y + 12)), 440 \(String(format: y + 12))\" stroke=\"#f97316\" stroke-opacity=\"0.7\" stroke-width=\"\(String(format: thickness))\" fill=\"none\"><title>\(Int(flow.value))</title></path>"
            svg += "<text x=\"448\" y=\"\(String(format: y + 16))\" class=\"axis\">\(escape(String(flow.to.prefix(28)))) (\(Int(flow.value)))</text>"
        }
        return svg + "</svg></figure>"
    }
}
