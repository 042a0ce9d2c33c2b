import Foundation
import LogIngest
import SiteConfig
import Testing

@Suite("Site configuration")
struct SiteConfigurationTests {
    static let sampleConfig = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleLogs/site.toml").path

    @Test func theSampleConfigLoads() throws {
        let config = try SiteConfiguration.load(path: Self.sampleConfig)
        #expect(config.name == "K Life")
        #expect(config.hosts == ["www.klife.example", "m.klife.example"])
        #expect(config.timezone == "Asia/Seoul")
        #expect(config.logFormat == .combinedCookie)
        #expect(config.visitTimeout == 1800)
        #expect(config.exclude.map(\.pattern) == ["/health/**", "/admin/**"])
        #expect(config.bots == ["MyMonitor"])
        #expect(config.campaigns.bannerParam == "bn")
        #expect(config.campaigns.emailOpenPixel == "/mail/open.gif")
        #expect(config.pages.first?.productFrom == "prodCd")
        #expect(config.pages.first?.query.first?.name == "prodCd")
        #expect(config.goals.contains { $0.name == "consult_request" && $0.method == "POST" && $0.interestWeight == 10 })
        #expect(config.funnels.first?.steps.count == 4)
        #expect(config.customersFile?.hasSuffix("SampleLogs/customers.csv") == true)
        #expect(config.staticExtensions == HitRules.defaultStaticExtensions)
    }

    @Test func anEmptyConfigGivesTheDefaults() throws {
        let config = try SiteConfiguration.parse("", path: "empty.toml")
        #expect(config.visitTimeout == 1800)
        #expect(config.visitorCookie == "WNUID")
        #expect(config.memberCookie == "WNMID")
        #expect(config.maxBadRatio == 0.05)
        #expect(config.logFormat == nil)
    }

    struct BadConfig: Sendable, CustomTestStringConvertible {
        var text: String
        var key: String?
        var line: Int?
        var mentions: String
        var testDescription: String { mentions }
    }

    static let badConfigs: [BadConfig] = [
        BadConfig(text: "[site]\nvisit_timeout = \"half an hour\"\n", key: "[site].visit_timeout", mentions: "expected an integer"),
        BadConfig(text: "[site]\nvisit_timeout = -5\n", key: "[site].visit_timeout", mentions: "positive"),
        BadConfig(text: "[site]\nvisit_timout = 1800\n", key: "[site].visit_timout", mentions: "unknown key"),
        BadConfig(text: "[site]\nlog_format = \"apachey\"\n", key: "[site].log_format", mentions: "unknown log format"),
        BadConfig(text: "[site]\nmax_bad_ratio = 5\n", key: "[site].max_bad_ratio", mentions: "fraction"),
        BadConfig(text: "[site]\nhosts = \"www.example\"\n", key: "[site].hosts", mentions: "array of strings"),
        BadConfig(text: "[site]\nmember_source = \"ldap\"\n", key: "[site].member_source", mentions: "authuser"),
        BadConfig(text: "[[pages]]\npage = \"x\"\n", key: "[[pages]][1].match", mentions: "required"),
        BadConfig(text: "[[goals]]\nname = \"g\"\n", key: "[[goals]][1].match", mentions: "required"),
        BadConfig(text: "[[funnels]]\nname = \"f\"\nsteps = []\n", key: "[[funnels]][1].steps", mentions: "non-empty"),
        BadConfig(text: "[site]\nname = \"unterminated\n", key: nil, line: 2, mentions: "TOML syntax error"),
    ]

    @Test(arguments: badConfigs)
    func badConfigsNameTheKeyAndWhatIsExpected(_ bad: BadConfig) throws {
        let error = try #require(throws: ConfigError.self) { try SiteConfiguration.parse(bad.text, path: "site.toml") }
        #expect(error.file == "site.toml")
        if let key = bad.key { #expect(error.key == key) }
        if let line = bad.line { #expect(error.line == line) }
        #expect(error.description.contains(bad.mentions))
    }

    @Test func aMissingConfigFileIsAClearError() throws {
        let error = try #require(throws: ConfigError.self) { try SiteConfiguration.load(path: "/nonexistent/site.toml") }
        #expect(error.description.contains("/nonexistent/site.toml"))
    }

    @Test func theSampleLogsParseWithTheSampleConfig() throws {
        let config = try SiteConfiguration.load(path: Self.sampleConfig)
        let reader = try LogFileReader(options: config.readOptions(), rules: config.hitRules)
        let folder = URL(fileURLWithPath: Self.sampleConfig).deletingLastPathComponent()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".log.gz") }.sorted()
        #expect(files.count == 6)
        var pageViews = 0
        var monitorHits = 0
        var pixelHits = 0
        for file in files {
            let report = try reader.read(LogInput(path: folder.appendingPathComponent(file).path)) { hit in
                if hit.kind.isPageView { pageViews += 1 }
                if hit.string(hit.fields.userAgent).contains("MyMonitor") {
                    monitorHits += 1
                    #expect(hit.kind.isBot)
                }
                if hit.kind.isEmailOpen {
                    pixelHits += 1
                    #expect(!hit.kind.isPageView)
                }
                if hit.string(hit.fields.path).hasPrefix("/health/") { #expect(!hit.kind.isPageView) }
            }
            #expect(report.badLines.total == 22)
            #expect(report.format == .combinedCookie)
        }
        #expect(pageViews > 10_000)
        #expect(monitorHits > 0)
        #expect(pixelHits > 0)
    }
}
