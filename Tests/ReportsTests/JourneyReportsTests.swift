import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import Reports
import SiteConfig
import Testing
import TestScratch

/// SPEC §14's three reports on journeys written as log lines here, with every expected figure worked out below.
///
/// Site time +09:00 (no summer time, so N days are N × 86,400 s). Goal `apply` = /apply/done.do. Funnel `buy`:
/// /p.do → /q.do → /apply/done.do. Campaign BN1 (banner) costs 1,000 over 11-01 … 11-10; EM1 (e-mail) has no cost.
/// Channels: `utm_*` → campaign; a search.naver.com or Google referrer → search; facebook → social; another host →
/// referral; "-" → direct. A visit ends at midnight (SPEC §4).
///
/// - A (key kA, member MA): 11-01 10:00 banner BN1 landing on /p.do, 10:05 /x.do (anonymous);
///   11-11 10:00 direct, logged in as MA: /q.do, 10:01 /apply/done.do. A conversion 10 days after the banner.
/// - B (key kB, never a member): 11-01 12:00:00 search /x.do; 12-01 12:00:00 direct /apply/done.do, exactly
///   30 × 86,400 s later.
/// - C (key kC, member MC): 11-03 09:00 /p.do, 09:01 /q.do; 11-05 09:00 /p.do, 09:02 /q.do, 09:03 /apply/done.do
///   (an attempt that restarts); all direct.
/// - D (key kD): 11-02 10:00 referral, anonymous: /p.do, 10:01 /y.do; 11-04 10:00 logged in as MD1 /x.do (direct);
///   11-06 10:00 logged in as MD2 /x.do from facebook (social); 11-08 10:00 not logged in — recognised as MD2, the
///   key's latest member — /apply/done.do (direct). The key's first member is MD1: its 11-02 visit is MD1's.
/// - E (key kE): 11-09 23:50 search /x.do; 11-10 00:10 /apply/done.do, referrer "-": two visits across midnight.
/// - F (key kF): 10-25 10:00 banner BN1 /x.do; 11-02 10:00 direct /apply/done.do (its touchpoint lies before --from).
/// - G (key kG, member MG): 11-12 10:00 e-mail EM1 /x.do; 11-13 10:00 search /x.do; 11-14 10:00 direct
///   /apply/done.do: three touchpoints.
@Suite("Journey reports")
struct JourneyReportsTests {
    static let fixture: (store: Store, config: SiteConfiguration) = {
        let naver = "https://search.naver.com/search.naver?query=insurance"
        let lines = [
            JourneyFixture.line("25/Oct/2026", "10:00:00", "/x.do?utm_source=portal&utm_medium=banner&utm_campaign=BN1", key: "kF"),
            JourneyFixture.line("01/Nov/2026", "10:00:00", "/p.do?utm_source=portal&utm_medium=banner&utm_campaign=BN1", key: "kA"),
            JourneyFixture.line("01/Nov/2026", "10:05:00", "/x.do", key: "kA"),
            JourneyFixture.line("01/Nov/2026", "12:00:00", "/x.do", key: "kB", referrer: naver),
            JourneyFixture.line("02/Nov/2026", "10:00:00", "/p.do", key: "kD", referrer: "https://blog.example.com/post/1"),
            JourneyFixture.line("02/Nov/2026", "10:01:00", "/y.do", key: "kD"),
            JourneyFixture.line("02/Nov/2026", "10:00:00", "/apply/done.do", key: "kF"),
            JourneyFixture.line("03/Nov/2026", "09:00:00", "/p.do", key: "kC", member: "MC"),
            JourneyFixture.line("03/Nov/2026", "09:01:00", "/q.do", key: "kC", member: "MC"),
            JourneyFixture.line("04/Nov/2026", "10:00:00", "/x.do", key: "kD", member: "MD1"),
            JourneyFixture.line("05/Nov/2026", "09:00:00", "/p.do", key: "kC", member: "MC"),
            JourneyFixture.line("05/Nov/2026", "09:02:00", "/q.do", key: "kC", member: "MC"),
            JourneyFixture.line("05/Nov/2026", "09:03:00", "/apply/done.do", key: "kC", member: "MC"),
            JourneyFixture.line("06/Nov/2026", "10:00:00", "/x.do", key: "kD", member: "MD2", referrer: "https://www.facebook.com/"),
            JourneyFixture.line("08/Nov/2026", "10:00:00", "/apply/done.do", key: "kD"),
            JourneyFixture.line("09/Nov/2026", "23:50:00", "/x.do", key: "kE", referrer: naver),
            JourneyFixture.line("10/Nov/2026", "00:10:00", "/apply/done.do", key: "kE"),
            JourneyFixture.line("11/Nov/2026", "10:00:00", "/q.do", key: "kA", member: "MA"),
            JourneyFixture.line("11/Nov/2026", "10:01:00", "/apply/done.do", key: "kA", member: "MA"),
            JourneyFixture.line("12/Nov/2026", "10:00:00", "/x.do?utm_source=newsletter&utm_medium=email&utm_campaign=EM1", key: "kG", member: "MG"),
            JourneyFixture.line("13/Nov/2026", "10:00:00", "/x.do", key: "kG", member: "MG", referrer: "https://www.google.com/"),
            JourneyFixture.line("14/Nov/2026", "10:00:00", "/apply/done.do", key: "kG", member: "MG"),
            JourneyFixture.line("01/Dec/2026", "12:00:00", "/apply/done.do", key: "kB"),
        ]
        return JourneyFixture.store(
            named: "journey-reports", lines: lines,
            customers: "member_id,grade,insured\nMA,regular,N\nMC,regular,N\nMD1,regular,N\nMD2,vip,Y\nMG,regular,N\n",
            campaigns: "campaign,medium,cost,sent,start,end\nBN1,banner,1000,,2026-11-01,2026-11-10\n")
    }()

