import LogAnalytics
import LogIngest
import Testing

@Suite("Visitor history as of a day")
struct HistoryIdempotencyTests {
    typealias F = SessionFixture

    struct Summary: Equatable {
        var key: String
        var member: String?
        var segment: Segment
        var firstVisit: Bool
        var recognised: Bool
    }

    static func summaries(_ visits: [CompletedVisit]) -> [Summary] {
        visits.map { Summary(key: $0.visit.visitorKey, member: $0.visit.memberId, segment: $0.visit.segment, firstVisit: $0.visit.firstVisit, recognised: $0.visit.recognisedMember) }
    }

    @Test func reingestingTheLatestDayGivesTheSameVisits() throws {
        let fixture = try F()
        let day1 = try fixture.file("d1.log", [
            F.line("17/Nov/2026:10:00:00", "/index.do", cookie: "WNUID=a; WNMID=M1"),
            F.line("17/Nov/2026:10:00:00", "/index.do", cookie: "WNUID=b"),
        ])
        let day2 = try fixture.file("d2.log", [
            F.line("18/Nov/2026:09:00:00", "/index.do", cookie: "WNUID=a"),  // recognised as M1
            F.line("18/Nov/2026:12:00:00", "/index.do", cookie: "WNUID=a; WNMID=M2"),  // logs in as M2
            F.line("18/Nov/2026:09:30:00", "/index.do", cookie: "WNUID=b"),  // returning anonymous
            F.line("18/Nov/2026:09:40:00", "/index.do", cookie: "WNUID=c"),  // new
        ])
        var history = InMemoryVisitorHistory(fingerprintKey: F.fixedKey)
        let (_, first) = try fixture.run([day1], history: history)
        history.merge(first.historyUpdates)

        let (once, second) = try fixture.run([day2], history: history)
        history.merge(second.historyUpdates)
        let (twice, third) = try fixture.run([day2], history: history)
        history.merge(third.historyUpdates)
        let (thrice, _) = try fixture.run([day2], history: history)

        let expected = [
            Summary(key: "a", member: "M1", segment: .customer, firstVisit: false, recognised: true),
            Summary(key: "b", member: nil, segment: .anonymous, firstVisit: false, recognised: false),
            Summary(key: "c", member: nil, segment: .anonymousNew, firstVisit: true, recognised: false),
            Summary(key: "a", member: "M2", segment: .member, firstVisit: false, recognised: false),
        ]
        #expect(Self.summaries(once) == expected)
        #expect(Self.summaries(twice) == expected)
        #expect(Self.summaries(thrice) == expected)
        // The history now knows M2 from day 2 and M1 from day 1.
        let a = try #require(history.entry(for: "a"))
        #expect(a.lastMemberId == "M2")
        #expect(a.previousMemberId == "M1")
        #expect(a.firstSeen.description == "2026-11-17")
        #expect(history.entry(for: "c")?.firstSeen.description == "2026-11-18")
    }

    @Test func asOfBeforeADay() {
        let d16 = SiteDay("2026-11-16")!
        let d17 = SiteDay("2026-11-17")!
        let d18 = SiteDay("2026-11-18")!
        let entry = VisitorHistoryEntry(
            firstSeen: d16, lastSeen: d18, lastMemberId: "M2", lastMemberDay: d18, previousMemberId: "M1", previousMemberDay: d16)
        #expect(entry.asOf(before: d16) == nil)
        #expect(entry.asOf(before: d17)?.lastMemberId == "M1")
        #expect(entry.asOf(before: d18)?.lastMemberId == "M1")
        #expect(entry.asOf(before: d18.adding(days: 1))?.lastMemberId == "M2")
    }
}
