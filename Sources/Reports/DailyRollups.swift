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
        let folder = try store.requirePublishedFolder()
        var rows: [VisitFigures] = []
        for day in days {
            let path = "\(folder)/daily_visits/day=\(day)/part-0.parquet"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try ParquetFileReader(path: path)
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
    struct Items {
        var day: [SiteDay] = []
        var kind = ParquetStringCodes()
        var segment = ParquetStringCodes()
        var name = ParquetStringCodes()
        var count: [Int64] = []
        var weight: [Double] = []
    }

    static func items(from store: Store, days: [SiteDay]) throws -> Items {
        let folder = try store.requirePublishedFolder()
        var items = Items()
        for day in days {
            let path = "\(folder)/daily_items/day=\(day)/part-0.parquet"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try ParquetFileReader(path: path)
            try reader.readColumn("kind", codingInto: &items.kind)
            try reader.readColumn("segment", codingInto: &items.segment)
            try reader.readColumn("name", codingInto: &items.name)
            guard case .int64(let counts) = try reader.readColumn("count"), case .double(let weights) = try reader.readColumn("weight") else {
                throw StoreError(path: path, message: "unexpected column types", hint: "The store may be from another footfall version")
            }
            items.count.append(contentsOf: counts.lazy.map { $0 ?? 0 })
            items.weight.append(contentsOf: weights.lazy.map { $0 ?? 0 })
            items.day.append(contentsOf: repeatElement(day, count: counts.count))
        }
        return items
    }
}
