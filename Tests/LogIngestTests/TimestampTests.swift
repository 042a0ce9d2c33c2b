import LogIngest
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test(arguments: [
        ("10/Oct/2000:13:55:36 -0700", Int64(971_211_336), Int32(-25_200)),
        ("17/Nov/2026:09:15:30 +0900", 1_794_874_530, 32_400),
        ("22/Jan/2019:03:56:14 +0330", 1_548_116_774, 12_600),
        ("29/Feb/2024:23:59:59 +0000", 1_709_251_199, 0),
        ("01/Jan/1970:00:00:00 +0000", 0, 0),
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
}
