import LogIngest
import Testing
import TestScratch

@Suite("W3C extended logs")
struct W3CTests {
    @Test func fieldsChangeMidFileWithCRLFAndPlusForSpaces() throws {
        let text = [
            "#Software: Microsoft Internet Information Services 10.0",
            "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status cs(User-Agent)",
            "2026-11-17 00:00:01 192.0.2.1 GET /a.do x=1 200 Mozilla/5.0+(iPhone;+CPU+iPhone+OS+17_0)+Mobile",
            "#Fields: date time cs-method cs-uri-stem sc-status c-ip cs(Cookie) cs(Referer)",
            "2026-11-17 00:00:02 POST /b.do 302 2001:db8::1 WNUID=abc;+WNMID=M1 https://www.google.co.kr/search?q=x",
            "#Fields: date time cs-method cs-uri-stem sc-status c-ip cs(Cookie) cs(Referer)",
            "2026-11-17 23:59:59 GET /c.do 200 192.0.2.9 - -",
        ].joined(separator: "\r\n") + "\r\n"
        let path = try Fixtures.temporaryFile(text)
        let (report, hits) = try readLog(path, format: .w3c, maxBadRatio: 0)
        #expect(report.directiveLines == 4)
        #expect(hits.map(\.path) == ["/a.do", "/b.do", "/c.do"])
        #expect(hits.map(\.method) == ["GET", "POST", "GET"])
        #expect(hits[0].query == "x=1")
        #expect(hits[0].userAgent == "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile")
        #expect(hits[0].device == .mobile)
        #expect(hits[1].client == "2001:db8::1")
        #expect(hits[1].referrer == "https://www.google.co.kr/search?q=x")
        #expect(hits[2].cookie == "")
        #expect(hits[2].timestamp == 1_794_959_999)  // 2026-11-17T23:59:59Z
        #expect(hits.allSatisfy { $0.offset == 0 })
    }

    @Test func dataBeforeAnyFieldsDirectiveIsMalformed() throws {
        let path = try Fixtures.temporaryFile("2026-11-17 00:00:01 GET / 200\n#Fields: date time cs-method cs-uri-stem sc-status\n2026-11-17 00:00:01 GET / 200\n")
        let (report, hits) = try readLog(path, format: .w3c)
        #expect(hits.count == 1)
        #expect(report.badLines.counts == [.noFieldsDirective: 1])
    }

    @Test func quotedValuesAndRunsOfSpaces() throws {
        let text = [
            "#Fields: date   time   c-ip   cs-method   cs-uri-stem   sc-status   cs(Cookie)   cs(User-Agent)",
            #"2026-11-17   10:00:00   192.0.2.1   GET   /x   200   "a=1; b=""two"""   "Mozilla/5.0 (X11)""#,
        ].joined(separator: "\n")
        let path = try Fixtures.temporaryFile(text)
        let hit = try #require(try readLog(path, format: .w3c, maxBadRatio: 0).hits.first)
        #expect(hit.cookie == #"a=1; b=""two"""#)
        #expect(hit.userAgent == "Mozilla/5.0 (X11)")
    }

    @Test func timeOnlyLinesTakeTheDateDirective() throws {
        let text = "#Date: 2026-11-17 00:00:00\n#Fields: time c-ip cs-method cs-uri-stem sc-status\n01:02:03 192.0.2.1 GET /x 200\n"
        let path = try Fixtures.temporaryFile(text)
        let hit = try #require(try readLog(path, format: .w3c, maxBadRatio: 0).hits.first)
        #expect(hit.timestamp == 1_794_877_323)  // 2026-11-17T01:02:03Z
    }

    @Test(
        .enabled(
            if: RealLogs.isAvailable("iis-webknowit/FTPSVC2_ftp_u_ex151018-u_ex160206.log"),
            Comment(rawValue: RealLogs.skipReason("iis-webknowit/FTPSVC2_ftp_u_ex151018-u_ex160206.log"))))
    func ftpLogsAreNotHTTPHits() throws {
        let (report, hits) = try readLog(Fixtures.realLog("iis-webknowit/FTPSVC2_ftp_u_ex151018-u_ex160206.log"), format: .w3c)
        // FTP commands ([2]USER, PASS, …) and paths without a leading / are not HTTP requests.
        #expect(report.badLines.total > 0)
        #expect(hits.allSatisfy { $0.path.hasPrefix("/") })
    }
}
