import Foundation
import LogIngest
import Testing

/// Apache LogFormat and nginx log_format strings round-tripped: lines are generated from the
/// format string with known values, then parsed back with the same string.
@Suite("Format strings")
struct FormatStringTests {
    struct Values {
        var client: String
        var user: String
        var method: String
        var path: String
        var query: String
        var status: Int
        var bytes: Int
        var referrer: String
        var agent: String
        var cookie: String
        var visitor: String
        var host: String
        var micros: Int
        /// 2026-11-17 09:15:30 at +09:00.
        var seconds: Int64 = 1_794_874_530
    }

    static func randomValues(_ generator: inout SplitMix) -> Values {
        func pick<T>(_ items: [T]) -> T { items[Int(generator.next() % UInt64(items.count))] }
        return Values(
            client: pick(["192.0.2.7", "2001:db8::42", "host.example.net"]),
            user: pick(["-", "jul", "M000123"]),
            method: pick(["GET", "POST", "HEAD"]),
            path: pick(["/", "/product/insurance/detail.do", "/content/edu/%EA%B5%90%EC%9C%A1.do", "/a/b.css"]),
            query: pick(["", "prodCd=LI001", "q=%ED%95%9C&x=1"]),
            status: pick([200, 304, 404, 500]),
            bytes: Int(generator.next() % 100_000),
            referrer: pick(["-", "https://search.naver.com/search.naver?query=%EB%B3%B4%ED%97%98", "http://t.co/x"]),
            agent: pick(["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile", "curl/8.4.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0"]),
            cookie: pick(["-", "WNUID=abc123; WNMID=M000123", "WNUID=ff00ee"]),
            visitor: pick(["abc123", "-"]),
            host: pick(["www.klife.example", "m.klife.example"]),
            micros: Int(generator.next() % 5_000_000))
    }

    static func apacheLine(_ v: Values) -> String {
        let target = v.query.isEmpty ? v.path : "\(v.path)?\(v.query)"
        return #"\#(v.host) \#(v.client) - \#(v.user) [17/Nov/2026:09:15:30 +0900] "\#(v.method) \#(target) HTTP/1.1" \#(v.status) \#(v.bytes) \#(v.micros) "\#(v.referrer)" "\#(v.agent)" "\#(v.cookie)" \#(v.visitor)"#
    }

    static let apacheFormat = #"%v %h %l %u %t \"%r\" %>s %b %D \"%{Referer}i\" \"%{User-agent}i\" \"%{Cookie}i\" %{WNUID}C"#

    static func nginxLine(_ v: Values) -> String {
        let seconds = String(format: "%d.%03d", v.micros / 1_000_000, v.micros / 1000 % 1000)
        return #"\#(v.client) - \#(v.user) [2026-11-17T09:15:30+09:00] "\#(v.method) \#(v.path)\#(v.query.isEmpty ? "" : "?" + v.query) HTTP/2.0" \#(v.status) \#(v.bytes) "\#(v.referrer)" "\#(v.agent)" \#(seconds) \#(v.host) \#(v.visitor)"#
    }

    static let nginxFormat =
        #"$remote_addr - $remote_user [$time_iso8601] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $host $cookie_WNUID"#

    @Test(arguments: [1, 2, 3])
    func apacheLogFormatRoundTrip(seed: Int) throws {
        var generator = SplitMix(seed: UInt64(seed))
        let values = (0..<200).map { _ in Self.randomValues(&generator) }
        let path = try Fixtures.temporaryFile(values.map(Self.apacheLine).joined(separator: "\n") + "\n")
        let format = try LogFormat(parsing: Self.apacheFormat.replacingOccurrences(of: "\\\"", with: "\""))
        let reader = try LogFileReader(options: ReadOptions(format: format, maxBadRatio: 0), rules: HitRules())
        var index = 0
        _ = try reader.read(LogInput(path: path)) { hit in
            let v = values[index]
            #expect(hit.string(hit.fields.client) == v.client)
            #expect(hit.string(hit.fields.user) == v.user)
            #expect(hit.string(hit.fields.method) == v.method)
            #expect(hit.string(hit.fields.path) == v.path)
            #expect(hit.string(hit.fields.query) == v.query)
            #expect(Int(hit.fields.status) == v.status)
            #expect(Int(hit.fields.bytes) == v.bytes)
            #expect(Int(hit.fields.durationMicroseconds) == v.micros)
            #expect(hit.string(hit.fields.referrer) == v.referrer)
            #expect(hit.string(hit.fields.userAgent) == v.agent)
            #expect(hit.string(hit.fields.cookieHeader) == v.cookie)
            #expect(hit.string(hit.fields.virtualHost) == v.host)
            #expect(hit.cookie(named: "WNUID").map { $0.string } == (v.visitor == "-" ? nil : v.visitor))
            #expect(hit.fields.timestamp == v.seconds)
            #expect(hit.fields.utcOffsetSeconds == 9 * 3600)
            index += 1
        }
        #expect(index == values.count)
    }

