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
        for row in try DailyHitsTable.rows(from: store, days: query.days, kinds: kind == .status ? ["status"] : ["bot_hits", "bot_agent"]) {
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

    func tableRows(_ format: CellFormat) -> [[String]] {
        switch kind {
        case .status: statuses.sorted { $0.key < $1.key }.map { [$0.key, format.count($0.value)] }
        case .bots: agents.prefix(Self.agentLimit).map { [format.count($0.hits), $0.agent] }
        }
    }

    /// The column holding the count (agents are long, so the count comes first in the bots report).
    var countColumn: Int { kind == .status ? 1 : 0 }

    var headers: [String] { kind == .status ? ["status", "hits"] : ["hits", "agent"] }

    var reportTitle: String {
        kind == .status ? title("Status codes (all hits, bots included)") : title("Bots") + ": " + PeopleNumbers.count(botHits) + " " + L("bot hits")
    }

    /// The terminal table; an agent longer than the terminal is cut with an ellipsis (the CSV and JSON keep it).
    public var tableText: String {
        let rows = tableRows(.forPeople).map { row in
            row.enumerated().map { $0.offset == 1 - countColumn && $0.element.count > 100 ? String($0.element.prefix(99)) + "…" : $0.element }
        }
        return TextTable.sanitized(reportTitle) + "\n" + TextTable(headers: headers.map(L), rows: rows, rightAligned: [countColumn]).text
    }

    public var csvText: String {
        let format = CellFormat.csv
        return CSVWriter.text(headers: format.headers(headers), rows: tableRows(format))
    }

    public var htmlText: String {
        var page = HTMLPage(title: reportTitle)
        let bars: [(label: String, value: Double)] = kind == .status
            ? statuses.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }
            : agents.prefix(20).map { ($0.agent, Double($0.hits)) }
        page.sections.append(HTMLPage.barChart(bars, title: L(kind == .status ? "Hits by status" : "Bot hits by agent")))
        page.sections.append(HTMLPage.table(headers: headers.map(L), rows: tableRows(.forPeople), numericColumns: [countColumn]))
        return page.text
    }
}
