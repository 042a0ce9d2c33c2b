import Foundation
import LogAnalytics
import LogIngest
import SiteConfig
import Testing
import TestScratch

/// Builds small log files and configs in a temporary folder and runs the session pipeline on them.
struct SessionFixture {
    static let desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
    static let iPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
    static let fixedKey = VisitorIdentity.FingerprintKey(first: 1, second: 2)

    static let baseConfig = """
        [site]
        name = "K Life"
        hosts = ["www.klife.example", "m.klife.example"]
        timezone = "Asia/Seoul"
        log_format = "combined_cookie"
        customers = "customers.csv"
        products = "products.csv"
        social_hosts = ["band.us"]
        exclude = ["/health/**"]

        [[pages]]
        match = "/product/insurance/*.do"
        query = { prodCd = "*" }
        product_from = "prodCd"
        content = "상품/보험"

        [[pages]]
        match = "/calc/premium.do"
        page = "보험료 계산"
        product_from = "prodCd"

        [[pages]]
        match = "/index.do"
        page = "메인"

        [campaigns]
        banner_param = "bn"
        email_param = "em"
        email_open_pixel = "/mail/open.gif"

        [[goals]]
        name = "premium_quote"
        match = "/calc/premium.do"
        method = "POST"

        [[goals]]
        name = "consult_request"
        match = "/consult/request.do"
        method = "POST"

        [[goals]]
        name = "apply_complete"
        match = "/apply/complete.do"
        interest_weight = 30

        [[funnels]]
        name = "insurance_signup"
        steps = ["/product/insurance/*.do", "/calc/premium.do", "/apply/form.do", "/apply/complete.do"]

        """

    static let customers = """
        member_id,grade,insured,birth_year,gender,occupation,children,joined,first_contract,maturity_date
        M1,vip,Y,1980,F,회사원,2,2015-01-01,2016-01-01,2026-12-01
        M2,prospect,N,1995,M,학생,0,2026-01-01,,
        """

    static let products = """
        code,name,category
        LI001,무배당 종신보험,보험
        LN001,주택담보대출,대출
        """

    let folder: URL

    init(config: String = SessionFixture.baseConfig) throws {
        folder = URL(fileURLWithPath: TestScratch.path("footfall-sessions"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try config.write(to: folder.appendingPathComponent("site.toml"), atomically: true, encoding: .utf8)
        try Self.customers.write(to: folder.appendingPathComponent("customers.csv"), atomically: true, encoding: .utf8)
        try Self.products.write(to: folder.appendingPathComponent("products.csv"), atomically: true, encoding: .utf8)
    }

    /// A combined_cookie line at `time` (`17/Nov/2026:09:00:00`, +0900).
    static func line(
        _ time: String, _ target: String, method: String = "GET", status: Int = 200, referrer: String = "-",
        agent: String = desktop, cookie: String = "WNUID=v1", client: String = "192.0.2.1"
    ) -> String {
        #"\#(client) - - [\#(time) +0900] "\#(method) \#(target) HTTP/1.1" \#(status) 100 "\#(referrer)" "\#(agent)" "\#(cookie)""#
    }

    /// Writes `lines` as a log file and returns its path.
    func file(_ name: String, _ lines: [String]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs the pipeline over `files` and returns the visits in closing order and the run result.
    func run(
        _ files: [String], history: InMemoryVisitorHistory = InMemoryVisitorHistory(fingerprintKey: SessionFixture.fixedKey)
    ) throws -> (visits: [CompletedVisit], result: SessionPipeline.Result) {
        let configuration = try SiteConfiguration.load(path: folder.appendingPathComponent("site.toml").path)
        let catalog = try SiteCatalog.load(for: configuration)
        var options = configuration.readOptions()
        options.maxBadRatio = 0
        let pipeline = try SessionPipeline(configuration: configuration, catalog: catalog, history: history, options: options)
        var visits: [CompletedVisit] = []
        let result = try pipeline.run(files.map(LogInput.init(path:))) { visits.append($0) }
        return (visits, result)
    }
}
