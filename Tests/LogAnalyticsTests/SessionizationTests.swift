import Foundation
import LogAnalytics
import LogIngest
import Testing

@Suite("Sessionisation")
struct SessionizationTests {
    typealias F = SessionFixture

    @Test(arguments: [("09:30:00", 1), ("09:30:01", 2)])
    func aGapOfMoreThanTheTimeoutStartsAVisit(second: String, visits: Int) throws {
        let fixture = try F()
        // 09:00:00 → 09:30:00 is 1800 s: the same visit; 1801 s: a new one.
        let path = try fixture.file("a.log", [F.line("17/Nov/2026:09:00:00", "/index.do"), F.line("17/Nov/2026:\(second)", "/index.do")])
        let (found, _) = try fixture.run([path])
        #expect(found.count == visits)
        if visits == 1 {
            #expect(found[0].visit.durationSeconds == 1800)
            #expect(found[0].pageViews[0].timeOnPage == 1800)
            #expect(found[0].pageViews[1].timeOnPage == nil)
        }
    }

    @Test func aVisitAcrossMidnightIsTwoFullVisits() throws {
        let fixture = try F()
        let path = try fixture.file("a.log", [
            F.line("17/Nov/2026:23:50:00", "/index.do", referrer: "https://search.naver.com/search.naver?query=abc"),
            F.line("17/Nov/2026:23:59:00", "/product/insurance/detail.do?prodCd=LI001", referrer: "https://www.klife.example/index.do"),
            F.line("18/Nov/2026:00:05:00", "/calc/premium.do", referrer: "https://www.klife.example/product/insurance/detail.do"),
        ])
        let (found, _) = try fixture.run([path])
        #expect(found.count == 2)
        let first = found[0].visit
        let second = found[1].visit
        #expect(first.day.description == "2026-11-17")
        #expect(second.day.description == "2026-11-18")
        #expect(first.pageViews == 2)
        #expect(second.pageViews == 1)
        #expect(first.firstVisit)
        #expect(!second.firstVisit)
        #expect(first.segment == .anonymousNew)
        #expect(second.segment == .anonymous)
        // Each part's own landing page decides its channel.
        #expect(first.channel.channel == .search)
        #expect(second.channel.channel == .direct)
        // The last page view before midnight has no time on page: it ends its visit.
        #expect(found[0].pageViews[1].timeOnPage == nil)
    }

