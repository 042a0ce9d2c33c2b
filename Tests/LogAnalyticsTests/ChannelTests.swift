import Foundation
import LogAnalytics
import LogIngest
import SiteConfig
import Testing

@Suite("Channels and campaigns")
struct ChannelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var query: String
        var referrer: String
        var channel: Channel
        var campaign: String? = nil
        var source: String? = nil
        var medium: String? = nil
        var engine: String? = nil
        var keyword: String? = nil
        var testDescription: String { "\(query) ← \(referrer)" }
    }

    static let cases: [Case] = [
        // 1. campaign parameters win over everything, utm before the aliases.
        Case(query: "utm_source=kakao&utm_medium=cpc&utm_campaign=autumn", referrer: "https://search.naver.com/search.naver?query=x",
             channel: .campaign, campaign: "autumn", source: "kakao", medium: "cpc"),
        Case(query: "bn=BN1&utm_medium=banner", referrer: "-", channel: .campaign, campaign: nil, source: nil, medium: "banner"),
        Case(query: "bn=BN_AUTUMN01", referrer: "https://news.example.com/a", channel: .campaign, campaign: "BN_AUTUMN01", medium: "banner"),
        Case(query: "em=EM2026NOV01", referrer: "-", channel: .campaign, campaign: "EM2026NOV01", medium: "email"),
        Case(query: "bn=B&em=E", referrer: "-", channel: .campaign, campaign: "B", medium: "banner"),
        Case(query: "bn=BN1", referrer: "https://www.klife.example/index.do", channel: .campaign, campaign: "BN1", medium: "banner"),
        // 2. search: a search host (SPEC §6), with its keyword or `(not provided)`.
        Case(query: "", referrer: "https://search.naver.com/search.naver?where=nexearch&query=%EC%A2%85%EC%8B%A0%EB%B3%B4%ED%97%98",
             channel: .search, engine: "naver", keyword: "종신보험"),
        Case(query: "", referrer: "https://www.google.co.kr/search?q=life+insurance", channel: .search, engine: "google", keyword: "life insurance"),
        Case(query: "", referrer: "https://search.daum.net/search?w=tot&q=%BA%B8%C7%E8", channel: .search, engine: "daum", keyword: "보험"),
        Case(query: "", referrer: "https://search.yahoo.com/search?p=kids", channel: .search, engine: "yahoo", keyword: "kids"),
        Case(query: "", referrer: "https://www.google.com/", channel: .search, engine: "google", keyword: "(not provided)"),
        Case(query: "", referrer: "https://www.google.de/", channel: .search, engine: "google", keyword: "(not provided)"),
        Case(query: "", referrer: "https://google.com.hk/url?sa=t", channel: .search, engine: "google", keyword: "(not provided)"),
        Case(query: "", referrer: "https://m.search.naver.com/search.naver?query=abc", channel: .search, engine: "naver", keyword: "abc"),
        Case(query: "", referrer: "https://kr.search.yahoo.com/search?p=x", channel: .search, engine: "yahoo", keyword: "x"),
        Case(query: "", referrer: "https://www.bing.com/search?q=%ED%8E%80%EB%93%9C", channel: .search, engine: "bing", keyword: "펀드"),
        Case(query: "", referrer: "https://duckduckgo.com/", channel: .search, engine: "duckduckgo", keyword: "(not provided)"),
        Case(query: "", referrer: "https://www.baidu.com/s?wd=baoxian", channel: .search, engine: "baidu", keyword: "baoxian"),
        Case(query: "", referrer: "https://search.example.kr/find?q=x", channel: .search, engine: "example", keyword: "x"),
        // Not search: other Google services, a portal's home page and mail, a host that only looks alike.
        Case(query: "", referrer: "https://mail.google.com/mail/u/0", channel: .referral),
        Case(query: "", referrer: "https://www.naver.com/", channel: .referral),
        Case(query: "", referrer: "https://mail.naver.com/", channel: .referral),
        Case(query: "", referrer: "https://googleusercontent.example.com/?q=x", channel: .referral),
        // 3. social: exact host or a subdomain, config hosts included.
        Case(query: "", referrer: "https://blog.naver.com/someone/123", channel: .social),
        Case(query: "", referrer: "https://m.facebook.com/story.php", channel: .social),
        Case(query: "", referrer: "http://t.co/abc", channel: .social),
        Case(query: "", referrer: "https://www.band.us/page/1", channel: .social),
        Case(query: "", referrer: "https://notband.us/x", channel: .referral),
        Case(query: "", referrer: "https://cafe.naver.com/x", channel: .social),
        Case(query: "", referrer: "https://kin.naver.com/qna/detail.naver", channel: .social),
        Case(query: "", referrer: "https://l.facebook.com/l.php?u=x", channel: .social),
        Case(query: "", referrer: "https://x.com/someone", channel: .social),
        // 4. referral, 5. direct.
        Case(query: "", referrer: "https://news.example.com/x", channel: .referral),
        Case(query: "", referrer: "https://www.klife.example/product/list.do", channel: .direct),
        Case(query: "", referrer: "https://M.KLIFE.EXAMPLE:443/x", channel: .direct),
        Case(query: "", referrer: "-", channel: .direct),
        Case(query: "", referrer: "", channel: .direct),
    ]

    @Test(arguments: cases)
    func channelRulesApplyInOrder(_ testCase: Case) throws {
        let configuration = try SiteConfiguration.parse(
            SessionFixture.baseConfig.replacingOccurrences(of: "[site]\n", with: "[site]\nsearch_hosts = [\"search.example.kr\"]\n"), path: "/tmp/site.toml")
        let classifier = ChannelClassifier(configuration: configuration)
        var query = testCase.query
        var referrer = testCase.referrer
        let info = query.withUTF8 { q in referrer.withUTF8 { r in classifier.classify(query: q, referrer: r) } }
        #expect(info.channel == testCase.channel)
        #expect(info.campaign == testCase.campaign)
        #expect(info.source == testCase.source)
        #expect(info.medium == testCase.medium)
        #expect(info.searchEngine == testCase.engine)
        #expect(info.keyword == testCase.keyword)
    }

    @Test func anEUCKRKeywordInAWholeRun() throws {
        let fixture = try SessionFixture()
        let path = try fixture.file("a.log", [
            SessionFixture.line("17/Nov/2026:10:00:00", "/index.do", referrer: "https://search.naver.com/search.naver?query=%C1%BE%BD%C5%BA%B8%C7%E8"),
        ])
        let (found, _) = try fixture.run([path])
        #expect(found.first?.visit.channel.keyword == "종신보험")
    }

    /// Social visits are named by network (SPEC §6): every Facebook host is `facebook`, Naver's blog, café and
    /// 지식iN are three networks, configured hosts name themselves.
    @Test(arguments: [
        ("m.facebook.com", "facebook"), ("l.facebook.com", "facebook"), ("lm.facebook.com", "facebook"), ("t.co", "twitter"),
        ("x.com", "twitter"), ("blog.naver.com", "naver_blog"), ("m.blog.naver.com", "naver_blog"), ("cafe.naver.com", "naver_cafe"),
        ("kin.naver.com", "naver_kin"), ("story.kakao.com", "kakao_story"), ("youtu.be", "youtube"), ("www.band.us", "band"),
    ])
    func socialHostsNameTheirNetwork(host: String, network: String) {
        #expect(ReferrerHosts(socialHosts: ["band.us"]).socialNetwork(of: host) == network)
        #expect(ReferrerHosts().socialNetwork(of: "news.example.com") == nil)
    }
}
