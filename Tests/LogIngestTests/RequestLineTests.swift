import LogIngest
import Testing

/// The request line splits at its first and last spaces (SPEC §12.1): method, target, protocol. The last
/// space is found without a search back when the protocol has eight bytes (`HTTP/1.1`); these cases cover
/// that shortcut and the lines it must leave to the search.
@Suite("Request lines")
struct RequestLineTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var request: String
        /// `nil`: the line is malformed.
        var path: String?
        var query: String = ""
        var testDescription: String { request }
    }

    static let cases: [Case] = [
        Case(request: "GET /a.do?x=1 HTTP/1.1", path: "/a.do", query: "x=1"),
        Case(request: "GET / HTTP/1.0", path: "/"),
        Case(request: "GET /a b HTTP/1.1", path: "/a b"),  // a raw space in the target
        Case(request: "GET /a HTTP/2", path: "/a"),  // a protocol of six bytes: the search back
        Case(request: "GET / HTTP/2", path: "/"),  // 12 bytes (a minimum of 14 used to reject it)
        Case(request: "GET /HTTP/1.1", path: nil),  // one space: no target
        Case(request: "GET /a HTTP/2.0", path: "/a"),
        Case(request: "GET /abcdefgh HTTP/1.1", path: "/abcdefgh"),
        Case(request: "GET /a  HTTP/1.1", path: "/a "),  // two spaces: the last one ends the target
        Case(request: "GET /a HTTP/1.1 x", path: nil),  // the last word is not a protocol
        Case(request: "GET HTTP/1.1 HTTP/1.1", path: nil),  // the target does not start with `/`
        Case(request: "POST /b?q=a%20b HTTP/1.1", path: "/b", query: "q=a%20b"),
    ]

    @Test(arguments: cases)
    func splitsAtTheFirstAndLastSpaces(_ testCase: Case) throws {
        let line = #"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] ""# + testCase.request + #"" 200 1 "-" "x""#
        let path = try Fixtures.temporaryFile(line + "\n")
        let (report, hits) = try readLog(path, format: .combined)
        if let expected = testCase.path {
            let hit = try #require(hits.first)
            #expect(hit.path == expected)
            #expect(hit.query == testCase.query)
        } else {
            #expect(hits.isEmpty)
            #expect(report.badLines.counts == [.badRequestLine: 1])
        }
    }
}
