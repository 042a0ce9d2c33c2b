public import LogIngest
public import SiteConfig

/// Turns the hits of one file into page-view events and daily hit counts, on that file's thread.
///
/// Facts that depend on the path alone (rule candidates, goal and funnel globs, decoded path) are
/// computed once per distinct path.
public final class PageViewEventBuilder: HitEventBuilder {
    /// Distinct paths whose facts are cached; past it, facts are computed afresh.
    public static let pathCacheLimit = 100_000

    private let model: SiteModel
    private let channels: ChannelClassifier
    private let identity: VisitorIdentity
    private let emailParameter: String?
    private let fileIndex: Int32
    private var clock: SiteClock
    private let paths = ByteInterner(capacity: 1024)
    private var pathFacts: [SiteModel.PathFacts] = []
    /// Hit counts per site day.
    public private(set) var dailyCounts: [SiteDay: DailyHitCounts] = [:]

    /// Creates the builder of file number `fileIndex`.
    public init(
        model: SiteModel, channels: ChannelClassifier, identity: VisitorIdentity, clock: SiteClock,
        configuration: SiteConfiguration, fileIndex: Int
    ) {
        self.model = model
        self.channels = channels
        self.identity = identity
        self.clock = clock
        emailParameter = configuration.campaigns.emailParam
        self.fileIndex = Int32(fileIndex)
    }

    public func add(_ hit: HitView, to events: inout [PageViewEvent]) {
        let fields = hit.fields
        let offset = clock.offset(atUTC: fields.timestamp, written: fields.utcOffsetSeconds)
        let local = fields.timestamp + Int64(offset)
        let day = SiteDay(daysSinceEpoch: Int32(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
        count(hit, day: day)
        guard hit.kind.isPageView else { return }

        let path = hit.bytes(fields.path)
        let query = hit.bytes(fields.query)
        let facts = facts(for: path)
        let method = hit.bytes(fields.method)
        let goals = model.goalMask(facts, method: method)
        let client = identity.client(of: hit)
        let (visitorKey, isFingerprint) = identity.visitorKey(of: hit, client: client)
        events.append(
            PageViewEvent(
                timestamp: fields.timestamp, day: day, siteOffset: offset, visitorKey: visitorKey,
                isFingerprint: isFingerprint, memberId: identity.memberId(of: hit), client: client,
                method: method.equals("GET") ? "GET" : method.string, path: path.string, query: query.string,
                status: fields.status, page: model.page(facts, query: query), goals: goals,
                funnelSteps: facts.funnelStepMask,
                channel: channels.classify(query: query, referrer: hit.bytes(fields.referrer)),
                device: hit.kind.agent.device, browser: hit.kind.agent.browser,
                operatingSystem: hit.kind.agent.operatingSystem, file: fileIndex, line: Int32(clamping: hit.lineNumber)))
    }

    private func facts(for path: UnsafeBufferPointer<UInt8>) -> SiteModel.PathFacts {
        if let id = paths.lookup(path) { return pathFacts[Int(id)] }
        let facts = model.facts(forPath: path)
        if paths.count < Self.pathCacheLimit {
            _ = paths.intern(path)
            pathFacts.append(facts)
        }
        return facts
    }

    private func count(_ hit: HitView, day: SiteDay) {
        var counts = dailyCounts[day] ?? DailyHitCounts()
        if hit.kind.isBot {
            counts.botHits += 1
            counts.botAgents[hit.string(hit.fields.userAgent, plusIsSpace: true), default: 0] += 1
        } else {
            counts.hits += 1
            if hit.kind.isEmailOpen, let emailParameter,
                let campaign = QueryParameters.value(named: emailParameter, in: hit.bytes(hit.fields.query)), !campaign.isEmpty
            {
                counts.emailOpens[campaign, default: 0] += 1
            }
        }
        counts.statuses[hit.fields.status, default: 0] += 1
        dailyCounts[day] = counts
    }
}
