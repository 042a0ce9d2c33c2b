import Foundation
import LogIngest
import Testing
import TestScratch

/// Each supported format on the real logs (bundled in `Tests/Fixtures/real-logs`, or in
/// `../shared/real-logs` for the sets that may not be bundled), against counts obtained independently with
/// zcat, grep and awk on the same files. The commands are in the comments.
@Suite("Real logs")
struct RealLogTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var file: String
        var format: LogFormat
        /// `wc -l`, plus one for a last line without newline.
        var lines: Int
        /// Parsed hits, bots included.
        var hits: Int
        var bad: [BadLineReason: Int]
        var directives: Int = 0
        var blank: Int = 0
        /// Status counts over parsed hits, where checked.
        var statuses: [UInt16: Int] = [:]

        var testDescription: String { file }
    }

    static let expectations: [Expectation] = [
        // zcat | wc -l → 10000; line 8899 lacks the closing `)"` of its User-Agent;
        // zcat | awk 'NR!=8899{print $9}' | sort | uniq -c → the statuses.
        Expectation(
            file: "elastic-apache/apache_logs.gz", format: .combined, lines: 10_000, hits: 9_999,
            bad: [.wrongFieldCount: 1],
            statuses: [200: 9_125, 206: 45, 301: 164, 304: 445, 403: 2, 404: 213, 416: 2, 500: 3]),
        // The same file read with `auto`.
        Expectation(
            file: "elastic-apache/apache_logs.gz", format: .auto, lines: 10_000, hits: 9_999,
            bad: [.wrongFieldCount: 1]),
        // awk -F'"' '{n=split($2,a," "); if (n!=3) c++}' → 22 HTTP/0.9-style requests without a
        // protocol; line 6035 has `HTTP/V1.0`; line 9001 has extra spaces before HTTP/1.0 (accepted).
        Expectation(
            file: "nasa-ksc-1995/NASA_access_log_Jul95.first10000.gz", format: .common, lines: 10_000, hits: 9_977,
            bad: [.badRequestLine: 23]),
        // grep -c '^#' → 16432 directive lines; grep -vc '^#' → 22308 requests;
        // grep -v '^#' | awk '{print $12}' | sort | uniq -c → the statuses.
        Expectation(
            file: "iis-waikolai/W3SVC20_u_ex090817-u_ex110107.log.gz", format: .w3c, lines: 38_740, hits: 22_308,
            bad: [:], directives: 16_432,
            statuses: [200: 12_532, 206: 34, 304: 1_115, 403: 2, 404: 8_608, 406: 17]),
        Expectation(
            file: "iis-waikolai/W3SVC20_u_ex090817-u_ex110107.log.gz", format: .auto, lines: 38_740, hits: 22_308,
            bad: [:], directives: 16_432),
        // grep -vc '^#' → 14318; awk '{print $(NF-3)}' on data lines → the statuses.
        Expectation(
            file: "iis-webknowit/W3SVC1_u_ex151017-u_ex161018.log.gz", format: .w3c, lines: 31_070, hits: 14_318,
            bad: [:], directives: 16_752,
            statuses: [200: 7_113, 206: 39, 301: 2, 302: 5, 304: 2_338, 403: 50, 404: 4_752, 405: 17, 500: 2]),
        // zcat | wc -l → 65543; grep -vc '^#' → 64619.
        Expectation(
            file: "iis-webknowit/W3SVC2_u_ex160206-u_ex161018.log.gz", format: .w3c, lines: 65_543, hits: 64_619,
            bad: [:], directives: 924),
        // 884 nginx lines plus 4 `Error line N` lines (grep -n 'Error line'); the last line has no newline.
        Expectation(
            file: "advertools-tests/combined_with_errors.log", format: .combined, lines: 889, hits: 885,
            bad: [.wrongFieldCount: 4]),
        // wc -l → 130; grep -c '^ *$' → 1 blank line (87); every line ends with a space.
        Expectation(
            file: "advertools-tests/dreamhost_apache_access.log", format: .combined, lines: 130, hits: 129,
            bad: [:], blank: 1),
        // grep -cE (combined regex, see RealLogTests.md) → 953 well-formed; the other 47 are escaped
        // binary request lines, CONNECT host:port and empty requests.
        Expectation(
            file: "advertools-tests/nginx_access.log", format: .nginxCombined, lines: 1_000, hits: 953,
            bad: [.badRequestLine: 47]),
        Expectation(
            file: "yahi-personal/biggersample.log", format: .nginxCombined, lines: 1_500, hits: 1_479,
            bad: [.badRequestLine: 21]),
        // Combined plus a quoted X-Forwarded-For field: extra trailing fields are ignored.
        Expectation(
            file: "lnav-tests/logfile_shop_access_log.0", format: .auto, lines: 1_000, hits: 1_000, bad: [:]),
        // 254 lines = 210 requests + 44 directive lines (grep -c '^#').
        Expectation(
            file: "lnav-tests/logfile_w3c_big.0", format: .auto, lines: 254, hits: 210, bad: [:], directives: 44),
        Expectation(
            file: "lnav-tests/logfile_bad_access_log.0", format: .combined, lines: 3, hits: 2, bad: [.wrongFieldCount: 1]),
        // The request is `-` with status 400.
        Expectation(
            file: "lnav-tests/logfile_access_log.1", format: .combined, lines: 1, hits: 0, bad: [.badRequestLine: 1]),
        Expectation(
            file: "matomo-format-tests/common.log", format: .auto, lines: 1, hits: 1, bad: [:]),
        Expectation(
            file: "matomo-format-tests/common.log.gz", format: .auto, lines: 1, hits: 1, bad: [:]),
        Expectation(
            file: "matomo-format-tests/ncsa_extended.log", format: .auto, lines: 1, hits: 1, bad: [:]),
        // %v before the combined fields.
        Expectation(
            file: "matomo-format-tests/common_vhost.log", format: .apache(#"%v %h %l %u %t "%r" %>s %b"#),
            lines: 1, hits: 1, bad: [:]),
        // Three #Fields layouts in one file (beats' IIS fixtures), then two lines of the first layout
        // without a header of their own: 15 fields under a 22-field #Fields.
        Expectation(
            file: "beats-iis/test.log", format: .w3c, lines: 17, hits: 3, bad: [.wrongFieldCount: 2], directives: 12),
    ]

    /// The sets bundled in `Tests/Fixtures/real-logs` (licences that allow it); the others are read from the
    /// shared folder only.
    static let bundledSets: Set<String> = ["elastic-apache", "nasa-ksc-1995", "advertools-tests", "lnav-tests", "beats-iis"]

    static func isBundled(_ expected: Expectation) -> Bool {
        bundledSets.contains(String(expected.file.prefix { $0 != "/" }))
    }

    @Test("every file of a bundled set is in Tests/Fixtures/real-logs", arguments: expectations.filter(isBundled))
    func bundledFilesArePresent(_ expected: Expectation) {
        #expect(RealLogs.bundledPath(expected.file) != nil, "\(expected.file) is missing from \(RealLogs.bundledFolder.path)")
    }

    @Test("counts match the independent oracle (bundled logs)", arguments: expectations.filter(isBundled))
    func countsMatchOracle(_ expected: Expectation) throws {
        try check(expected)
    }

    @Test(
        "counts match the independent oracle (shared logs without a licence to bundle)",
        .enabled(if: RealLogs.sharedIsPresent, "\(RealLogs.sharedFolder.path) is absent: clone beside shared/ or set FOOTFALL_SHARED"),
        arguments: expectations.filter { !isBundled($0) })
    func countsMatchOracleOnSharedLogs(_ expected: Expectation) throws {
        try check(expected)
    }

    func check(_ expected: Expectation) throws {
        let path = Fixtures.realLog(expected.file)
        let (report, hits) = try readLog(path, format: expected.format)
        #expect(report.lines == expected.lines)
        #expect(report.hits == expected.hits)
        #expect(hits.count == expected.hits)
        #expect(report.badLines.counts == expected.bad)
        #expect(report.directiveLines == expected.directives)
        #expect(report.blankLines == expected.blank)
        #expect(report.lines == report.hits + report.badLines.total + report.directiveLines + report.blankLines)
        if !expected.statuses.isEmpty {
            var statuses: [UInt16: Int] = [:]
            for hit in hits { statuses[hit.status, default: 0] += 1 }
            #expect(statuses == expected.statuses)
        }
    }
}
