import Reports
import Testing

@Suite("Report rendering")
struct RenderingTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\""), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("-5", "-5"), ("-", "-"), ("--x", "'--x"), ("0.25", "0.25"), ("보험상품 상세", "보험상품 상세"), ("a,b", "\"a,b\""),
    ])
    func csvCellsCannotBecomeFormulas(value: String, cell: String) {
        #expect(CSVWriter.cell(value) == cell)
    }

    @Test func terminalTablesStripControlCharactersAndAlignWideText() {
        let table = TextTable(
            headers: ["page", "views"],
            rows: [["보험상품 상세", "12"], ["/x\u{1B}[2J\u{1B}[31mred", "3"], ["abc", "100"]],
            rightAligned: [1])
        let lines = table.text.split(separator: "\n").map(String.init)
        #expect(!table.text.contains("\u{1B}"))
        // Column widths: 13 cells ("보험상품 상세" is 6 wide characters + 1 space) and 5 ("views").
        #expect(lines[2] == "보험상품 상세     12")
        #expect(lines[3] == "/x[2J[31mred       3")
        #expect(lines.allSatisfy { TextTable.displayWidth($0) <= TextTable.displayWidth(lines[1]) })
        #expect(TextTable.displayWidth("보험") == 4)
        #expect(TextTable.displayWidth("e\u{301}") == 1)
    }

    @Test func htmlEscapesEveryLogDerivedString() {
        let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
        let html = HTMLPage.table(headers: ["page"], rows: [[hostile]])
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        let chart = HTMLPage.barChart([(hostile, 3)], title: hostile)
        #expect(!chart.contains("<script>"))
    }

    @Test func jsonNumbersAndStrings() {
        let value = JSONValue.object([("count", .int(3)), ("ratio", .double(0.25)), ("whole", .double(2)), ("text", .string("a\"b\n\u{1}"))])
        #expect(value.text(pretty: false) == #"{"count":3,"ratio":0.25,"whole":2.0,"text":"a\"b\n\u0001"}"#)
    }
}
