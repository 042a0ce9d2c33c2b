import Foundation
import Testing
import TestScratch

@testable import LogIngest

/// The common log format's fast path against the step loop: on every line of real and sample logs and
/// on hand-made awkward lines, both must give the same outcome and the same fields.
@Suite("Common log fast path")
struct CommonLogFastPathTests {
    /// The outcome of one line and the fields it set, comparable.
    struct Parsed: Equatable, CustomStringConvertible {
        var problem: BadLineReason?
        var ranges: [ByteRange] = []
        var numbers: [Int64] = []

        init(_ parser: DelimitedLineParser, _ line: [UInt8], cache: inout TimestampCache) {
            var fields = HitFields()
            problem = line.withUnsafeBufferPointer { parser.parse($0, into: &fields, cache: &cache) }
            guard problem == nil else { return }
            ranges = [
                fields.client, fields.user, fields.method, fields.path, fields.query, fields.httpProtocol,
                fields.referrer, fields.userAgent, fields.cookieHeader, fields.virtualHost,
                fields.namedCookie(at: 0), fields.namedCookie(at: 1), fields.namedCookie(at: 2), fields.namedCookie(at: 3),
            ]
            numbers = [
                Int64(fields.status), fields.bytes, fields.durationMicroseconds, fields.timestamp,
                Int64(fields.utcOffsetSeconds), fields.clientFromIP ? 1 : 0, fields.plusMeansSpace ? 1 : 0,
            ]
        }

        var description: String { "\(problem.map { "\($0)" } ?? "hit") \(ranges) \(numbers)" }
    }

    /// The two parsers of `format`: with the fast path and without.
    static func parsers(_ format: String) throws -> (fast: DelimitedLineParser, steps: DelimitedLineParser) {
        let compiled = try ApacheFormatCompiler.compile(format)
        return (DelimitedLineParser(format: compiled), DelimitedLineParser(format: compiled, fastPath: false))
    }

    /// The lines of a plain or gzipped file.
    static func lines(of path: String) throws -> [[UInt8]] {
        let data = path.hasSuffix(".gz")
            ? try shellOutput("gzip -dc < '\(path)'").output : try Data(contentsOf: URL(fileURLWithPath: path))
        return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { Array($0) }
    }

    /// Compares both parsers on every line; returns how many lines the fast path took.
    static func compare(_ format: String, _ lines: [[UInt8]]) throws -> Int {
        let (fast, steps) = try parsers(format)
        let fastPath = try #require(CommonLogFastPath(try ApacheFormatCompiler.compile(format)))
        var taken = 0
        // One time cache per parser across the lines, as in a file (hits and misses of the cache both compared).
        var stepCache = TimestampCache(), fastCache = TimestampCache(), directCache = TimestampCache()
        for line in lines {
            let expected = Parsed(steps, line, cache: &stepCache)
            let actual = Parsed(fast, line, cache: &fastCache)
            #expect(actual == expected, "\(String(decoding: line, as: UTF8.self))")
            var fields = HitFields()
            var count = line.count
            while count > 0, line[count - 1] == UInt8(ascii: " ") { count -= 1 }  // as the parser trims
            let accepted = line.withUnsafeBufferPointer { fastPath.parse($0, count: count, into: &fields, cache: &directCache) }
            if accepted {
                taken += 1
                #expect(expected.problem == nil, "the fast path took a line the step loop refuses")
            }
        }
        return taken
    }

    struct RealLog: Sendable, CustomTestStringConvertible {
        var path: String
        var format: String
        /// The fewest lines the fast path must take (the rest go to the step loop).
        var minimumTaken: Int
        var testDescription: String { path }
    }

    static let combined = LogFormat.combined.apacheEquivalent!
    static let common = LogFormat.common.apacheEquivalent!
    static let combinedCookie = LogFormat.combinedCookie.apacheEquivalent!

    static let realLogs: [RealLog] = [
        RealLog(path: Fixtures.realLog("elastic-apache/apache_logs.gz"), format: combined, minimumTaken: 9_900),
        RealLog(path: Fixtures.realLog("nasa-ksc-1995/NASA_access_log_Jul95.first10000.gz"), format: common, minimumTaken: 9_900),
        RealLog(path: Fixtures.realLog("advertools-tests/combined_with_errors.log"), format: combined, minimumTaken: 800),
        RealLog(path: Fixtures.realLog("advertools-tests/dreamhost_apache_access.log"), format: combined, minimumTaken: 1),
        RealLog(path: Fixtures.realLog("advertools-tests/combined_latin1_enc.log"), format: combined, minimumTaken: 1),
        RealLog(path: Fixtures.realLog("lnav-tests/logfile_access_log.0"), format: combined, minimumTaken: 1),
        RealLog(path: Fixtures.realLog("lnav-tests/logfile_bad_access_log.0"), format: combined, minimumTaken: 0),
        RealLog(
            path: RealLogs.repositoryRoot.appendingPathComponent("SampleLogs/web1-2026-11-17.log.gz").path,
            format: combinedCookie, minimumTaken: 10_000),
    ]

