import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore

extension VisitColumns {
    /// The referrer columns of the visits that pass `query`'s filters.
    struct ReferrerRow {
        var channel: String
        var engine: String?
        var keyword: String?
        var host: String?
    }

    static func loadReferrers(from store: Store, query: ReportQuery) throws -> [ReferrerRow] {
        let selected = Set(try load(from: store, query: query).visitId)
        guard let folder = store.currentVersionFolder else { return [] }
        var rows: [ReferrerRow] = []
        for day in query.days {
            let path = "\(folder)/visits/day=\(day)/part-0.parquet"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try ParquetFileReader(path: path)
            guard case .string(let ids) = try reader.readColumn("visit_id"), case .string(let channels) = try reader.readColumn("channel"),
                case .string(let engines) = try reader.readColumn("search_engine"), case .string(let keywords) = try reader.readColumn("keyword"),
                case .string(let hosts) = try reader.readColumn("referrer_host")
            else { throw StoreError(path: path, message: "unexpected column types") }
            for row in ids.indices where selected.contains(ids[row] ?? "") {
                rows.append(ReferrerRow(channel: channels[row] ?? "direct", engine: engines[row], keyword: keywords[row], host: hosts[row]))
            }
        }
        return rows
    }
}
