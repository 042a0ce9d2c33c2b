import Foundation
import LogAnalytics
import LogIngest
import Testing

@Suite("Goals, funnels and product interest")
struct GoalsFunnelsInterestTests {
    typealias F = SessionFixture

    @Test func aFunnelWithPagesBetweenAndStepsOutOfOrder() throws {
        let fixture = try F()
        let path = try fixture.file("a.log", [
            F.line("17/Nov/2026:10:00:00", "/calc/premium.do"),  // step 2 before step 1: does not count yet
            F.line("17/Nov/2026:10:01:00", "/product/insurance/detail.do?prodCd=LI001"),  // step 1
            F.line("17/Nov/2026:10:02:00", "/index.do"),  // a page between
            F.line("17/Nov/2026:10:03:00", "/apply/form.do"),  // step 3 before step 2: not yet
            F.line("17/Nov/2026:10:04:00", "/calc/premium.do", method: "POST"),  // step 2 (any method)
            F.line("17/Nov/2026:10:05:00", "/apply/form.do"),  // step 3
        ])
        let (found, _) = try fixture.run([path])
        let visit = try #require(found.first).visit
        #expect(visit.funnelSteps == ["insurance_signup": 3])
        #expect(visit.goals == ["premium_quote"])  // POST only
        #expect(visit.path == ["보험료 계산", "/product/insurance/detail.do", "메인", "/apply/form.do", "보험료 계산", "/apply/form.do"])
    }

    @Test func pathsCollapseRepeatsAndPagesComeFromRules() throws {
        let fixture = try F()
        let path = try fixture.file("a.log", [
            F.line("17/Nov/2026:10:00:00", "/index.do"),
            F.line("17/Nov/2026:10:00:10", "/index.do"),
            F.line("17/Nov/2026:10:00:20", "/product/insurance/detail.do?prodCd=LI001"),
            F.line("17/Nov/2026:10:00:30", "/product/insurance/detail.do?prodCd=LI999"),
            F.line("17/Nov/2026:10:00:40", "/product/insurance/detail.do"),  // no prodCd: the rule's query condition fails
            F.line("17/Nov/2026:10:00:50", "/content/%EA%B5%90%EC%9C%A1.do"),
        ])
        let visit = try #require(try fixture.run([path]).visits.first)
        #expect(visit.visit.path == ["메인", "/product/insurance/detail.do", "/content/교육.do"])
        #expect(visit.pageViews.map(\.product) == [nil, nil, "무배당 종신보험", "LI999", nil, nil])
        #expect(visit.pageViews.map(\.productCategory) == [nil, nil, "보험", nil, nil, nil])
        #expect(visit.pageViews[2].content == "상품/보험")
        #expect(visit.visit.entryPage == "메인")
        #expect(visit.visit.exitPage == "/content/교육.do")
    }

    @Test func goalWeightsAndTheTimeOnPageCap() throws {
        let fixture = try F()
        let path = try fixture.file("a.log", [
            F.line("17/Nov/2026:10:00:00", "/calc/premium.do?prodCd=LI001", method: "POST"),  // premium_quote, default weight 5
            F.line("17/Nov/2026:10:11:40", "/calc/premium.do?prodCd=LI001"),  // 700 s later: capped at 600
            F.line("17/Nov/2026:10:12:40", "/apply/complete.do"),  // apply_complete with interest_weight 30
        ])
        let visit = try #require(try fixture.run([path]).visits.first)
        #expect(visit.pageViews.map(\.interestAction) == [5, 0, 30])
        #expect(visit.visit.goals == ["premium_quote", "apply_complete"])
        let day = SiteDay("2026-11-17")!
        // (1 + 600/60 + 5) + (1 + 60/60 + 0) = 16 + 2 on the day itself.
        #expect(ProductInterest.byProduct(visit.pageViews, from: day, to: day) == ["무배당 종신보험": 18])
        // Thirty days later, half.
        #expect(ProductInterest.byProduct(visit.pageViews, from: day, to: day.adding(days: 30)) == ["무배당 종신보험": 9])
        // Outside the range, nothing.
        #expect(ProductInterest.byProduct(visit.pageViews, from: day.adding(days: 1), to: day.adding(days: 2)).isEmpty)
    }

    @Test(arguments: [(Int64?.none, 0.0, 0, 1.0), (Int64(600), 0.0, 0, 11.0), (Int64(6000), 10.0, 0, 21.0), (Int64(60), 0.0, 60, 0.5)])
    func theInterestFormula(timeOnPage: Int64?, action: Double, age: Int, expected: Double) {
        let day = SiteDay("2026-11-17")!
        let value = ProductInterest.contribution(timeOnPage: timeOnPage, action: action, day: day, endDay: day.adding(days: age))
        #expect(abs(value - expected) < 1e-9)
    }
}
