import LogAnalytics
import LogIngest
import ParquetStore

/// The `daily_visits` rollup of one day: visit figures for three grouping sets — the whole day
/// (segment, channel and device null), each segment, and each segment × channel × device — so that
/// reports read a few rows instead of every visit. Every figure is exact for its group, distinct
/// visitors included (which is why the coarser groups are rows of their own, not sums).
///
/// Used by one thread (the sessionising one): its groups skip dynamic exclusivity checks.
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
        /// The visitor number of each visit (repeats included), counted distinct when the rows are made:
        /// appending is cheaper than inserting into a set of a few hundred thousand numbers.
        var visitorNumbers: [Int32] = []

        /// The distinct visitor numbers.
        var visitors: Int {
            let sorted = visitorNumbers.sorted()
            return sorted.indices.reduce(0) { $0 + ($1 == 0 || sorted[$1] != sorted[$1 - 1] ? 1 : 0) }
        }
    }

    private static let segments = Segment.allCases
    private static let channels = Channel.allCases
    private static let devices = DeviceClass.allCases

    /// The groups in a flat array: the day (index 0), each segment, then each segment × channel × device.
    @exclusivity(unchecked) private var groups: [Figures?]

    init() {
        groups = Array(repeating: nil, count: 1 + Self.segments.count * (1 + Self.channels.count * Self.devices.count))
    }

    func add(_ visit: CompletedVisit, visitorNumber: Int32) {
        let segment = Self.segments.firstIndex(of: visit.segment)!
        let channel = Self.channels.firstIndex(of: visit.channel)!
        let device = Self.devices.firstIndex(of: visit.device)!
        let pageViews = visit.pageViewCount
        let duration = visit.durationSeconds
        let segmentGroup = 1 + segment * (1 + Self.channels.count * Self.devices.count)
        for group in [0, segmentGroup, segmentGroup + 1 + channel * Self.devices.count + device] {
            if groups[group] == nil { groups[group] = Figures() }
            groups[group]!.visits += 1
            groups[group]!.pageViews += pageViews
            if visit.firstVisit { groups[group]!.firstTimeVisits += 1 }
            if visit.loggedIn { groups[group]!.logins += 1 }
            if pageViews == 1 { groups[group]!.bounces += 1 }
            groups[group]!.durationSeconds += duration
            groups[group]!.visitorNumbers.append(visitorNumber)
        }
    }

    /// The key of group `index` of ``groups``.
    private static func key(ofGroup index: Int) -> Key {
        guard index > 0 else { return Key() }
        let perSegment = 1 + channels.count * devices.count
        let segment = segments[(index - 1) / perSegment].rawValue
        let within = (index - 1) % perSegment
        guard within > 0 else { return Key(segment: segment) }
        return Key(
            segment: segment, channel: channels[(within - 1) / devices.count].rawValue,
            device: devices[(within - 1) % devices.count].rawValue)
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
        let rows = groups.indices.compactMap { index in groups[index].map { (key: Self.key(ofGroup: index), value: $0) } }.sorted { lhs, rhs in
            let left = [lhs.key.segment ?? "", lhs.key.channel ?? "", lhs.key.device ?? ""]
            let right = [rhs.key.segment ?? "", rhs.key.channel ?? "", rhs.key.device ?? ""]
            return left.lexicographicallyPrecedes(right)
        }
        return [
            .string(rows.map(\.key.segment)), .string(rows.map(\.key.channel)), .string(rows.map(\.key.device)),
            .int64(rows.map { Int64($0.value.visits) }), .int64(rows.map { Int64($0.value.visitors) }),
            .int64(rows.map { Int64($0.value.pageViews) }), .int64(rows.map { Int64($0.value.firstTimeVisits) }),
            .int64(rows.map { Int64($0.value.logins) }), .int64(rows.map { Int64($0.value.bounces) }),
            .int64(rows.map { $0.value.durationSeconds }),
        ]
    }
}
