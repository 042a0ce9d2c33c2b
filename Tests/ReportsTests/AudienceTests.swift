import Foundation
import FootfallStore
import LogAnalytics
import Reports
import SiteConfig
import Testing

/// `footfall audience` (SPEC §15) on the sample store: each criterion alone against DuckDB SQL over the store and
/// customers.csv (member sets equal), combinations, named audiences, boundaries and the usage errors.
@Suite("Audiences", .serialized)
struct AudienceTests {
    static var configuration: SiteConfiguration {
        get throws { try SiteConfiguration.load(path: ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path) }
    }

    static func audience(_ criteria: AudienceCriteria, name: String? = nil, to: String? = nil, orderBy: String? = nil) throws -> Audience {
        var request = AudienceRequest(name: name)
        request.criteria = criteria
        request.to = to
        request.orderBy = orderBy
        let runner = ReportRunner(store: ReportFixture.store.pinned(), configuration: try configuration)
        return try runner.audience(request).audience
    }

    /// The error making the audience gives (`nil`: none).
    static func failure(_ criteria: AudienceCriteria, name: String? = nil) throws -> ReportRunError? {
        var request = AudienceRequest(name: name)
        request.criteria = criteria
        let runner = ReportRunner(store: ReportFixture.store.pinned(), configuration: try configuration)
        if case .failure(let error) = Result(catching: { () throws(ReportRunError) in try runner.audience(request) }) { return error }
        return nil
    }

    static func members(_ criteria: AudienceCriteria) throws -> [String] {
        try audience(criteria).rows.map(\.memberId)
    }

    /// DuckDB over the store's visits (`V`), page views (`P`) and customers.csv (`C`): member ids, sorted.
    static func sql(_ select: String) throws -> [String] {
        let root = ReportFixture.store.root
        let customers = ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/customers.csv").path
        let text = """
            with V as (select * from read_parquet('\(root)/visits/*/*.parquet', hive_partitioning = true) where member_id is not null),
                 P as (select * from read_parquet('\(root)/pageviews/*/*.parquet', hive_partitioning = true) where member_id is not null),
                 C as (select * from read_csv('\(customers)', header = true, all_varchar = true)),
                 M as (select member_id, count(*) as visits, max(day) as last_day, arg_max(segment, start) as segment from V group by 1)
            \(select)
            """
        return try ReportFixture.duckdb(text).map { $0[0] }.sorted()
    }

    /// The interest of SPEC §7 at 2026-11-19 as SQL over `P`, per member, for the page views `condition` keeps.
    static func interestSQL(_ condition: String) -> String {
        """
        select member_id, sum((1 + least(coalesce(time_on_page_s, 0), 600) / 60.0 + interest_action)
                              * pow(0.5, (date '2026-11-19' - day::date) / 30.0)) as score
        from P where product is not null and \(condition) group by 1
        """
    }

    static func criteria(_ change: (inout AudienceCriteria) -> Void) -> AudienceCriteria {
        var criteria = AudienceCriteria()
        change(&criteria)
        return criteria
    }