    static func run(_ request: ReportRequest) throws -> any RenderableReport {
        try ReportRunner(store: fixture.store.pinned(), configuration: fixture.config).run(request).report
    }

    static func funnel(window: Int, from: String = "2026-11-01", to: String = "2026-12-01", segment: String? = nil) throws -> WindowedFunnelReport {
        var request = ReportRequest(name: "funnel", argument: "buy")
        (request.from, request.to, request.window, request.segment) = (from, to, window, segment)
        return try #require(try run(request) as? WindowedFunnelReport)
    }

    static func attribution(lookback: Int? = nil, from: String = "2026-11-01", to: String = "2026-12-01") throws -> AttributionReport {
        var request = ReportRequest(name: "attribution")
        (request.from, request.to, request.goal, request.lookback) = (from, to, "apply", lookback)
        return try #require(try run(request) as? AttributionReport)
    }

    /// Credits by channel for one model.
    static func credits(_ report: AttributionReport, _ model: AttributionReport.Model) -> [String: Double] {
        let index = AttributionReport.Model.allCases.firstIndex(of: model)!
        return Dictionary(uniqueKeysWithValues: report.channels.map { ($0.channel, $0.credit[index]) })
    }

    static func close(_ a: [String: Double], _ b: [String: Double]) -> Bool {
        Set(a.keys) == Set(b.keys) && a.allSatisfy { abs($0.value - (b[$0.key] ?? .nan)) < 1e-9 }
    }

    // MARK: - Attribution

