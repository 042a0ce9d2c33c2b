import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore

/// SPEC §7's interest of chosen members at an anchor day, by product and by product category, read from the page
/// views of their visits by position on every core: one dense column of scores per product (and category) over the
/// members' slots, so that no string is made per page view.
struct MemberInterest: Sendable {
    /// Product names, and each one's scores by slot.
    var products: [String] = []
    var productScores: [[Double]] = []
    var categories: [String] = []
    var categoryScores: [[Double]] = []
    var slotCount = 0

    init(slotCount: Int) {
        self.slotCount = slotCount
    }

    /// The interest of the visits in `visitsByDay` (a day's visit ordinals with the slot each belongs to): from the
    /// day's `member_interest` rollup for the members of `wanted` (by member number: their slot, -1 for others), or,
    /// for a day written before that table existed, from the page views of those visits.
    static func load(
        from store: Store, visitsByDay: [SiteDay: [(ordinal: Int32, slot: Int32)]], wanted slotOfMember: [Int32], slotCount: Int, anchor: SiteDay,
        categories: Bool
    ) throws -> MemberInterest {
        let days = visitsByDay.keys.sorted()
        return try DayParallelLoad.load(days: days, empty: MemberInterest(slotCount: slotCount)) { result, day in
            if try store.hasDayFile(.memberInterest, day: day.description) {
                guard let reader = try store.openDayFile(.memberInterest, day: day.description) else { return }
                try result.add(rollup: reader, day: day, anchor: anchor, slotOfMember: slotOfMember, categories: categories)
                return
            }
            guard let wanted = visitsByDay[day], let runs = try VisitPageViewRuns.open(store, day: day.description, checking: wanted.map(\.ordinal))
            else { return }
            let ordered = wanted.sorted { $0.ordinal < $1.ordinal }
            let rows = runs.selection(ordered.map(\.ordinal))
            let reader = runs.reader
            var products = ParquetStringCodes(), categoryCodes = ParquetStringCodes(), actions: [Double] = [], times: [Int64] = []
            try reader.readColumn("product", codingInto: &products, rows: rows)
            try reader.readColumn("interest_action", appendingTo: &actions, rows: rows)
            try reader.readColumn("time_on_page_s", appendingTo: &times, nullsAs: Int64.min, rows: rows)
            if categories { try reader.readColumn("product_category", codingInto: &categoryCodes, rows: rows) }
            let productColumn = products.dictionary.map { result.column(product: $0) }
            let categoryColumn = categories ? categoryCodes.dictionary.map { result.column(category: $0) } : []
            // SPEC §7: (1 + min(time, 600)/60 + action) × 0.5^((E − day)/30), the decay once for the day.
            let decay = ProductInterest.decay(from: day, to: anchor)
            for visit in ordered {
                let slot = Int(visit.slot)
                for row in runs.run(visit.ordinal) where products.codes[row] >= 0 {
                    let time = times[row] == Int64.min ? 0 : Double(min(max(times[row], 0), ProductInterest.timeOnPageCap)) / 60
                    let score = (1 + time + actions[row]) * decay
                    result.productScores[productColumn[Int(products.codes[row])]][slot] += score
                    if categories, categoryCodes.codes[row] >= 0 { result.categoryScores[categoryColumn[Int(categoryCodes.codes[row])]][slot] += score }
                }
            }
        } join: { result, part in
            for (index, name) in part.products.enumerated() {
                let column = result.column(product: name)
                for slot in 0..<slotCount where part.productScores[index][slot] != 0 { result.productScores[column][slot] += part.productScores[index][slot] }
            }
            for (index, name) in part.categories.enumerated() {
                let column = result.column(category: name)
                for slot in 0..<slotCount where part.categoryScores[index][slot] != 0 { result.categoryScores[column][slot] += part.categoryScores[index][slot] }
            }
        }
    }

    /// Adds a day's `member_interest` rows of the members `slotOfMember` names.
    mutating func add(rollup reader: ParquetFileReader, day: SiteDay, anchor: SiteDay, slotOfMember: [Int32], categories: Bool) throws {
        var members: [Int32] = [], kinds = ParquetStringCodes(), names = ParquetStringCodes(), weights: [Double] = []
        try reader.readColumn("member_no", appendingTo: &members)
        try reader.readColumn("kind", codingInto: &kinds)
        try reader.readColumn("name", codingInto: &names)
        try reader.readColumn("weight", appendingTo: &weights)
        let decay = ProductInterest.decay(from: day, to: anchor)
        let isCategory = kinds.decodedDictionary { $0 == "product_category" }
        // Each name's column, made when a row of the members asked about first needs it.
        var productColumn = [Int](repeating: -1, count: names.dictionary.count), categoryColumn = productColumn
        for row in members.indices {
            let member = Int(members[row])
            guard member < slotOfMember.count, slotOfMember[member] >= 0, kinds.codes[row] >= 0, names.codes[row] >= 0 else { continue }
            let slot = Int(slotOfMember[member]), name = Int(names.codes[row])
            if isCategory[Int(kinds.codes[row])] {
                guard categories else { continue }
                if categoryColumn[name] < 0 { categoryColumn[name] = column(category: names.dictionary[name]) }
                categoryScores[categoryColumn[name]][slot] += weights[row] * decay
            } else {
                if productColumn[name] < 0 { productColumn[name] = column(product: names.dictionary[name]) }
                productScores[productColumn[name]][slot] += weights[row] * decay
            }
        }
    }

    /// The column of `name`, added (all zeros) when new.
    mutating func column(product name: String) -> Int {
        if let index = products.firstIndex(of: name) { return index }
        products.append(name)
        productScores.append(Array(repeating: 0, count: slotCount))
        return products.count - 1
    }

    mutating func column(category name: String) -> Int {
        if let index = categories.firstIndex(of: name) { return index }
        categories.append(name)
        categoryScores.append(Array(repeating: 0, count: slotCount))
        return categories.count - 1
    }

    /// The score of `target` for `slot` as shown (rounded to 6 decimals, as the JSON writes it), so that a
    /// minimum equal to a shown score keeps the member.
    func score(_ target: AudiencePlan.InterestTarget, slot: Int) -> Double {
        switch target {
        case .product(let name): Self.shown(products.firstIndex(of: name).map { productScores[$0][slot] } ?? 0)
        case .category(let name): Self.shown(categories.firstIndex(of: name).map { categoryScores[$0][slot] } ?? 0)
        }
    }

    /// The `count` products of highest interest of `slot` (ties by name), scores as shown.
    func top(slot: Int, count: Int) -> [SegmentsReport.Ranked] {
        var ranked: [SegmentsReport.Ranked] = []
        for (index, name) in products.enumerated() where productScores[index][slot] != 0 {
            ranked.append(SegmentsReport.Ranked(name: name, value: Self.shown(productScores[index][slot])))
        }
        // Ranked by the score as shown, ties by name: the order does not hang on the last bits of a sum that the
        // rollup and the page views add up in different orders.
        ranked.sort { $0.value != $1.value ? $0.value > $1.value : $0.name < $1.name }
        return Array(ranked.prefix(count))
    }

    static func shown(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
}
