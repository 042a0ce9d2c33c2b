/// The referrer hosts of SPEC §6: search engines and social networks, by host.
///
/// A host is first stripped of one `m.`, `www.` or two-letter country label (`m.search.naver.com`,
/// `kr.search.yahoo.com`, `www.bing.com`); then a search host is `google.TLD` or `www.google.TLD` (any country
/// domain, `www.google.co.kr`), one of the listed hosts, or a configured `search_hosts` entry (exact or a
/// subdomain). A portal's home page or mail (`www.naver.com`, `mail.naver.com`, `mail.google.com`) is not
/// search. A social host is one of the listed hosts or a configured `social_hosts` entry, exact or a
/// subdomain, and names its network.
public struct ReferrerHosts: Sendable {
    /// Search hosts (after the prefix is stripped) and their engine.
    public static let searchHosts: [(host: String, engine: String)] = [
        ("search.naver.com", "naver"), ("search.daum.net", "daum"), ("search.nate.com", "nate"), ("search.zum.com", "zum"),
        ("bing.com", "bing"), ("search.yahoo.com", "yahoo"), ("duckduckgo.com", "duckduckgo"), ("baidu.com", "baidu"),
    ]

    /// Social hosts and their network (SPEC §6).
    public static let socialHosts: [(host: String, network: String)] = [
        ("twitter.com", "twitter"), ("x.com", "twitter"), ("t.co", "twitter"), ("facebook.com", "facebook"),
        ("instagram.com", "instagram"), ("youtube.com", "youtube"), ("youtu.be", "youtube"), ("blog.naver.com", "naver_blog"),
        ("cafe.naver.com", "naver_cafe"), ("kin.naver.com", "naver_kin"), ("band.us", "band"), ("story.kakao.com", "kakao_story"),
        ("tistory.com", "tistory"), ("me2day.net", "me2day"), ("cyworld.com", "cyworld"), ("linkedin.com", "linkedin"),
        ("threads.net", "threads"), ("bit.ly", "bitly"),
    ]

    /// Keyword parameters, in the order they are looked for.
    public static let keywordParameters = ["query", "q", "p", "wd"]

    /// The keyword of a search visit whose referrer carries none (modern Google sends none).
    public static let notProvided = "(not provided)"

    private let extraSearchHosts: [String]
    private let extraSocialHosts: [String]

    /// The hosts of SPEC §6 plus the configured ones (lower-cased).
    public init(searchHosts: [String] = [], socialHosts: [String] = []) {
        extraSearchHosts = searchHosts.map { $0.lowercased() }
        extraSocialHosts = socialHosts.map { $0.lowercased() }
    }

    /// The search engine of `host` (lower-cased), or nil when it is not a search host.
    public func searchEngine(of host: String) -> String? {
        if let extra = extraSearchHosts.first(where: { host == $0 || host.hasSuffix("." + $0) }) {
            return Self.engineName(ofConfigured: extra)
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        // google.TLD, www.google.TLD (with m. or a country label before: m.google.com)
        for start in 0..<min(labels.count, 3) where labels[start] == "google" {
            let prefix = labels[..<start]
            let suffix = labels[(start + 1)...]
            let prefixOK = prefix.isEmpty || prefix.allSatisfy { $0 == "www" || $0 == "m" || $0.count == 2 }
            let suffixOK = (1...2).contains(suffix.count) && suffix.allSatisfy { (2...3).contains($0.count) && $0.allSatisfy(\.isLetter) }
            if prefixOK, suffixOK { return "google" }
        }
        let stripped = Self.strippingPrefix(host)
        for (listed, engine) in Self.searchHosts where stripped == listed || host == listed {
            return engine
        }
        return nil
    }

    /// The social network of `host` (lower-cased), or nil when it is not a social host.
    public func socialNetwork(of host: String) -> String? {
        if let (_, network) = Self.socialHosts.first(where: { host == $0.host || host.hasSuffix("." + $0.host) }) {
            return network
        }
        if let extra = extraSocialHosts.first(where: { host == $0 || host.hasSuffix("." + $0) }) {
            return extra
        }
        return nil
    }

    /// `host` without one leading `m.`, `www.` or two-letter country label.
    static func strippingPrefix(_ host: String) -> String {
        guard let dot = host.firstIndex(of: ".") else { return host }
        let first = host[..<dot]
        if first == "m" || first == "www" || (first.count == 2 && first.allSatisfy(\.isLetter)) {
            return String(host[host.index(after: dot)...])
        }
        return host
    }

    /// The engine named by a configured search host: its label before the public suffix (`search.example.co.kr`
    /// → `example`), else the host.
    static func engineName(ofConfigured host: String) -> String {
        let labels = host.split(separator: ".")
        guard labels.count >= 2 else { return host }
        let tail = labels.suffix(2)
        let secondLevel = tail.first!.count <= 3 && labels.count >= 3 ? labels[labels.count - 3] : tail.first!
        return String(secondLevel)
    }
}