    /// Conversions (range 11-01 … 12-01, look-back 30): A 11-11, B 12-01, C 11-05, D 11-08, E 11-10, F 11-02, G 11-14.
    /// Touchpoints: A [campaign 11-01, direct] · B [search 11-01 (exactly 30 days back: inclusive), direct] ·
    /// C [direct 11-03, direct] · D [social 11-06 (MD2's; the 11-02 referral is MD1's), direct] ·
    /// E [search 23:50, direct 00:10] · F [campaign 10-25 (before --from), direct] · G [campaign EM1, search, direct].
    @Test func creditsPerModel() throws {
        let report = try Self.attribution()
        #expect(report.conversions == 7)
        #expect(abs(try #require(report.averageTouchpoints) - 15.0 / 7) < 1e-12)
        // Lags in days: A 10, B 30, C 2, D 2, E 1,200 s, F 8, G 2 → sorted 0.0139, 2, 2, 2, 8, 10, 30: median 2, p90 the 7th.
        #expect(report.lagMedianDays == 2)
        #expect(report.lagP90Days == 30)
        #expect(Dictionary(uniqueKeysWithValues: report.channels.map { ($0.channel, $0.touchpoints) }) == ["direct": 8, "campaign": 3, "search": 3, "social": 1])
        #expect(report.channels.map(\.channel) == ["direct", "campaign", "search", "social"])
        // last touch: A campaign (direct skipped), B search, C direct (all direct: the last), D social, E search, F campaign, G search.
        #expect(Self.close(Self.credits(report, .lastTouch), ["campaign": 2, "search": 3, "direct": 1, "social": 1]))
        // first touch: A campaign, B search, C direct, D social, E search, F campaign, G campaign.
        #expect(Self.close(Self.credits(report, .firstTouch), ["campaign": 3, "search": 2, "direct": 1, "social": 1]))
        // linear: halves for the two-touchpoint journeys, thirds for G; C's two directs make 1.
        let third: Double = 1.0 / 3
        let linear: [String: Double] = ["campaign": 1 + third, "search": 1 + third, "direct": 3.5 + third, "social": 0.5]
        #expect(Self.close(Self.credits(report, .linear), linear))
        // position based: n = 2 halves; G (n = 3) 0.4 campaign, 0.2 search, 0.4 direct.
        #expect(Self.close(Self.credits(report, .positionBased), ["campaign": 1.4, "search": 1.2, "direct": 3.9, "social": 0.5]))
        // time decay: weight 2^(−age / 7 days), normalised per conversion.
        func decay(_ days: Double) -> Double { pow(2, -days / 7) }
        func share(_ days: Double) -> Double { decay(days) / (decay(days) + 1) }
        let a = share(10), b = share(30), d = share(2), e = share(1_200.0 / 86_400), f = share(8)
        let gTotal: Double = decay(2) + decay(1) + 1
        let g: [Double] = [decay(2) / gTotal, decay(1) / gTotal, 1 / gTotal]
        let direct: Double = (1 - a) + (1 - b) + 1 + (1 - d) + (1 - e) + (1 - f) + g[2]
        let expected: [String: Double] = ["campaign": a + f + g[0], "search": b + e + g[1], "social": d, "direct": direct]
        #expect(Self.close(Self.credits(report, .timeDecay), expected))
        for model in AttributionReport.Model.allCases {
            #expect(abs(Self.credits(report, model).values.reduce(0, +) - 7) < 1e-9, "\(model)")
        }
    }

    /// BN1: touchpoints of A and F; its cost 1,000 falls wholly in the range. EM1: G's, no cost.
    @Test func campaignCostPerConversion() throws {
        let report = try Self.attribution()
        let bn1 = try #require(report.campaigns.first { $0.campaign == "BN1" })
        #expect(bn1.touchpoints == 2)
        #expect(bn1.cost == 1_000)
        #expect(bn1.credit[0] == 2)  // last touch: A's and F's banner
        #expect(bn1.costPerConversion[0] == 500)
        #expect(bn1.costPerConversion[2] == 1_000)  // linear: ½ + ½
        let em1 = try #require(report.campaigns.first { $0.campaign == "EM1" })
        #expect(em1.cost == nil)
        #expect(em1.costPerConversion.allSatisfy { $0 == nil })
        #expect(abs(em1.credit[2] - 1.0 / 3) < 1e-12)
    }

    /// B's search visit lies exactly 30 × 86,400 s before its conversion: in with --lookback 30, out with 29.
    @Test func lookbackBoundaryIsInclusive() throws {
        #expect(Self.credits(try Self.attribution(lookback: 30), .lastTouch)["search"] == 3)
        let shorter = try Self.attribution(lookback: 29)
        #expect(Self.credits(shorter, .lastTouch)["search"] == 2)
        #expect(Self.credits(shorter, .lastTouch)["direct"] == 2)
        #expect(shorter.lagP90Days == 10)
    }

