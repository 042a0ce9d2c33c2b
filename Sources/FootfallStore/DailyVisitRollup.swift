import LogAnalytics
import LogIngest
import ParquetStore

/// The `daily_visits` rollup of one day: visit figures for three grouping sets — the whole day
/// (segment, channel and device null), each segment, and each segment × channel × device — so that
/// reports read a few rows instead of every visit. Every figure is exact for its group, distinct
/// visitors included (which is why the coarser groups are rows of their own, not sums).
final class DailyVisitRollup {
    private struct Key: Hashable {
        var segment: String?
        var channel: String?
        var device: String?
    }

    private struct Figures {
        var visits = 0
        var pageViews = 0
        var firstTimeVisits = 0
        var logins = 0
        var bounces = 0
        var durationSeconds: Int64 = 0
        var visitors = Set<Int32>()
    }

    private var groups: [Key: Figures] = [:]

    func add(_ visit: VisitRow, visitorNumber: Int32) {
        let segment = visit.segment.rawValue
        for key in [
            Key(segment: nil, channel: nil, device: nil), Key(segment: segment, channel: nil, device: nil),
            Key(segment: segment, channel: visit.channel.channel.rawValue, device: visit.device.rawValue),
        ] {
            var figures = groups.removeValue(forKey: key) ?? Figures()
            figures.visits += 1
            figures.pageViews += visit.pageViews
            if visit.firstVisit { figures.firstTimeVisits += 1 }
            if visit.loggedIn { figures.logins += 1 }
            if visit.bounce { figures.bounces += 1 }
            figures.durationSeconds += visit.durationSeconds
            figures.visitors.insert(visitorNumber)
            groups[key] = figures
        }
    }

    static let schema = ParquetSchema([
        ParquetColumn(name: "segment", type: .string, optional: true),
        ParquetColumn(name: "channel", type: .string, optional: true),
        ParquetColumn(name: "device", type: .string, optional: true),
        ParquetColumn(name: "visits", type: .int64, optional: false),
        ParquetColumn(name: "visitors", type: .int64, optional: false),
        ParquetColumn(name: "page_views", type: .int64, optional: false),
        ParquetColumn(name: "first_time_visits", type: .int64, optional: false),
        ParquetColumn(name: "logins", type: .int64, optional: false),
        ParquetColumn(name: "bounces", type: .int64, optional: false),
        ParquetColumn(name: "duration_s_sum", type: .int64, optional: false),
    ])

    /// The rows, coarsest groups first.
    var columns: [ParquetColumnValues] {
        let rows = groups.sorted { lhs, rhs in
            let left = [lhs.key.segment ?? "", lhs.key.channel ?? "", lhs.key.device ?? ""]
            let right = [rhs.key.segment ?? "", rhs.key.channel ?? "", rhs.key.device ?? ""]
            return left.lexicographicallyPrecedes(right)
        }
        return [
            .string(rows.map(\.key.segment)), .string(rows.map(\.key.channel)), .string(rows.map(\.key.device)),
            .int64(rows.map { Int64($0.value.visits) }), .int64(rows.map { Int64($0.value.visitors.count) }),
            .int64(rows.map { Int64($0.value.pageViews) }), .int64(rows.map { Int64($0.value.firstTimeVisits) }),
            .int64(rows.map { Int64($0.value.logins) }), .int64(rows.map { Int64($0.value.bounces) }),
            .int64(rows.map { $0.value.durationSeconds }),
        ]
    }
}
