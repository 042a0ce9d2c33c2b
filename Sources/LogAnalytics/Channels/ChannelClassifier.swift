import LogIngest
public import SiteConfig

/// Decides the channel of a landing page view (SPEC §6, §12.11–12), first rule that applies:
/// campaign parameters, a search host (with its keyword, or `(not provided)`), a social host, another
/// external host, direct. The hosts are ``ReferrerHosts``'.
public struct ChannelClassifier: Sendable {
    private let ownHosts: Set<String>
    /// The own hosts as bytes, for the allocation-free check of the common case (an internal referrer).
    private let ownHostBytes: [[UInt8]]
    private let hosts: ReferrerHosts
    private let bannerParameter: String?
    private let emailParameter: String?

    /// Creates the classifier of `configuration`.
    public init(configuration: SiteConfiguration) {
        ownHosts = Set(configuration.hosts.map { $0.lowercased() })
        ownHostBytes = ownHosts.map { Array($0.utf8) }
        hosts = ReferrerHosts(searchHosts: configuration.searchHosts, socialHosts: configuration.socialHosts)
        bannerParameter = configuration.campaigns.bannerParam
        emailParameter = configuration.campaigns.emailParam
    }

    /// The channel of a page view with raw `query` and raw `referrer`, were it a landing page view.
    public func classify(query: UnsafeBufferPointer<UInt8>, referrer: UnsafeBufferPointer<UInt8>) -> ChannelInfo {
        if let campaign = campaign(query) { return campaign }
        return classify(referrer: referrer)
    }

    /// The channel of a landing page view without campaign parameters, from its raw `referrer` alone.
    func classify(referrer: UnsafeBufferPointer<UInt8>) -> ChannelInfo {
        guard !referrer.isEmpty, !referrer.equals("-") else { return .direct }
        if let range = Self.hostRange(of: referrer), isOwnHost(UnsafeBufferPointer(rebasing: referrer[range])) { return .direct }
        guard let host = Self.host(of: referrer) else { return .direct }
        if ownHosts.contains(host) { return .direct }
        if let engine = hosts.searchEngine(of: host) {
            let keyword = keyword(in: referrer).flatMap { $0.isEmpty ? nil : $0 } ?? ReferrerHosts.notProvided
            return ChannelInfo(channel: .search, searchEngine: engine, keyword: keyword, referrerHost: host)
        }
        if hosts.socialNetwork(of: host) != nil {
            return ChannelInfo(channel: .social, referrerHost: host)
        }
        return ChannelInfo(channel: .referral, referrerHost: host)
    }

    /// Campaign parameters of a landing URL: any `utm_*`, else the banner alias, else the e-mail alias.
    func campaign(_ query: UnsafeBufferPointer<UInt8>) -> ChannelInfo? {
        guard !query.isEmpty else { return nil }
        var hasUTM = false
        var start = 0
        while start < query.count {
            if query.count - start >= 4, query[start] == UInt8(ascii: "u"), query[start + 1] == UInt8(ascii: "t"),
                query[start + 2] == UInt8(ascii: "m"), query[start + 3] == UInt8(ascii: "_")
            {
                hasUTM = true
                break
            }
            while start < query.count, query[start] != UInt8(ascii: "&") { start += 1 }
            start += 1
        }
        if hasUTM {
            return ChannelInfo(
                channel: .campaign, campaign: QueryParameters.value(named: "utm_campaign", in: query),
                source: QueryParameters.value(named: "utm_source", in: query),
                medium: QueryParameters.value(named: "utm_medium", in: query))
        }
        if let bannerParameter, let id = QueryParameters.value(named: bannerParameter, in: query), !id.isEmpty {
            return ChannelInfo(channel: .campaign, campaign: id, medium: "banner")
        }
        if let emailParameter, let id = QueryParameters.value(named: emailParameter, in: query), !id.isEmpty {
            return ChannelInfo(channel: .campaign, campaign: id, medium: "email")
        }
        return nil
    }

    /// The decoded keyword of a search referrer, or `nil` when it has no keyword parameter.
    func keyword(in referrer: UnsafeBufferPointer<UInt8>) -> String? {
        guard let mark = referrer.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        var end = referrer.count
        if let hash = referrer[(mark + 1)...].firstIndex(of: UInt8(ascii: "#")) { end = hash }
        let query = UnsafeBufferPointer(rebasing: referrer[(mark + 1)..<end])
        for name in ReferrerHosts.keywordParameters {
            if let raw = QueryParameters.rawValue(named: name, in: query) { return KeywordDecoder.decode(raw) }
        }
        return nil
    }

    private func isOwnHost(_ host: UnsafeBufferPointer<UInt8>) -> Bool {
        for own in ownHostBytes where own.count == host.count {
            var same = true
            for index in 0..<own.count {
                let byte = host[index]
                if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != own[index] {
                    same = false
                    break
                }
            }
            if same { return true }
        }
        return false
    }

    /// The lower-cased host of a URL (`scheme://host[:port]/…`), or of `host/…` without scheme.
    static func host(of url: UnsafeBufferPointer<UInt8>) -> String? {
        guard let range = hostRange(of: url) else { return nil }
        return String(decoding: url[range].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Where the host of a URL is.
    static func hostRange(of url: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = 0
        let count = url.count
        var index = 0
        while index + 2 < count {
            if url[index] == UInt8(ascii: ":"), url[index + 1] == UInt8(ascii: "/"), url[index + 2] == UInt8(ascii: "/") {
                start = index + 3
                break
            }
            if url[index] == UInt8(ascii: "/") || url[index] == UInt8(ascii: "?") { break }
            index += 1
        }
        var end = start
        while end < count, url[end] != UInt8(ascii: "/"), url[end] != UInt8(ascii: ":"), url[end] != UInt8(ascii: "?"),
            url[end] != UInt8(ascii: "#")
        {
            end += 1
        }
        // user:password@host
        if let at = url[start..<end].lastIndex(of: UInt8(ascii: "@")) { start = at + 1 }
        guard end > start else { return nil }
        return start..<end
    }
}
