/// Counts of all hits of one site day, bots included where said (SPEC §12.2, §12.20): hits belong
/// to their own day, whatever visit their page views join.
public struct DailyHitCounts: Sendable, Hashable {
    /// Non-bot hits.
    public var hits = 0
    /// Bot hits.
    public var botHits = 0
    /// Hits per status code, bots included.
    public var statuses: [UInt16: Int] = [:]
    /// Non-bot hits on the e-mail open pixel, per campaign id.
    public var emailOpens: [String: Int] = [:]
    /// The visitor keys behind those hits, per campaign id, with their hits (for unique opens, SPEC §12.20).
    public var emailOpeners: [String: [String: Int]] = [:]
    /// Bot hits per User-Agent (for the bots report).
    public var botAgents: [String: Int] = [:]

    public init() {}

    /// Adds `other`'s counts.
    public mutating func merge(_ other: DailyHitCounts) {
        hits += other.hits
        botHits += other.botHits
        for (code, count) in other.statuses { statuses[code, default: 0] += count }
        for (campaign, count) in other.emailOpens { emailOpens[campaign, default: 0] += count }
        for (campaign, openers) in other.emailOpeners {
            for (key, count) in openers { emailOpeners[campaign, default: [:]][key, default: 0] += count }
        }
        for (agent, count) in other.botAgents { botAgents[agent, default: 0] += count }
    }
}
