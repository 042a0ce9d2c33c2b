import LogIngest
import Testing

@Suite("Hit classification")
struct ClassificationTests {
    static func classify(
        method: String = "GET", path: String = "/index.do", status: Int = 200,
        agent: String = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0", rules: HitRules = HitRules()
    ) throws -> CollectedHit {
        let line = #"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "\#(method) \#(path) HTTP/1.1" \#(status) 1 "-" "\#(agent)""#
        return try #require(try readLog(try Fixtures.temporaryFile(line), format: .combined, rules: rules, maxBadRatio: 0).hits.first)
    }

    @Test(arguments: UserAgentClassifier.defaultBotPatterns)
    func everyDefaultRobotPatternMarksABot(pattern: String) throws {
        let hit = try Self.classify(agent: "Mozilla/5.0 (compatible; X\(pattern.uppercased())Y/1.0)")
        #expect(hit.isBot)
        #expect(!hit.isPageView)
    }

    @Test func robotsTxtIsABotHitWhateverTheAgent() throws {
        #expect(try Self.classify(path: "/robots.txt").isBot)
    }

    @Test func configuredRobots() throws {
        let rules = HitRules(extraBotPatterns: ["MyMonitor"])
        #expect(try Self.classify(agent: "mymonitor/2.0", rules: rules).isBot)
        #expect(try !Self.classify(agent: "mymonitor/2.0").isBot)
    }

    @Test(arguments: [
        ("GET", "/index.do", 200, true), ("POST", "/consult/request.do", 200, true), ("GET", "/a.do", 304, true),
        ("GET", "/a.do", 299, true), ("HEAD", "/a.do", 200, false), ("GET", "/a.do", 301, false),
        ("GET", "/a.do", 404, false), ("GET", "/style.CSS", 200, false), ("GET", "/img/logo.png?v=2", 200, false),
        ("GET", "/dir.png/page", 200, true), ("GET", "/file.", 200, true), ("PUT", "/a.do", 200, false),
    ])
    func pageViewRules(method: String, path: String, status: Int, isPageView: Bool) throws {
        #expect(try Self.classify(method: method, path: path, status: status).isPageView == isPageView)
    }

    @Test func excludedPathsAndThePixelAreHitsButNotPageViews() throws {
        let rules = HitRules(exclude: [PathGlob("/health/**"), PathGlob("/admin/**")], emailOpenPixel: "/mail/open.gif")
        #expect(try !Self.classify(path: "/health/check", rules: rules).isPageView)
        #expect(try !Self.classify(path: "/admin/users/1.do", rules: rules).isPageView)
        #expect(try Self.classify(path: "/healthy.do", rules: rules).isPageView)
        // The pixel is static by extension anyway; with gif removed from the list it is still no page view.
        let noGif = HitRules(staticExtensions: ["css"], emailOpenPixel: "/mail/open.gif")
        #expect(try !Self.classify(path: "/mail/open.gif?em=EM1", rules: noGif).isPageView)
        #expect(try Self.classify(path: "/mail/other.gif", rules: noGif).isPageView)
    }

    @Test func configuredStaticExtensionsReplaceTheDefaults() throws {
        let rules = HitRules(staticExtensions: ["do"])
        #expect(try !Self.classify(path: "/index.do", rules: rules).isPageView)
        #expect(try Self.classify(path: "/style.css", rules: rules).isPageView)
    }

    @Test(arguments: [
        ("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Mobile/15E148", DeviceClass.tablet),
        ("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", .tablet),
        ("Mozilla/5.0 (Linux; Android 13; SM-S918N) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36", .mobile),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)", .mobile),
        ("Mozilla/5.0 (iPod touch; CPU iPhone OS 12_0 like Mac OS X)", .mobile),
        ("Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 Chrome/52.0 Mobile Safari/537.36 Edge/15", .mobile),
        ("Mozilla/5.0 (compatible; MSIE 10.0; Windows Phone 8.0; Trident/6.0)", .mobile),
        ("Mozilla/5.0 (Windows NT 10.0; Tablet PC 2.0)", .tablet),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15", .desktop),
        ("", .desktop),
    ])
    func deviceClasses(agent: String, device: DeviceClass) throws {
        #expect(try Self.classify(agent: agent).device == device)
    }

    @Test(arguments: [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0", "Edge", "Windows"),
        ("Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36", "Samsung Internet", "Android"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1", "Safari", "iOS"),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", "Firefox", "Linux"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/120.0 Whale/3.24 Safari/537.36", "Whale", "macOS"),
    ])
    func browserAndSystemFamilies(agent: String, browser: String, system: String) {
        var agent = agent
        let info = agent.withUTF8 { UserAgentClassifier().classify($0) }
        #expect(info.browser == browser)
        #expect(info.operatingSystem == system)
    }
}

/// The classifier remembers the last two User-Agents it saw: interleaved agents must still get each
/// their own analysis.
@Suite("User-Agent cache")
struct AgentCacheTests {
    static let agents = [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    ]

    @Test(arguments: [[0, 1, 0, 1, 2, 0, 3, 1, 3, 2, 2, 0], [3, 3, 2, 1, 2, 1, 0, 0, 3]])
    func interleavedAgentsKeepTheirAnalysis(order: [Int]) {
        let classifier = HitClassifier(rules: HitRules())
        for index in order {
            let bytes = Array(Self.agents[index].utf8)
            let expected = bytes.withUnsafeBufferPointer { HitClassifier(rules: HitRules()).agentInfo($0, plusMeansSpace: false) }
            let seen = bytes.withUnsafeBufferPointer { classifier.agentInfo($0, plusMeansSpace: false) }
            #expect(seen == expected)
        }
    }
}
