public import LogIngest

/// One page view, with everything sessionisation needs, made on the reader thread of its file.
///
/// A class, not a struct: an event moves from its file's batch through the merge heap into its open
/// visit, and a reference moves with one retain where a struct of a dozen strings would need a
/// dozen (measured: reference counting was 40 % of a sessions run with the struct).
public final class PageViewEvent: TimedEvent {
    /// Seconds since 1970 UTC.
    public let timestamp: Int64
    /// The site's calendar day.
    public let day: SiteDay
    /// The site's UTC offset at that time, in seconds.
    public let siteOffset: Int32
    /// The visitor key: the visitor cookie, or `fp:` and a keyed hash.
    public let visitorKey: String
    /// ``ByteHash`` of the visitor key's bytes, computed on the reader thread.
    let visitorKeyHash: UInt64
    public let isFingerprint: Bool
    /// The member id on this page view, if any.
    public let memberId: String?
    /// The client address (masked when `anonymize_ip` is on).
    public let client: String
    public let method: String
    /// The raw path, without query.
    public let path: String
    /// The raw query, without `?`.
    public let query: String
    public let status: UInt16
    public let page: PageInfo
    /// Goals reached by this page view (bits of ``SiteModel/goalNames``).
    public let goals: UInt64
    /// Funnel steps this page view matches (bits of the model's step list).
    public let funnelSteps: UInt64
    /// The channel this page view would give a visit it lands.
    public let channel: ChannelInfo
    public let device: DeviceClass
    public let browser: String
    public let operatingSystem: String
    /// The file it came from (index in the run's inputs) and its line, for tracing.
    public let file: Int32
    public let line: Int32

    public init(
        timestamp: Int64, day: SiteDay, siteOffset: Int32, visitorKey: String, isFingerprint: Bool, memberId: String?,
        client: String, method: String, path: String, query: String, status: UInt16, page: PageInfo, goals: UInt64,
        funnelSteps: UInt64, channel: ChannelInfo, device: DeviceClass, browser: String, operatingSystem: String,
        file: Int32, line: Int32
    ) {
        self.timestamp = timestamp
        self.day = day
        self.siteOffset = siteOffset
        self.visitorKey = visitorKey
        var key = visitorKey
        visitorKeyHash = key.withUTF8 { ByteHash.hash($0) }
        self.isFingerprint = isFingerprint
        self.memberId = memberId
        self.client = client
        self.method = method
        self.path = path
        self.query = query
        self.status = status
        self.page = page
        self.goals = goals
        self.funnelSteps = funnelSteps
        self.channel = channel
        self.device = device
        self.browser = browser
        self.operatingSystem = operatingSystem
        self.file = file
        self.line = line
    }
}
