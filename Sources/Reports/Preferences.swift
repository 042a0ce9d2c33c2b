import FootfallStore
import LogAnalytics
import ParquetStore

/// What a group of visits looked at (SPEC §7, §8): page views by content category and by product
/// category, interest by product, and visits by path prefix — from the `daily_items` rollup, or from
/// the page views themselves when a visit filter is set.
struct Preferences {
    var content: [String: Double] = [:]
    var productCategories: [String: Double] = [:]
    var products: [String: Double] = [:]
    var pathPrefixes: [[String]: Int] = [:]

    /// The `daily_items` kinds ``bySegment(_:endDay:)-(DailyRollups.Items,_)`` reads.
    static let rollupKinds: Set<String> = ["content", "product_category", "product", "path_prefix"]

    /// Per segment (raw value), from the `daily_items` rows of the range ending on `endDay`.
    static func bySegment(_ items: DailyRollups.Items, endDay: SiteDay) -> [String: Preferences] {
        var result: [String: Preferences] = [:]
        var decay: [SiteDay: Double] = [:]
        for row in 0..<items.count.count {
            guard let kind = items.kind[row], let segment = items.segment[row], let name = items.name[row] else { continue }
            let count = Double(items.count[row])
            switch kind {
            case "content": result[segment, default: Preferences()].content[name, default: 0] += count
            case "product_category": result[segment, default: Preferences()].productCategories[name, default: 0] += count
            case "product":
                let day = items.day[row]
                let factor = decay[day] ?? ProductInterest.decay(from: day, to: endDay)
                decay[day] = factor
                result[segment, default: Preferences()].products[name, default: 0] += items.weight[row] * factor
            case "path_prefix":
                result[segment, default: Preferences()].pathPrefixes[JSONText.stringArray(name), default: 0] += Int(items.count[row])
            default: break
            }
        }
        return result
    }

    /// Per segment (raw value), from page views (path prefixes are not filled).
    static func bySegment(_ views: PageViewColumns, endDay: SiteDay) -> [String: Preferences] {
        let segments = views.segment.dictionary.count
        func tally(_ column: ParquetStringCodes) -> [Double] {
            var counts = [Double](repeating: 0, count: segments * column.dictionary.count)
            for row in 0..<views.count {
                let code = column.codes[row], segment = views.segment.codes[row]
                if code >= 0, segment >= 0 { counts[Int(code) * segments + Int(segment)] += 1 }
            }
            return counts
        }
        var result: [String: Preferences] = [:]
        for (index, count) in tally(views.content).enumerated() where count > 0 {
            result[views.segment.dictionary[index % segments], default: Preferences()].content[views.content.dictionary[index / segments]] = count
        }
        for (index, count) in tally(views.productCategory).enumerated() where count > 0 {
            result[views.segment.dictionary[index % segments], default: Preferences()]
                .productCategories[views.productCategory.dictionary[index / segments]] = count
        }
        for row in 0..<views.count {
            guard let product = views.product[row], let segment = views.segment[row] else { continue }
            result[segment, default: Preferences()].products[product, default: 0] += ProductInterest.contribution(
                timeOnPage: views.timeOnPage[row], action: views.interestAction[row], day: views.day[row], endDay: endDay)
        }
        return result
    }

    /// The preferences of several groups added together.
    static func merged(_ parts: some Sequence<Preferences>) -> Preferences {
        var total = Preferences()
        for part in parts {
            total.content.merge(part.content, uniquingKeysWith: +)
            total.productCategories.merge(part.productCategories, uniquingKeysWith: +)
            total.products.merge(part.products, uniquingKeysWith: +)
            total.pathPrefixes.merge(part.pathPrefixes, uniquingKeysWith: +)
        }
        return total
    }

    /// The columns of the page views that preferences read.
    static let pageViewColumns: Set<String> = ["segment", "content", "product_category", "product", "time_on_page_s", "interest_action"]
}
