import LogAnalytics
import ParquetStore

/// The `daily_items` rollup of one day: per segment, tallies of named items in long form —
///
/// | kind | name | count | weight |
/// |---|---|---|---|
/// | `content` | a content category | page views | 0 |
/// | `product_category` | a product category | page views | 0 |
/// | `product` | a product | page views | Σ (1 + min(time on page, 600)/60 + action), undecayed (SPEC §7) |
/// | `path_prefix` | the first three pages of a path, as a JSON array | visits | 0 |
/// | `login_member` | a member id | logged-in visits | 0 |
/// | `hour` | the hour of the day in the site's time, `00`…`23` | page views | 0 |
///
/// Every figure adds up over days and segments, so the segments and profile reports read a few
/// thousand rows instead of every page view; the interest decay depends on the report's end day
/// and is applied per day when reading.
final class DailyItemRollup {
    enum Kind: String, CaseIterable {
        case content
        case productCategory = "product_category"
        case product
        case pathPrefix = "path_prefix"
        case loginMember = "login_member"
        case hour
    }

    /// `00` … `23`.
    static let hourNames = (0..<24).map { $0 < 10 ? "0\($0)" : "\($0)" }

    private struct Key: Hashable {
        var kind: Kind
        var segment: Segment
        var name: String
    }

    private var tallies: [Key: (count: Int64, weight: Double)] = [:]

    /// Pages in a path prefix (SPEC §5, §12.10).
    static let pathPrefixLength = 3

    func add(_ visit: VisitRow, pageViews: [PageViewRow]) {
        let prefix = RowColumns.json(Array(visit.path.prefix(Self.pathPrefixLength)))
        tally(Key(kind: .pathPrefix, segment: visit.segment, name: prefix), weight: 0)
        if visit.loggedIn, let member = visit.memberId { tally(Key(kind: .loginMember, segment: visit.segment, name: member), weight: 0) }
        for view in pageViews {
            let local = view.timestamp + Int64(view.siteOffset)
            let hour = Int(((local % 86_400) + 86_400) % 86_400 / 3600)
            tally(Key(kind: .hour, segment: view.segment, name: Self.hourNames[hour]), weight: 0)
            if let content = view.content { tally(Key(kind: .content, segment: view.segment, name: content), weight: 0) }
            if let category = view.productCategory {
                tally(Key(kind: .productCategory, segment: view.segment, name: category), weight: 0)
            }
            if let product = view.product {
                let time = Double(min(max(view.timeOnPage ?? 0, 0), ProductInterest.timeOnPageCap)) / 60
                tally(Key(kind: .product, segment: view.segment, name: product), weight: 1 + time + view.interestAction)
            }
        }
    }

    private func tally(_ key: Key, weight: Double) {
        var tally = tallies.removeValue(forKey: key) ?? (0, 0)
        tally.count += 1
        tally.weight += weight
        tallies[key] = tally
    }

    static let schema = ParquetSchema([
        ParquetColumn(name: "kind", type: .string, optional: false),
        ParquetColumn(name: "segment", type: .string, optional: false),
        ParquetColumn(name: "name", type: .string, optional: false),
        ParquetColumn(name: "count", type: .int64, optional: false),
        ParquetColumn(name: "weight", type: .double, optional: false),
    ])

    /// The rows, by kind, segment and name.
    var columns: [ParquetColumnValues] {
        let rows = tallies.sorted { lhs, rhs in
            (lhs.key.kind.rawValue, lhs.key.segment.rawValue, lhs.key.name) < (rhs.key.kind.rawValue, rhs.key.segment.rawValue, rhs.key.name)
        }
        return [
            .string(rows.map(\.key.kind.rawValue)), .string(rows.map(\.key.segment.rawValue)), .string(rows.map(\.key.name)),
            .int64(rows.map(\.value.count)), .double(rows.map(\.value.weight)),
        ]
    }
}
