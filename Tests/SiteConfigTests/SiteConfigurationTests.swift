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
        BadConfig(text: "[site]\nvisit_timeout = -5\n", key: "[site].visit_timeout", mentions: "from 1 to 86400 seconds"),
        // Issue 18.10: values past what the program can hold trapped (SIGILL); every number is range-checked.
        BadConfig(text: "[site]\nreorder_window = 9223372036854775807\n", key: "[site].reorder_window", mentions: "from 0 to 86400"),
        BadConfig(text: "[site]\nvisit_timeout = 9223372036854775807\n", key: "[site].visit_timeout", mentions: "from 1 to 86400"),
        BadConfig(text: "[site]\nmax_visit_page_views = 1\n", key: "[site].max_visit_page_views", mentions: "from 2"),
        // Issue 18.12: TOML's inf and nan, and numbers past any sensible figure, are refused.
        BadConfig(text: "[[goals]]\nname = \"g\"\nmatch = \"/g\"\ninterest_weight = -1e308\n", key: "[[goals]][1].interest_weight", mentions: "from -1000.0 to 1000.0"),
        BadConfig(text: "[[goals]]\nname = \"g\"\nmatch = \"/g\"\ninterest_weight = inf\n", key: "[[goals]][1].interest_weight", mentions: "found inf"),
        BadConfig(text: "[[goals]]\nname = \"g\"\nmatch = \"/g\"\ninterest_weight = nan\n", key: "[[goals]][1].interest_weight", mentions: "found nan"),
        BadConfig(text: "[site]\nmax_bad_ratio = nan\n", key: "[site].max_bad_ratio", mentions: "from 0.0 to 1.0"),
        // Issue 18.18: duplicate names, and a time zone named with its file and key.
        BadConfig(text: "[[goals]]\nname = \"g\"\nmatch = \"/a\"\n[[goals]]\nname = \"g\"\nmatch = \"/b\"\n", key: "[[goals]][2].name", mentions: "a second goal named"),
        BadConfig(text: "[[funnels]]\nname = \"f\"\nsteps = [\"/a\"]\n[[funnels]]\nname = \"f\"\nsteps = [\"/b\"]\n", key: "[[funnels]][2].name", mentions: "a second funnel named"),
        BadConfig(text: "[site]\ntimezone = \"Asia/Seol\"\n", key: "[site].timezone", mentions: "unknown time zone"),
        BadConfig(text: "[site]\ntimezone = \"+25:00\"\n", key: "[site].timezone", mentions: "unknown time zone"),
        BadConfig(text: "[site]\nvisit_timout = 1800\n", key: "[site].visit_timout", mentions: "unknown key"),
        BadConfig(text: "[site]\nlog_format = \"apachey\"\n", key: "[site].log_format", mentions: "unknown log format"),
        BadConfig(text: "[site]\nmax_bad_ratio = 5\n", key: "[site].max_bad_ratio", mentions: "from 0.0 to 1.0"),
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

    @Test(arguments: ["Asia/Seoul", "UTC", "+09:00", "-0530", "+14:00"])
    func timeZonesThatExistAreAccepted(_ zone: String) throws {
        #expect(try SiteConfiguration.parse("[site]\ntimezone = \"\(zone)\"\n", path: "site.toml").timezone == zone)
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