    /// A range that starts on 11-03 drops F's conversion (11-02), six are left, among them A's, whose banner (11-01) lies before it.
    @Test func touchpointsBeforeTheRangeCount() throws {
        let report = try Self.attribution(from: "2026-11-03")
        #expect(report.conversions == 6)
        #expect(Self.credits(report, .firstTouch)["campaign"] == 2)  // A's BN1 and G's EM1
    }

    // MARK: - Funnel with a window

    /// Window 7: A opens at /p.do 11-01 but /q.do comes 10 days later (1 step); C's 11-03 attempt reaches /q.do after
    /// 60 s and /apply/done.do 2 days 2 min later (3 steps: the earliest attempt that got furthest); D (MD1) opens on
    /// 11-02 (1 step). Attempts' first visits: A campaign/anonymous_new, C direct/member, D referral/anonymous_new.
    /// Drops at step 1: A's next page /x.do, D's /y.do.
    @Test func windowSevenDays() throws {
        let report = try Self.funnel(window: 7)
        #expect(report.steps.map(\.persons) == [3, 1, 1])
        #expect(report.steps[1].medianSecondsFromPrevious == 60)
        #expect(report.steps[2].medianSecondsFromPrevious == Double(2 * 86_400 + 120))
        #expect(report.steps[2].p90SecondsFromPrevious == Double(2 * 86_400 + 120))
        #expect(report.steps[0].medianSecondsFromPrevious == nil)
        let segments = Dictionary(uniqueKeysWithValues: report.bySegment.map { ($0.segment.rawValue, $0.persons) })
        #expect(segments == ["anonymous_new": [2, 0, 0], "member": [1, 1, 1], "customer": [0, 0, 0], "anonymous": [0, 0, 0]])
        let channels = Dictionary(uniqueKeysWithValues: report.byChannel.map { ($0.channel.rawValue, $0.persons) })
        #expect(channels == ["campaign": [1, 0, 0], "direct": [1, 1, 1], "referral": [1, 0, 0], "search": [0, 0, 0], "social": [0, 0, 0]])
        #expect(report.drops[0].persons == 2)
        #expect(report.drops[0].nextPages.map(\.persons) == [1, 1])
        #expect(Set(report.drops[0].nextPages.map(\.page)).count == 2)
    }

    /// Window 1: C's 11-03 attempt stops at /q.do (its /apply/done.do is 2 days on), so the attempt that restarts on
    /// 11-05 counts: /q.do after 120 s, /apply/done.do 60 s later.
    @Test func anAttemptThatRestarts() throws {
        let report = try Self.funnel(window: 1)
        #expect(report.steps.map(\.persons) == [3, 1, 1])
        #expect(report.steps[1].medianSecondsFromPrevious == 120)
        #expect(report.steps[2].medianSecondsFromPrevious == 60)
    }

    /// Window 10: A's /q.do is exactly 10 × 86,400 s after its /p.do (in: the bound is inclusive), its /apply/done.do
    /// 60 s past the window (out). Median of step 2's times: 60 (C) and 864,000 (A) → 432,030.
    @Test func windowBoundaryIsInclusive() throws {
        let report = try Self.funnel(window: 10)
        #expect(report.steps.map(\.persons) == [3, 2, 1])
        #expect(report.steps[1].medianSecondsFromPrevious == Double(60 + 864_000) / 2)
        #expect(report.steps[1].p90SecondsFromPrevious == 864_000)
        #expect(report.drops[1].persons == 1)
    }

    /// Filters select the visit of the attempt's first page view: member visits leave only C.
    @Test func filtersSelectTheAttemptsFirstVisit() throws {
        #expect(try Self.funnel(window: 7, segment: "member").steps.map(\.persons) == [1, 1, 1])
        #expect(try Self.funnel(window: 7, segment: "anonymous_new").steps.map(\.persons) == [2, 0, 0])
    }

