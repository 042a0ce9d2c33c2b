import LogAnalytics
import LogIngest
import ParquetStore

/// Rows turned into Parquet columns, a batch at a time.
enum RowColumns {
    static func quoted(_ text: String) -> String { JSONString.quote(text) }

    /// A JSON array of strings (written by hand: an encoder per row cost seconds on a busy day).
    static func json(_ values: [String]) -> String {
        if values.isEmpty { return "[]" }
        var text = "["
        text.reserveCapacity(values.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            text += quoted(value)
        }
        return text + "]"
    }

    /// A JSON object of integers, keys sorted by their UTF-8 bytes.
    static func json(_ values: [String: Int]) -> String {
        if values.isEmpty { return "{}" }
        var text = "{"
        for (index, key) in values.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { text += "," }
            text += quoted(key)
            text += ":"
            text += String(values[key]!)
        }
        return text + "}"
    }

    /// The `daily_hits` rows of a day as two row groups: the day's counts (hits, bot hits, statuses, e-mail
    /// opens, robots' agents: a few hundred rows), then the e-mail openers (one row per campaign and visitor
    /// key: thousands), so that the reports of the counts skip the openers' row group and its dictionary.
    static func dailyHits(_ day: SiteDay, _ counts: DailyHitCounts) -> [[ParquetColumnValues]] {
        var kinds: [String] = ["hits", "bot_hits"]
        var keys: [String?] = [nil, nil]
        var values: [Int64] = [Int64(counts.hits), Int64(counts.botHits)]
        for (code, count) in counts.statuses.sorted(by: { $0.key < $1.key }) {
            kinds.append("status")
            keys.append(String(code))
            values.append(Int64(count))
        }
        for (campaign, count) in counts.emailOpens.sorted(by: { $0.key < $1.key }) {
            kinds.append("email_open")
            keys.append(campaign)
            values.append(Int64(count))
        }
        for (agent, count) in counts.botAgents.sorted(by: { $0.key < $1.key }) {
            kinds.append("bot_agent")
            keys.append(agent)
            values.append(Int64(count))
        }
        var groups: [[ParquetColumnValues]] = [[.string(kinds), .string(keys), .int64(values)]]
        // One row per (campaign, visitor key) that opened the e-mail that day: the key is `campaign TAB
        // visitor key`, the count its open hits (SPEC §12.20's unique opens are distinct keys over the range).
        var openerKinds: [String] = [], openerKeys: [String?] = [], openerValues: [Int64] = []
        for (campaign, openers) in counts.emailOpeners.sorted(by: { $0.key < $1.key }) {
            for (key, count) in openers.sorted(by: { $0.key < $1.key }) {
                openerKinds.append("email_opener")
                openerKeys.append(campaign + "\t" + key)
                openerValues.append(Int64(count))
            }
        }
        if !openerKinds.isEmpty { groups.append([.string(openerKinds), .string(openerKeys), .int64(openerValues)]) }
        return groups
    }
}