    /// Each criterion alone, with the SQL that selects the same members.
    static let singles: [(String, AudienceCriteria, String)] = [
        ("no criterion", AudienceCriteria(), "select member_id from M"),
        ("segment", criteria { $0.segment = "customer" }, "select member_id from M where segment = 'customer'"),
        ("grade", criteria { $0.grade = "vip" }, "select member_id from M join C using (member_id) where C.grade = 'vip'"),
        ("gender", criteria { $0.gender = "F" }, "select member_id from M join C using (member_id) where C.gender = 'F'"),
        ("age", criteria { $0.age = "30-39" }, "select member_id from M join C using (member_id) where 2026 - C.birth_year::int between 30 and 39"),
        ("where, Korean value", criteria { $0.whereConditions = ["occupation=회사원"] },
         "select member_id from M join C using (member_id) where C.occupation = '회사원'"),
        ("where, empty value", criteria { $0.whereConditions = ["first_contract="] },
         "select member_id from M join C using (member_id) where C.first_contract is null or C.first_contract = ''"),
        ("where, two columns", criteria { $0.whereConditions = ["children=1", "insured=N"] },
         "select member_id from M join C using (member_id) where C.children = '1' and C.insured = 'N'"),
        ("visited-within", criteria { $0.visitedWithin = 1 }, "select member_id from M where last_day = '2026-11-19'"),
        ("min-visits", criteria { $0.minVisits = 3 }, "select member_id from M where visits >= 3"),
        ("interest in a product", criteria { $0.interest = ["무배당 종신보험:2"] },
         "select member_id from (\(interestSQL("product = '무배당 종신보험'"))) where round(score, 6) >= 2"),
        ("interest by product code", criteria { $0.interest = ["LI001"] },
         "select member_id from (\(interestSQL("product = '무배당 종신보험'"))) where round(score, 6) > 0"),
        ("interest in a category", criteria { $0.interest = ["보험:5"] },
         "select member_id from (\(interestSQL("product_category = '보험'"))) where round(score, 6) >= 5"),
        ("reached", criteria { $0.reached = ["login"] },
         "select distinct member_id from V where list_contains(from_json(goals, '[\"VARCHAR\"]'), 'login')"),
        ("not-reached", criteria { $0.notReached = ["premium_quote"] },
         "select member_id from M except select member_id from V where list_contains(from_json(goals, '[\"VARCHAR\"]'), 'premium_quote')"),
        ("dropped within a visit", criteria { $0.dropped = "insurance_signup:2" },
         "select member_id from V group by 1 having max(coalesce(json_extract(funnel_steps, '$.insurance_signup')::int, 0)) = 2"),
        ("dropped, step by page name", criteria { $0.dropped = "insurance_signup:보험상품 상세" },
         "select member_id from V group by 1 having max(coalesce(json_extract(funnel_steps, '$.insurance_signup')::int, 0)) = 1"),
        ("campaign", criteria { $0.campaigns = ["BN_AUTUMN01"] }, "select distinct member_id from V where campaign = 'BN_AUTUMN01'"),
        ("maturity-within", criteria { $0.maturityWithin = 20 },
         "select member_id from M join C using (member_id) where C.maturity_date between '2026-11-20' and '2026-12-09'"),
    ]

    @Test(.enabled(if: ReportFixture.hasDuckDB), arguments: singles.indices)
    func eachCriterionAloneMatchesDuckDB(index: Int) throws {
        let (label, criteria, select) = Self.singles[index]
        let ours = try Self.members(criteria)
        let theirs = try Self.sql(select)
        #expect(!theirs.isEmpty, "\(label): the SQL selects nobody, the test would prove little")
        #expect(ours == theirs, "\(label): \(ours.count) members, DuckDB \(theirs.count)")
    }

    @Test(.enabled(if: ReportFixture.hasDuckDB), arguments: [
        (criteria { $0.segment = "customer"; $0.maturityWithin = 20; $0.interest = ["보험"] },
         "select member_id from M join C using (member_id) where M.segment = 'customer' and C.maturity_date between '2026-11-20' and '2026-12-09' intersect select member_id from (\(interestSQL("product_category = '보험'"))) where round(score, 6) > 0"),
        (criteria { $0.segment = "member"; $0.minVisits = 2; $0.notReached = ["apply_complete"] },
         "select member_id from M where segment = 'member' and visits >= 2 except select member_id from V where list_contains(from_json(goals, '[\"VARCHAR\"]'), 'apply_complete')"),
        (criteria { $0.gender = "M"; $0.age = "40-49"; $0.whereConditions = ["insured=Y"]; $0.visitedWithin = 2 },
         "select member_id from M join C using (member_id) where C.gender = 'M' and 2026 - C.birth_year::int between 40 and 49 and C.insured = 'Y' and M.last_day >= '2026-11-18'"),
    ])
    func combinationsMatchDuckDB(criteria: AudienceCriteria, select: String) throws {
        let ours = try Self.members(criteria)
        #expect(!ours.isEmpty)
        #expect(ours == (try Self.sql(select)))
    }

