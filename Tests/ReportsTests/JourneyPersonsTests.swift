import Foundation
import FootfallStore
import LogIngest
import Reports
import SiteConfig
import Testing

/// Persons (SPEC §14) in the cases the main journeys leave out: a key that meets two members on one day, and a funnel
/// the store's days were ingested without.
@Suite("Journey persons")
struct JourneyPersonsTests {
    /// Key kZ: 11-20 08:00 anonymous, from search, /x.do; 11-21 10:00 logged in as MZ2 /x.do; 11-21 09:00 logged in as
    /// MZ1 /apply/done.do (written after MZ2's line; ingest sorts by time). The key's first member is MZ1 (its visit
    /// starts an hour before MZ2's on the same day), so the anonymous search visit is MZ1's and a touchpoint of MZ1's
    /// conversion: first touch search. Had MZ2 been taken, the conversion would have one touchpoint (direct).
    static let twoMembersOneDay = JourneyFixture.store(
        named: "journey-two-members",
        lines: [
            JourneyFixture.line("20/Nov/2026", "08:00:00", "/x.do", key: "kZ", referrer: "https://search.naver.com/search.naver?query=a"),
            JourneyFixture.line("21/Nov/2026", "10:00:00", "/x.do", key: "kZ", member: "MZ2"),
            JourneyFixture.line("21/Nov/2026", "09:00:00", "/apply/done.do", key: "kZ", member: "MZ1"),
        ],
        customers: "member_id,grade,insured\nMZ1,regular,N\nMZ2,regular,N\n")

    @Test func aKeyMeetingTwoMembersOnOneDayBelongsToTheEarlier() throws {
        var request = ReportRequest(name: "attribution")
        request.goal = "apply"
        let fixture = Self.twoMembersOneDay
        let report = try #require(try ReportRunner(store: fixture.store.pinned(), configuration: fixture.config).run(request).report as? AttributionReport)
        #expect(report.conversions == 1)
        #expect(report.averageTouchpoints == 2)
        let first = AttributionReport.Model.allCases.firstIndex(of: .firstTouch)!
        #expect(report.channels.first { $0.channel == "search" }?.credit[first] == 1)
    }

    /// The funnel `late` (/q.do → /apply/done.do) is added to the config after ingest: the visits' `funnel_steps` have
    /// no entry for it, and the report still finds its attempts (JourneyReportsTests' store: A reaches /q.do on 11-11
    /// and /apply/done.do a minute later; C's /q.do on 11-03 is followed by /apply/done.do on 11-05, within 7 days).
    @Test func aFunnelAddedAfterIngest() throws {
        var config = JourneyReportsTests.fixture.config
        config.funnels.append(FunnelDefinition(name: "late", steps: [PathGlob("/q.do"), PathGlob("/apply/done.do")]))
        var request = ReportRequest(name: "funnel", argument: "late")
        (request.from, request.to, request.window) = ("2026-11-01", "2026-12-01", 7)
        let report = try #require(
            try ReportRunner(store: JourneyReportsTests.fixture.store.pinned(), configuration: config).run(request).report as? WindowedFunnelReport)
        #expect(report.steps.map(\.persons) == [2, 2])
    }
}
