public import LogIngest

/// One page view, with everything sessionisation needs, made on the reader thread of its file.
public struct PageViewEvent: TimedEvent {
    /// Seconds since 1970 UTC.
    public var timestamp: Int64
    /// The site's calendar day.
    public var day: SiteDay
    /// The site's UTC offset at that time, in seconds.
    public var siteOffset: Int32
    /// The visitor key: the visitor cookie, or `fp:` and a keyed hash.
    public var visitorKey: String
    public var isFingerprint: Bool
    /// The member id on this page view, if any.
    public var memberId: String?
    /// The client address (masked when `anonymize_ip` is on).
    public var client: String
    public var method: String
    /// The raw path, without query.
    public var path: String
    /// The raw query, without `?`.
    public var query: String
    public var status: UInt16
    public var page: PageInfo
    /// Goals reached by this page view (bits of ``SiteModel/goalNames``).
    public var goals: UInt64
    /// Funnel steps this page view matches (bits of the model's step list).
    public var funnelSteps: UInt64
    /// The channel this page view would give a visit it lands.
    public var channel: ChannelInfo
    public var device: DeviceClass
    public var browser: String
    public var operatingSystem: String
    /// The file it came from (index in the run's inputs) and its line, for tracing.
    public var file: Int32
    public var line: Int32
}
