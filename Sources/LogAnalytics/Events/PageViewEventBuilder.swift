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
    private var finishedDays: [SiteDay: DailyHitCounts] = [:]
    private var currentDay: SiteDay?
    private var current = DayAccumulator()
    private let botAgents = ByteInterner(capacity: 256)

    /// Counts of one day kept in arrays while its hits stream by (no dictionary copy per hit).
    private struct DayAccumulator {
        var hits = 0
        var botHits = 0
        var statuses = [Int](repeating: 0, count: 600)
        var emailOpens: [String: Int] = [:]
        var botAgentCounts: [Int] = []
    }

    /// Hit counts per site day.
    public var dailyCounts: [SiteDay: DailyHitCounts] {
        var result = finishedDays
        if let currentDay { result[currentDay, default: DailyHitCounts()].merge(counts(of: current)) }
        return result
    }

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
                method: method.equals("GET") ? "GET" : method.string, path: facts.rawPath, query: query.isEmpty ? "" : query.string,
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

    @inline(__always)
    private func count(_ hit: HitView, day: SiteDay) {
        if day != currentDay { switchDay(to: day) }
        if hit.kind.isBot {
            current.botHits += 1
            let agent = hit.bytes(hit.fields.userAgent)
            let id: Int
            if hit.fields.plusMeansSpace {
                let decoded = agent.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }
                id = Int(decoded.withUnsafeBufferPointer { botAgents.intern($0) })
            } else {
                id = Int(botAgents.intern(agent))
            }
            while current.botAgentCounts.count <= id { current.botAgentCounts.append(0) }
            current.botAgentCounts[id] += 1
        } else {
            current.hits += 1
            if hit.kind.isEmailOpen, let emailParameter,
                let campaign = QueryParameters.value(named: emailParameter, in: hit.bytes(hit.fields.query)), !campaign.isEmpty
            {
                current.emailOpens[campaign, default: 0] += 1
            }
        }
        current.statuses[Int(hit.fields.status)] += 1
    }

    private func switchDay(to day: SiteDay) {
        if let currentDay { finishedDays[currentDay, default: DailyHitCounts()].merge(counts(of: current)) }
        currentDay = day
        current = DayAccumulator()
    }

    private func counts(of accumulator: DayAccumulator) -> DailyHitCounts {
        var counts = DailyHitCounts()
        counts.hits = accumulator.hits
        counts.botHits = accumulator.botHits
        for (code, count) in accumulator.statuses.enumerated() where count > 0 { counts.statuses[UInt16(code)] = count }
        counts.emailOpens = accumulator.emailOpens
        for (id, count) in accumulator.botAgentCounts.enumerated() where count > 0 {
            let agent = botAgents.string(of: Int32(id))
            counts.botAgents[agent, default: 0] += count
        }
        return counts
    }
}
