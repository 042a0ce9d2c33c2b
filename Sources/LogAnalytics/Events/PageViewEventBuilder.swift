import ByteTables
public import LogIngest
public import SiteConfig

/// Turns the hits of one file into page-view events and daily hit counts, on that file's thread.
///
/// Facts that depend on the path alone (rule candidates, goal and funnel globs, decoded path) are
/// computed once per distinct path. Visitor keys, member ids, paths, pages and channels are numbered
/// in the file's ``vocabulary`` the first time they appear, so that events are plain data.
///
/// Used from its file's thread only; its state opts out of dynamic exclusivity checks.
public final class PageViewEventBuilder: HitEventBuilder {
    /// Distinct paths whose facts are cached; past it, facts are computed afresh.
    public static let pathCacheLimit = EventVocabulary.boundedTableLimit

    /// The values this file's events refer to by number.
    public let vocabulary = EventVocabulary()

    private let model: SiteModel
    private let channels: ChannelClassifier
    private let identity: VisitorIdentity
    private let emailParameter: String?
    private let fileIndex: Int32
    @exclusivity(unchecked) private var clock: SiteClock
    // Tables start small and grow: a builder exists per file for the whole run, thousands of them for a
    // farm of servers' hourly logs (issue 18.9).
    private let paths = ByteInterner(capacity: 64)
    @exclusivity(unchecked) private var pathFacts: [SiteModel.PathFacts] = []
    @exclusivity(unchecked) private var finishedDays: [SiteDay: DailyHitCounts] = [:]
    @exclusivity(unchecked) private var currentDay: SiteDay?
    @exclusivity(unchecked) private var current = DayAccumulator()
    private let botAgents = ByteInterner(capacity: 16)
    private let visitorKeys = ByteInterner(capacity: 64)
    /// The visitor keys of recent page views (a visit's next page view usually follows within minutes);
    /// 8,192 slots of 24 bytes, made when the file's first page view comes (a `let`: a lazy property was
    /// retained and released at each use).
    private let recentVisitorKeys = ShortKeyCache(size: 8192)
    private let memberIds = ByteInterner(capacity: 64)
    private let productCodes = ByteInterner(capacity: 64)
    @exclusivity(unchecked) private var pageNumbers: [PageKey: Int32] = [:]
    @exclusivity(unchecked) private var channelNumbers: [ChannelInfo: Int32] = [:]
    /// Referrers met so far and the number of the channel each gives (without campaign parameters).
    private let referrers = ByteInterner(capacity: 64)
    @exclusivity(unchecked) private var referrerChannels: [Int32] = []

    /// What decides a page: the path, the rule taken, and the product code the rule reads.
    private struct PageKey: Hashable {
        var path: Int32
        var rule: Int32
        var productCode: Int32
    }

    /// Counts of one day kept in arrays while its hits stream by (no dictionary copy per hit).
    private struct DayAccumulator {
        var hits = 0
        var botHits = 0
        var statuses = [Int](repeating: 0, count: 600)
        var emailOpens: [String: Int] = [:]
        var emailOpeners: [String: [String: Int]] = [:]
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

    /// Gives back what only made `add` fast (the caches and look-up tables of visitor keys, paths, member
    /// ids, product codes, referrers, pages and channels): the vocabulary and the hit counts stay, for the
    /// rest of the run. A run of thousands of small files keeps a builder per file (issue 18.9).
    public func finishedReading() {
        recentVisitorKeys.release()
        visitorKeys.release()
        paths.release()
        memberIds.release()
        productCodes.release()
        referrers.release()
        pathFacts = []
        pageNumbers = [:]
        channelNumbers = [:]
        referrerChannels = []
    }