    @Test("Same outcome and fields as the step loop on real logs", arguments: realLogs)
    func realLogsAgree(log: RealLog) throws {
        let lines = try Self.lines(of: log.path)
        let taken = try Self.compare(log.format, lines)
        #expect(taken >= log.minimumTaken, "the fast path took \(taken) of \(lines.count) lines")
    }

    static let awkwardLines: [String] = [
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a?b=1 HTTP/1.1" 200 12 "-" "UA" "WNUID=x""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 - "-" "UA" "-"   "#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA \"quoted\" x" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA "inner" x" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a\\" 200 12 "-" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a "b" HTTP/1.1" 200 12 "-" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:0] +0900] "GET /a HTTP/1.1" 200 12 "-" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900 "GET /a HTTP/1.1" 200 12 "-" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900]] "GET /a HTTP/1.1" 200 12 "-" "UA" "c""#,
        #"1.2.3.4 - - [17/Foo/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 2000 12 "-" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 1x2 "-" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA" "c" extra fields"#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA" "c"#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-"  "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "-" 400 0 "-" "-" "-""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "\x16\x03\x01" 400 0 "-" "-" "-""#,
        #"1.2.3.4 - frank [17/Nov/2026:00:00:00 -0700] "POST /login HTTP/2" 302 0 "https://x/" "Mozilla" "a=b; c=d""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "ref\\" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "" "" """#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200"#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1"#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900]"#,
        #"1.2.3.4 - -"#,
        #"1.2.3.4"#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12"#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 -  "#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 13"#,
        #" - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA" "c""#,
        #"1.2.3.4  - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA \\" x" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA \\\" x" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA" "a=\\" b=1""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "-" "UA" "a=\\\" b=1""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "18/Nov/2026:00:00:00 +0900" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:00 +0900] "GET /a HTTP/1.1" 200 12 "[18/Nov/2026:00:00:00 +0900]" "UA" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:01 +0900] "GET /b HTTP/1.1" 200 12 "5.6.7.8" "WNUID=abc; WNMID=m1" "c""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:01 +0900] "GET /b HTTP/1.1" 200 12 "5.6.7.8" "bob" "404""#,
        #"1.2.3.4 - - [17/Nov/2026:00:00:01 +0900] "GET /b HTTP/1.1" 200 12 "GET /c?x=1 HTTP/1.1" "UA" "c""#,
    ]

    /// Formats of the fast path's shape beyond the named ones: `%a`, named cookies, trailing fields of the
    /// kinds the prefix also has (they override it in the same order in both parsers).
    static let otherFormats = [
        #"%a %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{WNUID}C""#,
        #"%h %l %u %t "%r" %>s %b "%a" "%{WNUID}C" "%{WNMID}C""#,
        #"%a %l %u %t "%r" %>s %b "%h" "%u" "%>s""#,
        #"%h %l %u %t "%r" %>s %b "%r" "%{User-Agent}i" "%{Cookie}i""#,
    ]

    @Test("Same outcome and fields as the step loop on awkward lines", arguments: [combinedCookie, combined, common] + otherFormats)
    func awkwardLinesAgree(format: String) throws {
        let lines = Self.awkwardLines.map { Array($0.utf8) }
        let taken = try Self.compare(format, lines)
        #expect(taken >= 1)
    }

    @Test("Each prefix of a line agrees too", arguments: [(combinedCookie, 18), (common, 27), (combinedCookie, 1)])
    func prefixesAgree(format: String, lineIndex: Int) throws {
        let line = Array(Self.awkwardLines[lineIndex].utf8)
        let prefixes = (0...line.count).map { Array(line[..<$0]) }
        _ = try Self.compare(format, prefixes)
    }

    @Test(
        "Taken only for the common log format's shape",
        arguments: [
            (common, true), (combined, true), (combinedCookie, true),
            (#"%a %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{WNUID}C""#, true),
            (#"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{a}i" "%{b}i" "%{c}i""#, false),
            (#"%v %h %l %u %t "%r" %>s %b"#, false), (#"%h %l %u %t "%r" %>s %b %D"#, false),
            (#"%h %l %u %t "%r" %>s %b "%{Referer}i" %D"#, false), (#"%h %t "%r" %>s %b"#, false),
            (#"%h %l %u %t "%r" %>s %b "%t""#, false),
        ])
    func recognisesShape(format: String, expected: Bool) throws {
        #expect((CommonLogFastPath(try ApacheFormatCompiler.compile(format)) != nil) == expected)
    }
}
