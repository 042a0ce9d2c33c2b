import Foundation
public import FootfallStore
import LogAnalytics
import ParquetStore

/// The hit-level reports, from the `daily_hits` table: `status` (hits per status code over all parsed
/// hits, bots included, SPEC §12.20) and `bots` (bot hits and their agents).
///
/// These count hits, so visit filters do not apply to them.
public struct HitsReport: Sendable {
    public enum Kind: String, Sendable {
        case status, bots
    }

    public var kind: Kind
    public var query: ReportQuery
    /// Hits per status code (as text), bots included.
    public var statuses: [String: Int] = [:]
    public var botHits = 0
    /// Bot hits per User-Agent, most first.
    public var agents: [(agent: String, hits: Int)] = []

    public static func make(_ kind: Kind, store: Store, query: ReportQuery) throws -> HitsReport {
        var report = HitsReport(kind: kind, query: query)
        var agents: [String: Int] = [:]
        for row in try DailyHitsTable.rows(from: store, days: query.days) {
            switch row.kind {
            case "status": report.statuses[row.key ?? "?", default: 0] += row.count
            case "bot_hits": report.botHits += row.count
            case "bot_agent": agents[row.key ?? "", default: 0] += row.count
            default: break
            }
        }
        report.agents = agents.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
        return report
    }

    /// Agents listed in the bots report.
    public static let agentLimit = 50

    public var jsonValue: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("report", .string(kind.rawValue)), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object([])),
        ]
        switch kind {
        case .status:
            pairs.append(("statuses", .object(statuses.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })))
        case .bots:
            pairs.append(("bot_hits", .int(botHits)))
            pairs.append(("agents", .array(agents.prefix(Self.agentLimit).map { .object([("agent", .string($0.agent)), ("hits", .int($0.hits))]) })))
        }
        return .object(pairs)
    }

    var tableRows: [[String]] {
        switch kind {
        case .status: statuses.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] }
        case .bots: agents.prefix(Self.agentLimit).map { [String($0.hits), $0.agent] }
        }
    }

    /// The column holding the count (agents are long, so the count comes first in the bots report).
    var countColumn: Int { kind == .status ? 1 : 0 }

    var headers: [String] { kind == .status ? ["status", "hits"] : ["hits", "agent"] }

    public var tableText: String {
        let title = kind == .status ? "status codes (all hits, bots included)" : "bots: \(botHits) bot hits"
        return "\(title) \(query.from) – \(query.to)\n" + TextTable(headers: headers, rows: tableRows, rightAligned: [countColumn]).text
    }

    public var csvText: String { CSVWriter.text(headers: headers, rows: tableRows) }

    public var htmlText: String {
        var page = HTMLPage(title: (kind == .status ? "Status codes " : "Bots ") + "\(query.from) – \(query.to)")
        let bars = tableRows.prefix(20).map { row in (String(row[1 - countColumn].prefix(40)), Double(row[countColumn]) ?? 0) }
        page.sections.append(HTMLPage.barChart(bars, title: kind == .status ? "Hits by status" : "Bot hits by agent"))
        page.sections.append(HTMLPage.table(headers: headers, rows: tableRows, numericColumns: [countColumn]))
        return page.text
    }
}
