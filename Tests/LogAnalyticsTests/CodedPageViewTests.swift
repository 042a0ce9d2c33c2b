import Foundation
import LogAnalytics
import LogIngest
import SiteConfig
import Testing

/// Page views with their strings as run-wide codes (``StringCodes``, ``CompletedVisit/forEachPageView(codes:_:)``,
/// ``CompletedVisit/pathCodes(_:)``) say the same as the rows made of strings, and equal strings from
/// different files' vocabularies share one code.
@Suite("Coded page views")
struct CodedPageViewTests {
    /// Checks every visit's coded page views and path against its rows; returns the codes used.
    static func checkCodesMatchRows(_ visits: [CompletedVisit]) -> StringCodes {
        let codes = StringCodes()
        func string(_ code: Int32) -> String? { code < 0 ? nil : codes.strings[Int(code)] }
        for visit in visits {
            let (row, pageViews) = visit.rows()
            var coded: [CodedPageView] = []
            visit.forEachPageView(codes: codes) { coded.append($0) }
            #expect(coded.count == pageViews.count)
            for (view, expected) in zip(coded, pageViews) {
                #expect(string(view.page.page) == expected.page)
                #expect(string(view.path) == expected.path)
                #expect(string(view.page.content) == expected.content)
                #expect(string(view.page.productCategory) == expected.productCategory)
                #expect(string(view.page.product) == expected.product)
                #expect(view.sequence == expected.sequence && view.timestamp == expected.timestamp)
                #expect(view.siteOffset == expected.siteOffset && view.timeOnPage == expected.timeOnPage)
                #expect(view.query == expected.query && view.client == expected.client && view.method == expected.method)
                #expect(view.status == expected.status && view.device == expected.device)
                #expect(view.interestAction == expected.interestAction)
                #expect(visit.model.goalNames(in: view.goals) == expected.goals)
            }
            #expect(visit.pathCodes(codes).map { codes.strings[Int($0)] } == row.path)
            #expect(visit.start == row.start && visit.durationSeconds == row.durationSeconds)
            #expect(visit.visitorKey == row.visitorKey && visit.memberId == row.memberId)
        }
        #expect(Set(codes.strings.map { Array($0.utf8) }).count == codes.strings.count, "each string (its bytes) has one code")
        return codes
    }

    @Test func sameFiguresAsTheRowsOverTwoFiles() throws {
        let fixture = try SessionFixture()
        let first = try fixture.file("a.log", [
            SessionFixture.line("17/Nov/2026:09:00:00", "/index.do"),
            SessionFixture.line("17/Nov/2026:09:01:00", "/product/insurance/detail.do?prodCd=LI001", cookie: "WNUID=v1; MEMBER_ID=M1"),
            SessionFixture.line("17/Nov/2026:09:02:00", "/product/insurance/detail.do?prodCd=LI001&x=1"),
            SessionFixture.line("17/Nov/2026:09:03:00", "/calc/premium.do?prodCd=LI001", method: "POST"),
            SessionFixture.line("17/Nov/2026:09:05:00", "/index.do", cookie: "WNUID=v2"),
        ])
        let second = try fixture.file("b.log", [
            SessionFixture.line("17/Nov/2026:09:02:30", "/index.do"),
            SessionFixture.line("17/Nov/2026:09:04:00", "/%EC%83%81%ED%92%88/", cookie: "WNUID=v2"),
            SessionFixture.line("17/Nov/2026:09:06:00", "/product/insurance/detail.do?prodCd=LI001", cookie: "WNUID=v3"),
        ])
        let (visits, _) = try fixture.run([first, second])
        #expect(visits.count == 3)
        let codes = Self.checkCodesMatchRows(visits)
        // `메인` and the product page come from both files' vocabularies: one code each.
        #expect(codes.strings.filter { $0 == "메인" }.count == 1)
        #expect(codes.strings.contains("무배당 종신보험"))
    }

    /// Consecutive pages whose names are canonically equivalent but not the same bytes (é as one code
    /// point and as e + U+0301) are two steps of the path, in the rows as in the codes.
    @Test func canonicallyEquivalentPagesAreTwoSteps() throws {
        let fixture = try SessionFixture()
        let file = try fixture.file("a.log", [
            SessionFixture.line("17/Nov/2026:09:00:00", "/caf%C3%A9"),
            SessionFixture.line("17/Nov/2026:09:01:00", "/cafe%CC%81"),
        ])
        let (visits, _) = try fixture.run([file])
        #expect(visits.count == 1)
        #expect(visits.first?.visit.path.count == 2)
        _ = Self.checkCodesMatchRows(visits)
    }

    /// Past ``EventVocabulary/boundedTableLimit`` distinct paths, pages and channels, events carry their own
    /// values (`PageViewOverflow`); their codes still name the same strings as their rows.
    @Test func sameFiguresAsTheRowsPastTheVocabularysLimits() throws {
        let fixture = try SessionFixture()
        let count = EventVocabulary.boundedTableLimit + 500
        var lines: [String] = []
        lines.reserveCapacity(count)
        for index in 0..<count {
            let seconds = index / 2  // two page views a second: all on one day
            let second = seconds % 60, minute = seconds / 60 % 60, hour = seconds / 3600
            let time = "17/Nov/2026:\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute):\(second < 10 ? "0" : "")\(second)"
            lines.append(SessionFixture.line(
                time, "/p/\(index).do?utm_source=s\(index)&utm_medium=m&utm_campaign=c\(index)", cookie: "WNUID=v\(index % 50)"))
        }
        let (visits, _) = try fixture.run([try fixture.file("many.log", lines)])
        #expect(visits.reduce(0) { $0 + $1.pageViewCount } == count)
        let codes = Self.checkCodesMatchRows(visits)
        #expect(codes.strings.contains("/p/\(count - 1).do"))
        for visit in visits {
            let channel = visit.visit.channel
            let coded = visit.channelCodes(codes)
            #expect(coded.campaign >= 0 && codes.strings[Int(coded.campaign)] == channel.campaign)
            #expect(coded.source >= 0 && codes.strings[Int(coded.source)] == channel.source)
        }
    }

    @Test func sameFiguresAsTheRowsOnARealLog() throws {
        var visits: [CompletedVisit] = []
        _ = try RealLogSessionTests.runNASA1995 { visits.append($0) }
        #expect(visits.count == 962)
        _ = Self.checkCodesMatchRows(visits)
    }
}
