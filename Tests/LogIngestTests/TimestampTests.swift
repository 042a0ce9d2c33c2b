import Foundation
import LogIngest
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test(arguments: [
        ("10/Oct/2000:13:55:36 -0700", Int64(971_211_336), Int32(-25_200)),
        ("17/Nov/2026:09:15:30 +0900", 1_794_874_530, 32_400),
        ("22/Jan/2019:03:56:14 +0330", 1_548_116_774, 12_600),
        ("29/Feb/2024:23:59:59 +0000", 1_709_251_199, 0),
        ("01/Jan/1990:00:00:00 +0000", 631_152_000, 0),
    ])
    func commonLogTimesGoToUTC(_ text: String, _ seconds: Int64, _ offset: Int32) throws {
        let line = #"192.0.2.1 - - [\#(text)] "GET / HTTP/1.1" 200 1"#
        let hit = try #require(try readLog(try Fixtures.temporaryFile(line), format: .common, maxBadRatio: 0).hits.first)
        #expect(hit.timestamp == seconds)
        #expect(hit.offset == offset)
    }

    @Test(arguments: [
        ("2026-11-17T09:15:30+09:00", Int64(1_794_874_530)), ("2026-11-17T00:15:30Z", 1_794_874_530),
        ("2026-11-17T00:15:30.123Z", 1_794_874_530), ("2026-11-16T19:15:30-05:00", 1_794_874_530),
    ])
    func isoTimesGoToUTC(_ text: String, _ seconds: Int64) throws {
        let line = #"192.0.2.1 [\#(text)] "GET / HTTP/1.1" 200"#
        let hits = try readLog(try Fixtures.temporaryFile(line), format: .nginx(#"$remote_addr [$time_iso8601] "$request" $status"#), maxBadRatio: 0).hits
        #expect(hits.first?.timestamp == seconds)
    }

    /// Issue 18.1: a line dated in year 1 or 9999 became a stored day `1-01-01` / `10000-01-02` and broke every
    /// report; a time outside 1990 … a day after now is a malformed line (`bad_date`), in every time shape.
    @Test(arguments: [
        "01/Jan/0001:00:00:00 +0000", "31/Dec/9999:23:59:59 -2359", "31/Dec/1989:23:59:59 +0000",
        "01/Jan/1990:08:59:59 +0900", "01/Jan/2100:00:00:00 +0000", "01/Jan/2099:00:00:00 +0000",
    ])
    func timesOutsideTheAcceptedWindowAreBadDates(_ text: String) throws {
        let line = #"192.0.2.1 - - [\#(text)] "GET / HTTP/1.1" 200 1"#
        let (report, hits) = try readLog(try Fixtures.temporaryFile(line), format: .common)
        #expect(hits.isEmpty)
        #expect(report.badLines.counts == [.badDate: 1])
    }

    @Test func aTimeMoreThanADayAheadOfTheClockIsABadDate() throws {
        let now = Int64(Date().timeIntervalSince1970)
        func common(_ seconds: Int64) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss"
            return #"192.0.2.1 - - [\#(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))) +0000] "GET / HTTP/1.1" 200 1"#
        }
        let lines = [common(now + 3_600), common(now + 2 * 86_400)].joined(separator: "\n")
        let (report, hits) = try readLog(try Fixtures.temporaryFile(lines), format: .common)
        #expect(hits.count == 1)
        #expect(report.badLines.counts == [.badDate: 1])
    }

    @Test(arguments: ["0001-01-01", "1989-12-31", "9999-12-31"])
    func w3cDatesOutsideTheWindowAreBadDates(_ date: String) throws {
        let text = "#Fields: date time c-ip cs-method cs-uri-stem sc-status\n\(date) 00:00:01 192.0.2.1 GET /x 200\n"
        let (report, hits) = try readLog(try Fixtures.temporaryFile(text), format: .w3c)
        #expect(hits.isEmpty)
        #expect(report.badLines.counts == [.badDate: 1])
    }

    @Test func isoTimesOutsideTheWindowAreBadDates() throws {
        let line = #"192.0.2.1 [0001-01-01T00:00:00Z] "GET / HTTP/1.1" 200"#
        let (report, _) = try readLog(try Fixtures.temporaryFile(line), format: .nginx(#"$remote_addr [$time_iso8601] "$request" $status"#))
        #expect(report.badLines.counts == [.badDate: 1])
    }

    /// Issue 18.18: a `#Fields:` directive of more than 64 fields was cut silently (every line under it then
    /// had the wrong field count).
    @Test func aW3CDirectiveOfManyFieldsIsReadWhole() throws {
        let extra = (1...80).map { "x-extra\($0)" }
        let header = "#Fields: " + (extra + ["date", "time", "c-ip", "cs-method", "cs-uri-stem", "sc-status"]).joined(separator: " ")
        let values = Array(repeating: "v", count: 80) + ["2026-11-17", "00:00:01", "192.0.2.1", "GET", "/x", "200"]
        let (report, hits) = try readLog(try Fixtures.temporaryFile(header + "\n" + values.joined(separator: " ") + "\n"), format: .w3c)
        #expect(report.badLines.total == 0)
        #expect(hits.first?.path == "/x")
    }
}
