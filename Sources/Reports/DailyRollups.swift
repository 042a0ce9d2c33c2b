import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore

/// Readers of the store's daily rollups (`daily_visits`, `daily_items`; docs/STORE.md), which the
/// reports use when no visit filter asks for the visits themselves.
enum DailyRollups {
    /// One `daily_visits` row.
    struct VisitFigures {
        var day: SiteDay
        var segment: String?
        var channel: String?
        var device: String?
        var visits = 0
        var visitors = 0
        var pageViews = 0
        var firstTimeVisits = 0
        var logins = 0
        var bounces = 0
        var durationSeconds: Int64 = 0
    }

    static func visitFigures(from store: Store, days: [SiteDay]) throws -> [VisitFigures] {
        _ = try store.requirePublishedFolder()
        var rows: [VisitFigures] = []
        for day in days {
            guard let reader = try store.openDayFile(.dailyVisits, day: day.description) else { continue }
            let path = reader.path
            var segment = ParquetStringCodes(), channel = ParquetStringCodes(), device = ParquetStringCodes()
            try reader.readColumn("segment", codingInto: &segment)
            try reader.readColumn("channel", codingInto: &channel)
            try reader.readColumn("device", codingInto: &device)
            var numbers: [[Int64]] = []
            for name in ["visits", "visitors", "page_views", "first_time_visits", "logins", "bounces", "duration_s_sum"] {
                guard case .int64(let values) = try reader.readColumn(name) else {
                    throw StoreError(path: path, message: "column \(name) is not int64", hint: "The store may be from another footfall version")
                }
                numbers.append(values.map { $0 ?? 0 })
            }
            for row in 0..<segment.count {
                rows.append(VisitFigures(
                    day: day, segment: segment[row], channel: channel[row], device: device[row], visits: Int(numbers[0][row]),
                    visitors: Int(numbers[1][row]), pageViews: Int(numbers[2][row]), firstTimeVisits: Int(numbers[3][row]),
                    logins: Int(numbers[4][row]), bounces: Int(numbers[5][row]), durationSeconds: numbers[6][row]))
            }
        }
        return rows
    }

    /// `daily_items` rows of some kinds over days, names coded.
    struct Items: Sendable {
        var day: [SiteDay] = []
        var kind = ParquetStringCodes()
        var segment = ParquetStringCodes()
        var name = ParquetStringCodes()
        var count: [Int64] = []
        var weight: [Double] = []

        mutating func append(contentsOf other: Items) {
            day.append(contentsOf: other.day)
            kind.append(contentsOf: other.kind)
            segment.append(contentsOf: other.segment)
            name.append(contentsOf: other.name)
            count.append(contentsOf: other.count)
            weight.append(contentsOf: other.weight)
        }
    }

    /// The `daily_items` rows of `kinds` over `days`. The store writes each kind as a row group of its
    /// own; row groups whose `kind` statistics rule out every wanted kind are not read.
    static func items(from store: Store, days: [SiteDay], kinds: Set<String>) throws -> Items {
        _ = try store.requirePublishedFolder()
        return try DayParallelLoad.load(days: days, empty: Items()) { items, day in
            guard let reader = try store.openDayFile(.dailyItems, day: day.description) else { return }
            let groups = reader.rowGroups.indices.filter { group in
                guard let statistics = reader.rowGroups[group].column("kind")?.statistics,
                    case .string(let low) = statistics.min, case .string(let high) = statistics.max
                else { return true }
                return kinds.contains { low <= $0 && $0 <= high }
            }
            guard !groups.isEmpty else { return }
            let start = items.count.count
            try reader.readColumn("kind", rowGroups: groups, codingInto: &items.kind)
            try reader.readColumn("segment", rowGroups: groups, codingInto: &items.segment)
            try reader.readColumn("name", rowGroups: groups, codingInto: &items.name)
            try reader.readColumn("count", rowGroups: groups, appendingTo: &items.count)
            try reader.readColumn("weight", rowGroups: groups, appendingTo: &items.weight)
            items.day.append(contentsOf: repeatElement(day, count: items.count.count - start))
        } join: { items, part in
            items.append(contentsOf: part)
        }
    }
}
