import Foundation
import LogAnalytics
import ParquetStore

/// The day's interest weights per member (SPEC §7, before the decay): for each member number and product, and each
/// member number and product category, `Σ (1 + min(time on page, 600)/60 + action)` over the page views of the
/// member's visits of the day that show a product, and how many they are. `footfall audience` reads these rows
/// (about one per member and product a day) instead of the members' page views: interest at day E is
/// `Σ over days weight × 0.5^((E − day)/30)`.
final class MemberInterestRollup {
    /// Product and category names by their run-wide codes (shared with the day's other rollups, same thread).
    private let names: StringCodes
    /// By member, kind and name code: the tally's slot.
    @exclusivity(unchecked) private var slots: [Key: Int32] = [:]
    @exclusivity(unchecked) private var keys: [Key] = []
    @exclusivity(unchecked) private var weights: [Double] = []
    @exclusivity(unchecked) private var pageViews: [Int32] = []

    struct Key: Hashable {
        var member: Int32
        /// 0 product, 1 product category.
        var kind: Int32
        var code: Int32
    }

    static let kinds = ["product", "product_category"]

    init(names: StringCodes) {
        self.names = names
    }

    /// Adds one page view of a product, of `member`'s visit, with its interest weight.
    @inline(__always)
    func add(member: Int32, product: Int32, category: Int32, weight: Double) {
        tally(Key(member: member, kind: 0, code: product), weight)
        if category >= 0 { tally(Key(member: member, kind: 1, code: category), weight) }
    }

    @inline(__always)
    private func tally(_ key: Key, _ weight: Double) {
        if let slot = slots[key] {
            weights[Int(slot)] += weight
            pageViews[Int(slot)] += 1
        } else {
            slots[key] = Int32(keys.count)
            keys.append(key)
            weights.append(weight)
            pageViews.append(1)
        }
    }

    var isEmpty: Bool { keys.isEmpty }

    static let schema = ParquetSchema([
        ParquetColumn(name: "member_no", type: .int32, optional: false),
        ParquetColumn(name: "kind", type: .string, optional: false),
        ParquetColumn(name: "name", type: .string, optional: false),
        ParquetColumn(name: "page_views", type: .int32, optional: false),
        ParquetColumn(name: "weight", type: .double, optional: false),
    ])

    /// The rows, by member number, kind and name.
    var columns: [ParquetColumnValues] {
        let strings = names.strings
        let order = keys.indices.sorted { lhs, rhs in
            let a = keys[lhs], b = keys[rhs]
            if a.member != b.member { return a.member < b.member }
            if a.kind != b.kind { return a.kind < b.kind }
            return strings[Int(a.code)] < strings[Int(b.code)]
        }
        return [
            .int32(order.map { keys[$0].member }), .string(order.map { Self.kinds[Int(keys[$0].kind)] }),
            .string(order.map { strings[Int(keys[$0].code)] }), .int32(order.map { pageViews[$0] }), .double(order.map { weights[$0] }),
        ]
    }
}