    @Test(arguments: [4, 5])
    func nginxLogFormatRoundTrip(seed: Int) throws {
        var generator = SplitMix(seed: UInt64(seed))
        let values = (0..<200).map { _ in Self.randomValues(&generator) }
        let path = try Fixtures.temporaryFile(values.map(Self.nginxLine).joined(separator: "\n"))
        let format = try LogFormat(parsing: Self.nginxFormat)
        let reader = try LogFileReader(options: ReadOptions(format: format, maxBadRatio: 0), rules: HitRules())
        var index = 0
        _ = try reader.read(LogInput(path: path)) { hit in
            let v = values[index]
            #expect(hit.string(hit.fields.client) == v.client)
            #expect(hit.string(hit.fields.path) == v.path)
            #expect(hit.string(hit.fields.query) == v.query)
            #expect(Int(hit.fields.status) == v.status)
            #expect(hit.string(hit.fields.userAgent) == v.agent)
            #expect(hit.fields.durationMicroseconds == Int64(v.micros / 1000 * 1000))
            #expect(hit.string(hit.fields.virtualHost) == v.host)
            #expect(hit.cookie(named: "WNUID").map { $0.string } == (v.visitor == "-" ? nil : v.visitor))
            #expect(hit.fields.timestamp == v.seconds)
            index += 1
        }
        #expect(index == values.count)
    }

    @Test func pathAndQueryDirectivesSideBySide() throws {
        let path = try Fixtures.temporaryFile(#"192.0.2.1 [17/Nov/2026:09:00:00 +0900] GET /a/b.do?x=1&y=2 200"# + "\n" + #"192.0.2.1 [17/Nov/2026:09:00:00 +0900] GET /plain 200"#)
        let hits = try readLog(path, format: .apache("%h %t %m %U%q %>s"), maxBadRatio: 0).hits
        #expect(hits.map(\.path) == ["/a/b.do", "/plain"])
        #expect(hits.map(\.query) == ["x=1&y=2", ""])
    }

    @Test(arguments: ["%h %z", "%{%Y}t %r", "%h %t", "$remote_addr $status", "no fields here", "%h%u %t %r"])
    func unusableFormatStringsAreRefused(_ text: String) {
        #expect(throws: LogIngestError.self) {
            _ = try LogFileReader(options: ReadOptions(format: try LogFormat(parsing: text)), rules: HitRules())
        }
    }

    @Test(arguments: [
        ("common", LogFormat.common), ("combined", .combined), ("combined_cookie", .combinedCookie),
        ("nginx_combined", .nginxCombined), ("w3c", .w3c), ("auto", .auto),
    ])
    func namedFormats(_ name: String, _ expected: LogFormat) throws {
        #expect(try LogFormat(parsing: name) == expected)
    }

    @Test func autoDetectsCombinedCookie() throws {
        let line = #"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1 "-" "x" "WNUID=abc""#
        let path = try Fixtures.temporaryFile(line + "\n" + line + "\n")
        let (report, hits) = try readLog(path)
        #expect(report.format == .combinedCookie)
        #expect(hits.first?.cookie == "WNUID=abc")
    }

    @Test func autoDetectsCommon() throws {
        let line = #"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET / HTTP/1.1" 200 1"#
        let path = try Fixtures.temporaryFile(line + "\n")
        #expect(try readLog(path).report.format == .common)
    }
}