    @Test func aNamedAudienceEqualsTheSameCriteriaAsFlags() throws {
        let named = try Self.audience(AudienceCriteria(), name: "insurance_prospects")
        let flags = try Self.audience(Self.criteria { $0.segment = "member"; $0.interest = ["보험:3"]; $0.notReached = ["apply_complete"] }, orderBy: "interest")
        #expect(named.rows.count > 0)
        #expect(named.rows.map(\.memberId) == flags.rows.map(\.memberId))
        #expect(named.csvText == flags.csvText)
        // Ordered by interest, highest first.
        let scores = named.rows.compactMap { row in row.values.first { $0.column == "interest:보험:3" }.map { value -> Double in
            if case .double(let score) = value.value { return score } else { return -1 }
        } }
        #expect(scores == scores.sorted(by: >))
        #expect(named.jsonValue.text().contains("\"audience\": \"insurance_prospects\""))
    }

    @Test func anInterestMinimumAtTheExactBoundaryKeepsTheMember() throws {
        let all = try Self.audience(Self.criteria { $0.interest = ["무배당 종신보험"] }, orderBy: "interest")
        let row = try #require(all.rows.dropFirst(3).first)
        guard case .double(let score) = row.values[0].value else { Issue.record("no score"); return }
        let at = try Self.members(Self.criteria { $0.interest = ["무배당 종신보험:\(String(format: "%.6f", score))"] })
        #expect(at.contains(row.memberId))
        let above = try Self.members(Self.criteria { $0.interest = ["무배당 종신보험:\(String(format: "%.6f", score + 0.000001))"] })
        #expect(!above.contains(row.memberId))
        #expect(above.count < at.count)
    }