    /// Later steps may fall after --to: C's 11-03 attempt, range 11-03 … 11-03, still completes on 11-05.
    @Test func laterStepsMayFallAfterTheRange() throws {
        #expect(try Self.funnel(window: 7, from: "2026-11-03", to: "2026-11-03").steps.map(\.persons) == [1, 1, 1])
    }

    /// `--window 0` is the within-a-visit funnel, unchanged.
    @Test func windowZeroIsTheVisitFunnel() throws {
        var plain = ReportRequest(name: "funnel", argument: "buy")
        plain.from = "2026-11-01"
        var zero = plain
        zero.window = 0
        let runner = ReportRunner(store: Self.fixture.store.pinned(), configuration: Self.fixture.config)
        #expect(try runner.run(plain).report is FunnelReport)
        #expect(try runner.run(zero).rendered(.json) == runner.run(plain).rendered(.json))
    }

    // MARK: - Cohorts

    /// First visits in 11-01 … 12-01: kA, kB 11-01 (week of 10-26); kD 11-02, kC 11-03 (week of 11-02); kE 11-09, kG 11-12
    /// (week of 11-09). kF first came on 10-25: in no cohort. Week of 10-26: kA again in the week of 11-09 (11-11, +2),
    /// kB in the week of 11-30 (12-01, +5). Week of 11-02: kD on 11-04, 11-06, 11-08 (+0), kC 11-05 (+0). Week of 11-09:
    /// kE 11-10 (+0), kG 11-13, 11-14 (+0). Periods starting after the store's last day (12-01) are null: the week
    /// of 12-07 is +6 for the first cohort.
    @Test func weeklyCohorts() throws {
        var request = ReportRequest(name: "cohorts")
        (request.from, request.to, request.by) = ("2026-11-01", "2026-12-01", "week")
        let report = try #require(try Self.run(request) as? CohortsReport)
        #expect(report.cohorts.map(\.start.description) == ["2026-10-26", "2026-11-02", "2026-11-09"])
        #expect(report.cohorts.map(\.size) == [2, 2, 2])
        #expect(report.cohorts[0].counts == [2, 0, 1, 0, 0, 1, nil, nil])
        #expect(report.cohorts[1].counts == [2, 0, 0, 0, 0, nil, nil, nil])
        #expect(report.cohorts[2].counts == [2, 0, 0, 0, nil, nil, nil, nil])
        request.goal = "apply"
        let converting = try #require(try Self.run(request) as? CohortsReport)
        // Reaching `apply`: kA in +2 (11-11), kB in +5 (12-01); kD (11-08) and kC (11-05) in +0; kE, kG in +0.
        #expect(converting.cohorts[0].counts == [0, 0, 1, 0, 0, 1, nil, nil])
        #expect(converting.cohorts[1].counts == [2, 0, 0, 0, 0, nil, nil, nil])
    }

    /// Months: kF's first visit (10-25) is in October, outside 11-01 … 12-01; November holds the other six keys.
    @Test func monthlyCohortsAndTheirFilter() throws {
        var request = ReportRequest(name: "cohorts")
        (request.from, request.to, request.by, request.periods) = ("2026-10-01", "2026-12-01", "month", 3)
        let report = try #require(try Self.run(request) as? CohortsReport)
        #expect(report.cohorts.map(\.start.description) == ["2026-10-01", "2026-11-01"])
        #expect(report.cohorts.map(\.size) == [1, 6])
        #expect(report.cohorts[0].counts == [1, 1, 0])  // kF: 10-25, 11-02
        #expect(report.cohorts[1].counts == [6, 1, nil])  // kB comes back on 12-01; January is after the store
        request.channel = "search"
        let search = try #require(try Self.run(request) as? CohortsReport)
        // Filters select the first visit: kB's (11-01) and kE's (11-09) came from search.
        #expect(search.cohorts.map(\.size) == [2])
        #expect(search.cohorts[0].counts == [2, 1, nil])
    }
}
