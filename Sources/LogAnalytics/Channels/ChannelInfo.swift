/// How a visit arrived (SPEC §6).
public enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
    case campaign, search, social, referral, direct
}

/// The channel of a visit's landing page view, with its campaign or referrer details.
public struct ChannelInfo: Sendable, Hashable {
    public var channel: Channel
    /// `utm_campaign`, or the banner / e-mail id.
    public var campaign: String?
    /// `utm_source` (`nil` for alias campaigns).
    public var source: String?
    /// `utm_medium`, or `banner` / `email`.
    public var medium: String?
    /// The search engine (`naver`, `google`, …).
    public var searchEngine: String?
    /// The decoded search keyword.
    public var keyword: String?
    /// The referrer's host, lower-cased.
    public var referrerHost: String?

    public init(
        channel: Channel, campaign: String? = nil, source: String? = nil, medium: String? = nil,
        searchEngine: String? = nil, keyword: String? = nil, referrerHost: String? = nil
    ) {
        self.channel = channel
        self.campaign = campaign
        self.source = source
        self.medium = medium
        self.searchEngine = searchEngine
        self.keyword = keyword
        self.referrerHost = referrerHost
    }

    /// No referrer, no campaign.
    public static let direct = ChannelInfo(channel: .direct)
}
