import Foundation
import LogIngest
import Testing

@Suite("Malformed input")
struct MalformedInputTests {
    static let good = #"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /index.do HTTP/1.1" 200 512 "-" "Mozilla/5.0""#

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var line: [UInt8]
        var reason: BadLineReason?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "well-formed", line: Array(good.utf8), reason: nil),
        Case(name: "NUL byte", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /a"#.utf8) + [0] + Array(#" HTTP/1.1" 200 1 "-" "x""#.utf8), reason: .nulByte),
        Case(name: "invalid UTF-8", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /a HTTP/1.1" 200 1 "-" "x"#.utf8) + [0xC3, 0x28] + Array(#"""#.utf8), reason: .invalidUTF8),
        Case(name: "overlong UTF-8 form", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /a HTTP/1.1" 200 1 "-" "x"#.utf8) + [0xC0, 0xAF] + Array(#"""#.utf8), reason: .invalidUTF8),
        Case(name: "lone word request", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET" 400 0 "-" "x""#.utf8), reason: .badRequestLine),
        Case(name: "TLS handshake escaped by nginx", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "\x16\x03\x01\x00\xA5\x01\x00\x00\xA1\x03\x03" 400 157 "-" "-""#.utf8), reason: .badRequestLine),
        Case(name: "dash request", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "-" 400 0 "-" "-""#.utf8), reason: .badRequestLine),
        Case(name: "empty request", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "" 400 0 "-" "-""#.utf8), reason: .badRequestLine),
        Case(name: "absolute URL target", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET http://example.com/ HTTP/1.1" 200 0 "-" "-""#.utf8), reason: .badRequestLine),
        Case(name: "CONNECT", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "CONNECT example.com:443 HTTP/1.1" 400 0 "-" "-""#.utf8), reason: .badRequestLine),
        Case(name: "bad month", line: Array(#"192.0.2.1 - - [17/Foo/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "x""#.utf8), reason: .badDate),
        Case(name: "February 30", line: Array(#"192.0.2.1 - - [30/Feb/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "x""#.utf8), reason: .badDate),
        Case(name: "hour 24", line: Array(#"192.0.2.1 - - [17/Nov/2026:24:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "x""#.utf8), reason: .badDate),
        Case(name: "bad status", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 2x0 1 "-" "x""#.utf8), reason: .badStatus),
        Case(name: "status 999", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 999 1 "-" "x""#.utf8), reason: .badStatus),
        Case(name: "bad byte count", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 12k "-" "x""#.utf8), reason: .badNumber),
        Case(name: "missing trailing field", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-""#.utf8), reason: .wrongFieldCount),
        Case(name: "unterminated quote", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "Mozilla (compatible"#.utf8), reason: .wrongFieldCount),
        // A quoted last field ends at its first quote that no odd run of backslashes escapes (what follows
        // the format's last step is ignored).
        Case(name: "last field's closing quote escaped", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "x\""#.utf8), reason: .wrongFieldCount),
        Case(name: "last field ends in an escaped backslash", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "x\\""#.utf8), reason: nil),
        Case(name: "last field with a bare quote inside", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "a "b" c""#.utf8), reason: nil),
        Case(name: "last field only an opening quote", line: Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" ""#.utf8), reason: .wrongFieldCount),
        Case(name: "missing ident and user", line: Array(#"192.0.2.1 [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "x""#.utf8), reason: .wrongFieldCount),
    ]

    @Test(arguments: cases)
    func malformedLinesAreCountedByReason(_ testCase: Case) throws {
        let path = try Fixtures.temporaryFile(testCase.line + [0x0A])
        let (report, hits) = try readLog(path, format: .combined)
        #expect(report.lines == 1)
        if let reason = testCase.reason {
            #expect(hits.isEmpty)
            #expect(report.badLines.counts == [reason: 1])
            #expect(report.badLines.examples.first?.line == 1)
        } else {
            #expect(hits.count == 1)
            #expect(report.badLines.total == 0)
        }
    }

    @Test func aLineOver64KiBIsMalformedAndTheNextLineIsRead() throws {
        let long = Self.good.replacingOccurrences(of: "Mozilla/5.0", with: String(repeating: "M", count: 70_000))
        let path = try Fixtures.temporaryFile("\(Self.good)\n\(long)\n\(Self.good)\n")
        let (report, hits) = try readLog(path, format: .combined)
        #expect(hits.map(\.line) == [1, 3])
        #expect(report.badLines.counts == [.lineTooLong: 1])
        #expect(report.badLines.examples.first?.line == 2)
    }

    @Test func quotesEscapedByApacheStayInsideTheField() throws {
        let line = #"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /a HTTP/1.1" 200 1 "-" "Agent \"quoted\" \\ end""#
        let path = try Fixtures.temporaryFile(line + "\n")
        let hit = try #require(try readLog(path, format: .combined).hits.first)
        #expect(hit.userAgent == #"Agent \"quoted\" \\ end"#)
    }

    @Test func onlyTheFirstTenExamplesAreKept() throws {
        let text = (0..<25).map { _ in "garbage" }.joined(separator: "\n")
        let path = try Fixtures.temporaryFile(text)
        let (report, _) = try readLog(path, format: .combined)
        #expect(report.badLines.total == 25)
        #expect(report.badLines.examples.map(\.line) == Array(1...10))
        #expect(report.badLines.examples[0].description == "\(path):1: wrong_field_count (wrong field count for the log format)")
    }

    @Test func tooManyBadLinesFailTheFile() throws {
        let text = ([Self.good] + Array(repeating: "garbage", count: 6) + Array(repeating: Self.good, count: 93)).joined(separator: "\n")
        let path = try Fixtures.temporaryFile(text)
        // 6 of 100 data lines: above 5 %.
        let error = try #require(throws: LogIngestError.self) { try readLog(path, format: .combined, maxBadRatio: 0.05) }
        #expect(error.code == .tooManyBadLines)
        #expect(error.line == 2)
        #expect(error.description.contains("6 of 100 lines"))
        // 6 % is accepted under a 10 % ratio.
        #expect(try readLog(path, format: .combined, maxBadRatio: 0.10).hits.count == 94)
    }

    @Test func blankLinesAreNeitherHitsNorBadLines() throws {
        let path = try Fixtures.temporaryFile("\n\(Self.good)\n   \n\t\n\(Self.good)\n\n")
        let (report, hits) = try readLog(path, format: .combined, maxBadRatio: 0)
        #expect(hits.count == 2)
        #expect(report.blankLines == 4)
        #expect(report.badLines.total == 0)
    }

    @Test(arguments: 0..<20)
    func randomBytesNeverCrash(seed: Int) throws {
        var generator = SplitMix(seed: UInt64(seed))
        var bytes: [UInt8] = []
        for _ in 0..<20_000 {
            let roll = generator.next() % 100
            if roll < 5 {
                bytes.append(0x0A)
            } else if roll < 40 {
                bytes.append(contentsOf: Array(Self.good.utf8).prefix(Int(generator.next() % 120)))
            } else {
                bytes.append(UInt8(truncatingIfNeeded: generator.next()))
            }
        }
        let path = try Fixtures.temporaryFile(bytes)
        for format in [LogFormat.combined, .common, .w3c, .auto, .nginx(#"$remote_addr [$time_iso8601] "$request" $status $request_time"#)] {
            let (report, hits) = try readLog(path, format: format)
            #expect(report.lines == report.hits + report.badLines.total + report.blankLines + report.directiveLines)
            #expect(hits.count == report.hits)
        }
    }

    @Test func ipv6ClientsAndHostNames() throws {
        let text = """
            2001:db8::1 - - [17/Nov/2026:09:00:00 +0900] "GET /a HTTP/1.1" 200 1 "-" "x"
            ::1 - - [17/Nov/2026:09:00:01 +0900] "GET /b HTTP/1.1" 200 1 "-" "x"
            unicomp6.unicomp.net - - [17/Nov/2026:09:00:02 +0900] "GET /c HTTP/1.1" 200 1 "-" "x"
            fe80::1%eth0 - - [17/Nov/2026:09:00:03 +0900] "GET /d HTTP/1.1" 200 1 "-" "x"

            """
        let path = try Fixtures.temporaryFile(text)
        let hits = try readLog(path, format: .combined).hits
        #expect(hits.map(\.client) == ["2001:db8::1", "::1", "unicomp6.unicomp.net", "fe80::1%eth0"])
    }
}

/// A small deterministic generator for fuzz-style tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