    @Test func maturingCustomersAreTheRetentionWatchList() throws {
        let audience = try Self.audience(Self.criteria { $0.maturityWithin = 20; $0.segment = "customer" })
        let config = try Self.configuration
        let watch = try RetentionWatchReport.make(
            store: ReportFixture.store, query: ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!),
            customers: try SiteCatalog.load(for: config).customers)
        #expect(!audience.rows.isEmpty)
        #expect(audience.rows.map(\.memberId) == watch.rows.map(\.memberId).sorted())
        for row in audience.rows {
            let watched = try #require(watch.rows.first { $0.memberId == row.memberId })
            #expect(row.visits == watched.visits)
            #expect(row.topProducts.map(\.name) == watched.topProducts.map(\.name))
        }
    }

    @Test func explainCountsWhatEachCriterionLeaves() throws {
        var request = AudienceRequest()
        request.criteria = Self.criteria { $0.segment = "customer"; $0.interest = ["보험"]; $0.maturityWithin = 20 }
        request.explain = true
        let made = try ReportRunner(store: ReportFixture.store.pinned(), configuration: try Self.configuration).audience(request).audience
        #expect(made.remaining.count == 4)
        #expect(made.remaining[0] == (try Self.members(AudienceCriteria())).count)
        #expect(made.remaining[1] == (try Self.members(Self.criteria { $0.segment = "customer" })).count)
        #expect(made.remaining[2] == (try Self.members(Self.criteria { $0.segment = "customer"; $0.interest = ["보험"] })).count)
        #expect(made.remaining[3] == made.rows.count)
        #expect(made.explanationText.contains("--interest 보험"))
    }

    @Test(arguments: [
        (criteria { $0.whereConditions = ["job=clerk"] }, "no column 'job'"),
        (criteria { $0.whereConditions = ["occupation=회사 원"] }, "value of customers.csv's column occupation"),
        (criteria { $0.whereConditions = ["occupation"] }, "not COLUMN=VALUE"),
        (criteria { $0.interest = ["보헙"] }, "did you mean '보험'"),
        (criteria { $0.interest = ["보험:many"] }, "must be a score"),
        (criteria { $0.reached = ["signup"] }, "goals: signup_complete"),
        (criteria { $0.dropped = "insurance_signu:2" }, "did you mean 'insurance_signup'"),
        (criteria { $0.dropped = "insurance_signup:5" }, "has no step '5'"),
        (criteria { $0.window = 7 }, "--window applies to --dropped"),
        (criteria { $0.segment = "anonymous" }, "member or customer"),
        (criteria { $0.grade = "VIP" }, "did you mean 'vip'"),
        (criteria { $0.gender = "X" }, "not a gender of customers.csv"),
        (criteria { $0.campaigns = ["bn_autumn01"] }, "did you mean 'BN_AUTUMN01'"),
    ])
    func aCriterionThatCannotMatchIsAUsageError(criteria: AudienceCriteria, message: String) throws {
        let error = try #require(try Self.failure(criteria), "no error; expected one saying \(message)")
        #expect(error.kind == .usage)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func twoCriteriaNeverShareAColumnAndTheSameOneCountsOnce() throws {
        let made = try Self.audience(Self.criteria { $0.interest = ["보험:1", "보험:3", "LI001", "무배당 종신보험"]; $0.segment = "member" })
        #expect(made.plan.entries.map(\.column) == ["segment:member", "interest:보험:1", "interest:보험:3", "interest:LI001"])
        let header = try #require(made.csvText.split(separator: "\r\n").first).split(separator: ",").map(String.init)
        #expect(Set(header).count == header.count)
        #expect(header.filter { $0 == "segment" }.count == 1)
    }

    @Test func theJSONSaysTheRangeAskedForAndTheAnchor() throws {
        let made = try Self.audience(Self.criteria { $0.maturityWithin = 20 }, to: "2026-12-31")
        let json = made.jsonValue.text()
        #expect(json.contains("\"to\": \"2026-11-19\""))
        #expect(json.contains("\"anchor\": \"2026-12-31\""))
        #expect(json.contains("\"range_cut\": {"))
        #expect(made.anchor == SiteDay("2026-12-31"))
    }

    @Test(arguments: ["f", "F", "여", "female"])
    func genderIsReadLikeTheCustomerMasterWritesIt(value: String) throws {
        #expect(try Self.members(Self.criteria { $0.gender = value }) == (try Self.members(Self.criteria { $0.gender = "F" })))
    }

    @Test func moreThan64GoalsIsAUsageErrorNotACrash() throws {
        let path = ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path
        var text = try String(contentsOfFile: path, encoding: .utf8)
        for index in 0..<65 { text += "\n[[goals]]\nname = \"g\(index)\"\nmatch = \"/g\(index).do\"\n" }
        let configuration = try SiteConfiguration.parse(text, path: path)
        var request = AudienceRequest()
        request.criteria.notReached = (0..<65).map { "g\($0)" }
        let runner = ReportRunner(store: ReportFixture.store.pinned(), configuration: configuration)
        guard case .failure(let error) = Result(catching: { () throws(ReportRunError) in try runner.audience(request) }) else {
            Issue.record("no error")
            return
        }
        #expect(error.kind == .usage)
        #expect(error.message.contains("at most 64 goals"))
        request.criteria.notReached = (0..<64).map { "g\($0)" }
        #expect(try runner.audience(request).audience.rows.count == (try Self.members(AudienceCriteria())).count)
    }

    @Test func anUnknownNamedAudienceIsNotFound() throws {
        let error = try #require(try Self.failure(AudienceCriteria(), name: "maturing_customer"))
        #expect(error.kind == .notFound)
        #expect(error.message.contains("did you mean 'maturing_customers'"))
    }

    @Test func rowsCarryTheCriteriaValuesAndTheCSVHasAColumnEach() throws {
        let made = try Self.audience(Self.criteria { $0.whereConditions = ["occupation=회사원"]; $0.minVisits = 2; $0.reached = ["login"] })
        let lines = made.csvText.split(separator: "\r\n")
        #expect(lines.first?.hasSuffix(",where:occupation=회사원,min-visits:2,reached:login") == true)
        #expect(lines.count == made.rows.count + 1)
        for row in made.rows {
            #expect(row.values.map(\.column) == ["where:occupation=회사원", "min-visits:2", "reached:login"])
            #expect(row.visits >= 2)
        }
        let json = made.jsonValue.text()
        #expect(json.contains("\"where\": [\n      \"occupation=회사원\"\n    ]") || json.contains("\"occupation=회사원\""))
        #expect(json.contains("\"min-visits\": 2"))
    }
}
