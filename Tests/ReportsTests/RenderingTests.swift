import LogIngest
import Reports
import Testing

@Suite("Report rendering")
struct RenderingTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\""), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "\\x09x"), ("-5", "-5"), ("-", "-"), ("--x", "'--x"), ("0.25", "0.25"), ("보험상품 상세", "보험상품 상세"), ("a,b", "\"a,b\""),
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
        // Column widths: 20 cells (the escaped ESCs make the second row the widest; "보험상품 상세" is 6 wide
        // characters + 1 space = 13) and 5 ("views").
        #expect(lines[2] == "보험상품 상세            12")
        #expect(lines[3] == "/x\\x1B[2J\\x1B[31mred      3")
        #expect(lines.allSatisfy { TextTable.displayWidth($0) <= TextTable.displayWidth(lines[1]) })
        #expect(TextTable.displayWidth("보험") == 4)
        #expect(TextTable.displayWidth("e\u{301}") == 1)
    }

    /// Issue 18.16: control and bidirectional formatting characters reach no human-facing output raw; JSON
    /// keeps them, escaped.
    @Test(arguments: ["\u{202E}gnp.exe", "a\u{1B}[31mb", "x\u{2066}y\u{2069}", "c1\u{85}", "del\u{7F}"])
    func controlAndBidiCharactersAreNeutralisedInEveryFormat(_ hostile: String) {
        let unsafe = hostile.unicodeScalars.filter(SafeTextProbe.isUnsafe)
        #expect(!unsafe.isEmpty)
        let tableLines = TextTable(headers: ["x"], rows: [[hostile]]).text.split(separator: "\n").map(String.init)
        for output in [CSVWriter.cell(hostile), HTMLPage.escape(hostile)] + tableLines {
            #expect(!output.unicodeScalars.contains(where: SafeTextProbe.isUnsafe), "\(output.debugDescription)")
        }
        let json = JSONValue.string(hostile).text()
        #expect(!json.unicodeScalars.contains(where: SafeTextProbe.isUnsafe))
        #expect(json.contains("\\u"))
    }

    /// Issue 18.12: JSON never holds a non-finite number (`-inf.0` and `inf.0` were written), nor prints one as 0.
    @Test func nonFiniteNumbersAreNullAndHugeOnesStayJSON() throws {
        #expect(JSONValue.double(.infinity).text() == "null")
        #expect(JSONValue.double(-.infinity).text() == "null")
        #expect(JSONValue.double(.nan).text() == "null")
        for value in [1e308, -1e308, 1e15, 123_456_789_012.5] {
            let text = JSONValue.double(value).text()
            #expect(!text.contains("inf") && !text.contains("nan"), "\(text)")
            #expect(Double(text) == value, "\(text)")
        }
        #expect(JSONValue.double(0.25).text() == "0.25")
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

/// The test's own list of what must not reach a person raw (independent of ``SafeText``).
enum SafeTextProbe {
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || [0x061C, 0x200E, 0x200F].contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