    @Test func oneVisitorsHitsOutOfOrderOverThreeFiles() throws {
        let fixture = try F()
        // Three web servers; the visitor's page views alternate between them, and each file is a
        // little out of order (within the 120 s reorder window).
        let web1 = try fixture.file("web1.log", [
            F.line("17/Nov/2026:10:00:00", "/index.do"),
            F.line("17/Nov/2026:10:03:00", "/index.do?x=4", cookie: "WNUID=other"),
            F.line("17/Nov/2026:10:01:30", "/product/insurance/detail.do?prodCd=LI001"),
        ])
        let web2 = try fixture.file("web2.log", [
            F.line("17/Nov/2026:10:02:00", "/calc/premium.do?prodCd=LI001"),
            F.line("17/Nov/2026:10:00:40", "/content/a.do"),
        ])
        let web3 = try fixture.file("web3.log", [
            F.line("17/Nov/2026:10:01:00", "/content/b.do"),
            F.line("17/Nov/2026:10:04:00", "/apply/form.do"),
        ])
        let (found, result) = try fixture.run([web1, web2, web3])
        let visit = try #require(found.first { $0.visit.visitorKey == "v1" })
        #expect(found.count == 2)
        #expect(visit.pageViews.map(\.path) == [
            "/index.do", "/content/a.do", "/content/b.do", "/product/insurance/detail.do", "/calc/premium.do", "/apply/form.do",
        ])
        #expect(visit.pageViews.map(\.timeOnPage) == [40, 20, 30, 30, 120, nil])
        #expect(visit.visit.funnelSteps["insurance_signup"] == 3)
        #expect(result.reports.count == 3)
    }

    @Test func aRecognisedMemberOnALaterDay() throws {
        let fixture = try F()
        let day1 = try fixture.file("d1.log", [
            F.line("17/Nov/2026:10:00:00", "/index.do", cookie: "WNUID=v9"),
            F.line("17/Nov/2026:10:01:00", "/member/login.do", method: "POST", cookie: "WNUID=v9"),
            F.line("17/Nov/2026:10:02:00", "/mypage/index.do", cookie: "WNUID=v9; WNMID=M1"),
        ])
        let day2 = try fixture.file("d2.log", [F.line("19/Nov/2026:08:00:00", "/index.do", cookie: "WNUID=v9; WNMID=")])

        // In one run.
        let (both, _) = try fixture.run([day1, day2])
        #expect(both.count == 2)
        #expect(both[0].visit.memberId == "M1")
        #expect(both[0].visit.loggedIn)
        #expect(both[0].visit.segment == .customer)
        #expect(both[1].visit.memberId == "M1")
        #expect(!both[1].visit.loggedIn)
        #expect(both[1].visit.recognisedMember)
        #expect(both[1].visit.segment == .customer)
        #expect(both[1].visit.grade == "vip")

        // Across runs, through the history.
        let (first, firstResult) = try fixture.run([day1])
        #expect(first.count == 1)
        var history = InMemoryVisitorHistory(fingerprintKey: F.fixedKey)
        history.merge(firstResult.historyUpdates)
        let reloaded = try InMemoryVisitorHistory(parsing: history.serialized(), file: "history.tsv")
        let (second, _) = try fixture.run([day2], history: reloaded)
        #expect(second[0].visit.memberId == "M1")
        #expect(second[0].visit.recognisedMember)
        #expect(!second[0].visit.firstVisit)
        #expect(reloaded.entry(for: "v9")?.firstSeen.description == "2026-11-17")
    }

    @Test func eachSegment() throws {
        let fixture = try F()
        let path = try fixture.file("a.log", [
            F.line("17/Nov/2026:10:00:00", "/index.do", cookie: "WNUID=c; WNMID=M1"),  // insured: customer
            F.line("17/Nov/2026:10:00:01", "/index.do", cookie: "WNUID=m; WNMID=M2"),  // not insured: member
            F.line("17/Nov/2026:10:00:02", "/index.do", cookie: "WNUID=u; WNMID=M777"),  // not in the CSV: member
            F.line("17/Nov/2026:10:00:03", "/index.do", cookie: "WNUID=n"),  // first visit: anonymous_new
            F.line("17/Nov/2026:10:00:04", "/index.do", cookie: "WNUID=r"),
            F.line("17/Nov/2026:12:00:00", "/index.do", cookie: "WNUID=r; WNMID=-"),  // returning: anonymous
        ])
        let (found, _) = try fixture.run([path])
        let segments = Dictionary(grouping: found, by: { $0.visit.visitorKey }).mapValues { $0.map(\.visit.segment) }
        #expect(segments["c"] == [.customer])
        #expect(segments["m"] == [.member])
        #expect(segments["u"] == [.member])
        #expect(segments["n"] == [.anonymousNew])
        #expect(segments["r"] == [.anonymousNew, .anonymous])
        #expect(found.first { $0.visit.visitorKey == "u" }?.visit.grade == nil)
    }

    @Test func fingerprintVisitors() throws {
        let fixture = try F()
        let path = try fixture.file("a.log", [
            F.line("17/Nov/2026:10:00:00", "/index.do", cookie: "-", client: "198.51.100.7"),
            F.line("17/Nov/2026:10:01:00", "/index.do", cookie: "WNUID=", client: "198.51.100.7"),
            F.line("17/Nov/2026:10:01:30", "/index.do", agent: F.iPhone, cookie: "-", client: "198.51.100.7"),
        ])
        let (found, _) = try fixture.run([path])
        #expect(found.count == 2)
        let desktop = found.first { $0.visit.device == .desktop }!.visit
        let phone = found.first { $0.visit.device == .mobile }!.visit
        #expect(desktop.isFingerprint)
        #expect(desktop.pageViews == 2)  // an empty visitor cookie means fingerprint too
        #expect(desktop.visitorKey.hasPrefix("fp:"))
        #expect(desktop.visitorKey.count == 35)
        #expect(!desktop.visitorKey.contains("198.51"))
        #expect(desktop.visitorKey != phone.visitorKey)
        // The same pair under another key gives another fingerprint.
        let (again, _) = try fixture.run([path], history: InMemoryVisitorHistory(fingerprintKey: .init(first: 9, second: 9)))
        #expect(again.first { $0.visit.device == .desktop }!.visit.visitorKey != desktop.visitorKey)
    }

    @Test func anonymizedAddressesNeverReachTheRows() throws {
        let fixture = try F(config: F.baseConfig.replacingOccurrences(of: "[site]\n", with: "[site]\nanonymize_ip = true\n"))
        let path = try fixture.file("a.log", [
            F.line("17/Nov/2026:10:00:00", "/index.do", client: "198.51.100.7"),
            F.line("17/Nov/2026:10:00:00", "/index.do", cookie: "WNUID=v6", client: "2001:db8:1:2:3:4:5:6"),
            F.line("17/Nov/2026:10:01:00", "/index.do", cookie: "WNUID=v4", client: "198.51.100.9"),
            F.line("17/Nov/2026:10:02:00", "/index.do", cookie: "WNUID=v4", client: "198.51.100.7"),
        ])
        let (found, _) = try fixture.run([path])
        #expect(Set(found.flatMap { $0.pageViews.map(\.client) }) == ["198.51.100.0", "2001:db8:1::"])
        // Two addresses of one masked network read as the same masked address.
        let v4 = try #require(found.first { $0.visit.visitorKey == "v4" })
        #expect(v4.pageViews.map(\.client) == ["198.51.100.0", "198.51.100.0"])
    }

    @Test func hitsCountOnTheirOwnDayAndOpensByCampaign() throws {
        let fixture = try F()
        let path = try fixture.file("a.log", [
            F.line("17/Nov/2026:23:59:00", "/index.do"),
            F.line("18/Nov/2026:00:00:10", "/css/site.css"),
            F.line("18/Nov/2026:00:00:20", "/mail/open.gif?em=EM1", cookie: "-"),
            F.line("18/Nov/2026:00:00:30", "/mail/open.gif?em=EM1", cookie: "-"),
            F.line("18/Nov/2026:00:00:40", "/robots.txt", status: 404),
            F.line("18/Nov/2026:00:01:00", "/health/check"),
        ])
        let (_, result) = try fixture.run([path])
        let day1 = try #require(result.dailyCounts[SiteDay("2026-11-17")!])
        let day2 = try #require(result.dailyCounts[SiteDay("2026-11-18")!])
        #expect(day1.hits == 1)
        #expect(day2.hits == 4)
        #expect(day2.botHits == 1)
        #expect(day2.emailOpens == ["EM1": 2])
        #expect(day2.statuses == [200: 4, 404: 1])
    }

    @Test func memoryFollowsActiveVisitorsNotInput() throws {
        let fixture = try F()
        // 2000 visitors, each active for a few minutes, spread over 20 hours: never more than a
        // few dozen active at once.
        var lines: [String] = []
        for visitor in 0..<2000 {
            let start = visitor * 36  // seconds after 00:00
            for step in 0..<3 {
                let t = start + step * 60
                lines.append(F.line(String(format: "17/Nov/2026:%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60), "/index.do", cookie: "WNUID=k\(visitor)"))
            }
        }
        let (found, result) = try fixture.run([try fixture.file("a.log", lines)])
        #expect(found.count == 2000)
        #expect(result.peakOpenVisits < 60)
    }
}

@Suite("Merging files by time")
struct MergeTests {
    typealias F = SessionFixture

    @Test func aFileWhoseLinesAreAllEarlierIsMergedFirst() throws {
        let fixture = try F()
        // web1 starts later than all of web2: its first events must wait for web2's.
        let web1 = try fixture.file("web1.log", [F.line("17/Nov/2026:12:00:00", "/index.do")])
        let web2 = try fixture.file("web2.log", [
            F.line("17/Nov/2026:09:00:00", "/index.do"), F.line("17/Nov/2026:09:10:00", "/calc/premium.do"),
        ])
        let (found, result) = try fixture.run([web1, web2])
        #expect(found.map(\.visit.pageViews) == [2, 1])
        #expect(found.map { $0.visit.start } == [found[0].pageViews[0].timestamp, found[0].pageViews[0].timestamp + 3 * 3600])
        #expect(result.latePageViews == 0)
    }

    @Test func manyBatchesFromThreeServersStayInOrder() throws {
        let fixture = try F()
        // Enough lines for several batches per file, the same visitors on all three servers.
        var files: [[String]] = [[], [], []]
        for second in stride(from: 0, to: 3 * 3600, by: 1) {
            let time = String(format: "17/Nov/2026:%02d:%02d:%02d", 10 + second / 3600, second / 60 % 60, second % 60)
            files[second % 3].append(F.line(time, "/index.do", cookie: "WNUID=v\(second % 50)"))
        }
        let paths = try files.enumerated().map { try fixture.file("web\($0.offset).log", $0.element) }
        let (found, result) = try fixture.run(paths)
        #expect(result.latePageViews == 0)
        #expect(found.count == 50)
        #expect(found.allSatisfy { visit in zip(visit.pageViews, visit.pageViews.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp } })
        #expect(result.peakOpenVisits == 50)
    }

    /// Issue 18.9: each open file costs buffers and threads, so files are opened when the merge reaches their
    /// first timestamp. Hourly files of three servers given in any order: at most the three of one hour (and
    /// the next ones starting) are read at once, and the merge is as before.
    @Test func filesAreOpenedWhenTheMergeReachesThem() throws {
        let fixture = try F()
        var paths: [String] = []
        for hour in 0..<12 {
            for server in 0..<3 {
                let lines = (0..<30).map { minute in
                    F.line(String(format: "17/Nov/2026:%02d:%02d:%02d", 8 + hour, minute * 2, server * 10), "/index.do", cookie: "WNUID=s\(server)h\(hour)")
                }
                paths.append(try fixture.file("web\(server)-\(hour).log", lines))
            }
        }
        paths.reverse()  // the order given does not matter
        let (found, result) = try fixture.run(paths)
        #expect(result.latePageViews == 0)
        #expect(found.count == 36)
        #expect(found.allSatisfy { $0.pageViewCount == 30 })
        #expect(result.peakOpenFiles >= 3 && result.peakOpenFiles <= 6, "\(result.peakOpenFiles)")
        // Standard input and unreadable files are opened at once (no first timestamp to wait for).
        let (_, both) = try fixture.run([paths[0], paths[35]])
        #expect(both.peakOpenFiles == 1)
    }
}