    public func add(_ hit: HitView, to events: inout [PageViewEvent]) {
        let fields = hit.fields
        let offset = clock.offset(atUTC: fields.timestamp, written: fields.utcOffsetSeconds)
        let local = fields.timestamp + Int64(offset)
        let day = SiteDay(daysSinceEpoch: Int32(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
        count(hit, day: day)
        guard hit.kind.isPageView else { return }

        let path = hit.bytes(fields.path)
        let pathNumber = pathNumber(of: path)
        if pathNumber >= 0 {
            addPageView(hit, day: day, offset: offset, pathNumber: pathNumber, facts: pathFacts[Int(pathNumber)], to: &events)
        } else {
            addPageView(hit, day: day, offset: offset, pathNumber: -1, facts: model.facts(forPath: path), to: &events)
        }
    }

    private func addPageView(
        _ hit: HitView, day: SiteDay, offset: Int32, pathNumber: Int32, facts: SiteModel.PathFacts,
        to events: inout [PageViewEvent]
    ) {
        let fields = hit.fields
        let client = identity.client(of: hit)
        identity.withVisitorKey(of: hit, client: client) { key, isFingerprint in
            // The key's slots in the cache and the interner are asked for first and read last, after the
            // page's facts: they are scattered over tables of up to hundreds of thousands of keys, and reading
            // them cold stalled this thread.
            recentVisitorKeys.prefetch(key, in: visitorKeys)
            let query = hit.bytes(fields.query)
            let method = hit.bytes(fields.method)
            let goals = model.goalMask(facts, method: method)
            let choice = model.pageChoice(facts, query: query)
            var pageNumber = pathNumber >= 0 ? self.pageNumber(path: pathNumber, choice: choice, facts: facts) : -1
            var channelNumber = channelNumber(query: query, referrer: hit.bytes(fields.referrer))
            var overflow: PageViewOverflow?
            if pathNumber < 0 || pageNumber < 0 || channelNumber < 0 {
                let channel = channels.classify(query: query, referrer: hit.bytes(fields.referrer))
                overflow = PageViewOverflow(path: facts.rawPath, page: model.pageInfo(facts, choice: choice), channel: channel)
                pageNumber = -1
                channelNumber = -1
            }
            let visitor = visitorNumber(of: key)
            let member = identity.memberIdBytes(of: hit).map { number(of: $0, in: memberIds, table: vocabulary.memberIds) } ?? -1
            events.append(
                PageViewEvent(
                    timestamp: fields.timestamp, day: day, siteOffset: offset, file: fileIndex, line: Int32(clamping: hit.lineNumber),
                    visitor: visitor, member: member, path: overflow == nil ? pathNumber : -1, page: pageNumber,
                    channel: channelNumber, status: fields.status, isFingerprint: isFingerprint, device: hit.kind.agent.device,
                    goals: goals, funnelSteps: facts.funnelStepMask, client: client, isPost: method.equals("POST"),
                    query: query.isEmpty ? "" : query.string, agent: hit.kind.agent, overflow: overflow))
        }
    }

    /// The number of a visitor key or member id, appended to the vocabulary when new.
    @inline(__always)
    private func number(of bytes: UnsafeBufferPointer<UInt8>, in interner: ByteInterner, table: AppendOnlyTable<String>) -> Int32 {
        let id = interner.intern(bytes)
        if Int(id) == table.count {
            precondition(table.hasRoom, "more than \(table.count) distinct values in one file")
            table.append(bytes.string)
        }
        return id
    }

    /// The number of a visitor key, appended to the vocabulary when new.
    @inline(__always)
    private func visitorNumber(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let id = recentVisitorKeys.intern(key, in: visitorKeys)
        if Int(id) == vocabulary.visitorKeys.count {
            precondition(vocabulary.visitorKeys.hasRoom, "more than \(vocabulary.visitorKeys.count) distinct visitor keys in one file")
            vocabulary.visitorKeys.append(key.string)
        }
        return id
    }

    /// The number of a raw path whose facts are cached, or `-1` past ``pathCacheLimit``.
    private func pathNumber(of path: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let id = paths.lookup(path) { return id }
        guard paths.count < Self.pathCacheLimit else { return -1 }
        let facts = model.facts(forPath: path)
        let id = paths.intern(path)
        pathFacts.append(facts)
        vocabulary.paths.append(facts.rawPath)
        return id
    }

    /// The number of the page of a page view on cached path `path`, or `-1` when the tables are full.
    private func pageNumber(path: Int32, choice: SiteModel.PageChoice, facts: SiteModel.PathFacts) -> Int32 {
        var code: Int32 = -1
        if let raw = choice.productCode {
            if let known = productCodes.lookup(raw) {
                code = known
            } else {
                guard productCodes.count < EventVocabulary.boundedTableLimit else { return -1 }
                code = productCodes.intern(raw)
            }
        }
        let key = PageKey(path: path, rule: Int32(choice.rule), productCode: code)
        if let known = pageNumbers[key] { return known }
        guard vocabulary.pages.count < EventVocabulary.boundedTableLimit else { return -1 }
        let number = vocabulary.pages.append(model.pageInfo(facts, choice: choice))
        pageNumbers[key] = number
        return number
    }

    /// The number of the channel of a page view (`0` for direct), or `-1` when the tables are full.
    ///
    /// Without campaign parameters the channel depends on the referrer alone: it is worked out once per
    /// distinct referrer (most page views have the site's own pages as referrer, landings a search or
    /// another site).
    private func channelNumber(query: UnsafeBufferPointer<UInt8>, referrer: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let campaign = channels.campaign(query) { return channelNumber(of: campaign) }
        if let known = referrers.lookup(referrer) { return referrerChannels[Int(known)] }
        let number = channelNumber(of: channels.classify(referrer: referrer))
        if number >= 0, referrers.count < EventVocabulary.boundedTableLimit {
            _ = referrers.intern(referrer)
            referrerChannels.append(number)
        }
        return number
    }

    /// The number of a channel (`0` for direct), or `-1` when the table is full.
    private func channelNumber(of channel: ChannelInfo) -> Int32 {
        if channel == .direct { return 0 }
        if let known = channelNumbers[channel] { return known }
        guard vocabulary.channels.count < EventVocabulary.boundedTableLimit else { return -1 }
        let number = vocabulary.channels.append(channel)
        channelNumbers[channel] = number
        return number
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
                let key = identity.withVisitorKey(of: hit, client: identity.client(of: hit)) { bytes, _ in String(decoding: bytes, as: UTF8.self) }
                current.emailOpeners[campaign, default: [:]][key, default: 0] += 1
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
        counts.emailOpeners = accumulator.emailOpeners
        for (id, count) in accumulator.botAgentCounts.enumerated() where count > 0 {
            let agent = botAgents.string(of: Int32(id))
            counts.botAgents[agent, default: 0] += count
        }
        return counts
    }
}
