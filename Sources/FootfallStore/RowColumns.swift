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

    /// A JSON object of integers, keys sorted.
    static func json(_ values: [String: Int]) -> String {
        "{" + values.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + String($0.value) }.joined(separator: ",") + "}"
    }

    static func visits(_ rows: [VisitRow], visitorNumbers: [Int32], memberNumbers: [Int32?]) -> [ParquetColumnValues] {
        [
            .string(rows.map(\.visitId)), .string(rows.map(\.visitorKey)), .int32(visitorNumbers),
            .boolean(rows.map(\.isFingerprint)), .string(rows.map(\.memberId)), .int32(memberNumbers), .boolean(rows.map(\.loggedIn)),
            .boolean(rows.map(\.recognisedMember)), .string(rows.map(\.segment.rawValue)), .boolean(rows.map(\.firstVisit)),
            .string(rows.map(\.grade)), .string(rows.map(\.gender)), .int32(rows.map { $0.birthYear.map(Int32.init) }),
            .int64(rows.map { $0.start * 1_000_000 }), .int64(rows.map { $0.end * 1_000_000 }),
            .int32(rows.map(\.siteOffset)), .int64(rows.map(\.durationSeconds)), .int32(rows.map { Int32($0.pageViews) }),
            .string(rows.map(\.entryPage)), .string(rows.map(\.exitPage)), .boolean(rows.map(\.bounce)),
            .string(rows.map(\.device.rawValue)), .string(rows.map(\.browser)), .string(rows.map(\.operatingSystem)),
            .string(rows.map(\.channel.channel.rawValue)), .string(rows.map(\.channel.campaign)),
            .string(rows.map(\.channel.source)), .string(rows.map(\.channel.medium)),
            .string(rows.map(\.channel.searchEngine)), .string(rows.map(\.channel.keyword)),
            .string(rows.map(\.channel.referrerHost)), .string(rows.map { json($0.goals) }),
            .string(rows.map { json($0.funnelSteps) }), .string(rows.map { json($0.path) }),
        ]
    }

    static func pageviews(_ rows: [PageViewRow]) -> [ParquetColumnValues] {
        [
            .string(rows.map(\.visitId)), .string(rows.map(\.visitorKey)),
            .string(rows.map(\.memberId)), .string(rows.map(\.segment.rawValue)), .int32(rows.map { Int32($0.sequence) }),
            .int64(rows.map { $0.timestamp * 1_000_000 }), .int32(rows.map(\.siteOffset)), .string(rows.map(\.page)),
            .string(rows.map(\.path)), .string(rows.map(\.query)), .string(rows.map(\.content)),
            .string(rows.map(\.productCategory)), .string(rows.map(\.product)), .string(rows.map(\.method)),
            .int32(rows.map { Int32($0.status) }), .int64(rows.map(\.timeOnPage)), .string(rows.map { json($0.goals) }),
            .double(rows.map(\.interestAction)), .string(rows.map(\.device.rawValue)), .string(rows.map(\.client)),
        ]
    }

    static func dailyHits(_ day: SiteDay, _ counts: DailyHitCounts) -> [ParquetColumnValues] {
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
        return [.string(kinds), .string(keys), .int64(values)]
    }
}
