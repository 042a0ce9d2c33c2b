public import LogIngest

/// One page view, with everything sessionisation needs, made on the reader thread of its file.
///
/// Plain data: the values that repeat from one page view to the next (visitor key, member id, path,
/// page, channel) are numbers into the ``EventVocabulary`` of the event's file, so that moving an
/// event from its file's thread through the merge into its open visit copies bytes and touches no
/// shared reference count (measured: reference counting and freeing the strings of class events
/// made on the other thread were a quarter of the merge thread's time).
public struct PageViewEvent: TimedEvent {
    /// Seconds since 1970 UTC.
    public let timestamp: Int64
    /// The site's calendar day.
    public let day: SiteDay
    /// The site's UTC offset at that time, in seconds.
    public let siteOffset: Int32
    /// The file it came from (index in the run's inputs) and its line, for tracing.
    public let file: Int32
    public let line: Int32
    /// The visitor key's number in the file's vocabulary.
    let visitor: Int32
    /// The member id's number in the file's vocabulary; `-1` when the page view has none.
    let member: Int32
    /// The raw path's number in the file's vocabulary; `-1`: see ``overflow``.
    let path: Int32
    /// The page's number in the file's vocabulary; `-1`: see ``overflow``.
    let page: Int32
    /// The channel's number in the file's vocabulary (`0` is direct); `-1`: see ``overflow``.
    let channel: Int32
    public let status: UInt16
    public let isFingerprint: Bool
    public let device: DeviceClass
    /// `POST`; else `GET` (a page view is one or the other, SPEC §12.2).
    let isPost: Bool
    /// Positions in ``UserAgentInfo/browsers`` and ``UserAgentInfo/operatingSystems``.
    let browserIndex: UInt8
    let operatingSystemIndex: UInt8
    /// Goals reached by this page view (bits of ``SiteModel/goalNames``).
    public let goals: UInt64
    /// Funnel steps this page view matches (bits of the model's step list).
    public let funnelSteps: UInt64
    /// The client address (masked when `anonymize_ip` is on).
    public let client: String
    /// The raw query, without `?`.
    public let query: String
    /// Path, page and channel of a page view whose values did not fit the vocabulary's bounded tables.
    let overflow: PageViewOverflow?

    init(
        timestamp: Int64, day: SiteDay, siteOffset: Int32, file: Int32, line: Int32, visitor: Int32, member: Int32,
        path: Int32, page: Int32, channel: Int32, status: UInt16, isFingerprint: Bool, device: DeviceClass, goals: UInt64,
        funnelSteps: UInt64, client: String, isPost: Bool, query: String, agent: UserAgentInfo, overflow: PageViewOverflow?
    ) {
        self.timestamp = timestamp
        self.day = day
        self.siteOffset = siteOffset
        self.file = file
        self.line = line
        self.visitor = visitor
        self.member = member
        self.path = path
        self.page = page
        self.channel = channel
        self.status = status
        self.isFingerprint = isFingerprint
        self.device = device
        self.goals = goals
        self.funnelSteps = funnelSteps
        self.client = client
        self.isPost = isPost
        self.query = query
        browserIndex = agent.browserIndex
        operatingSystemIndex = agent.operatingSystemIndex
        self.overflow = overflow
    }

    /// `GET` or `POST`.
    public var method: String { isPost ? "POST" : "GET" }
    /// The browser family.
    public var browser: String { UserAgentInfo.browsers[Int(browserIndex)] }
    /// The OS family.
    public var operatingSystem: String { UserAgentInfo.operatingSystems[Int(operatingSystemIndex)] }
}

/// The path, page and channel of one page view, kept with the event itself when its file's
/// vocabulary has stopped taking new values of that kind (a log with very many distinct paths).
final class PageViewOverflow: Sendable {
    let path: String
    let page: PageInfo
    let channel: ChannelInfo

    init(path: String, page: PageInfo, channel: ChannelInfo) {
        self.path = path
        self.page = page
        self.channel = channel
    }
}
