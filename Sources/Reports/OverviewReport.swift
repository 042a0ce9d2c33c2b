import Foundation
public import FootfallStore
public import LogAnalytics
import ParquetStore
import LogIngest

/// The `overview` report (사이트 현황, SPEC §8, §10, §12.15–17): hits, page views, visits, visitors,
/// first-time visitors, logins and their ratios, for the range and for each day; visits per device.
public struct OverviewReport: Sendable {
    /// One set of figures (the range's totals, or one day's).
    public struct Figures: Sendable, Equatable {
        /// `nil` under a visit filter (SPEC §12.15).
        public var hits: Int?
        public var botHits: Int?
        public var pageViews = 0
        public var visits = 0
        public var visitors = 0
        public var firstTimeVisitors = 0
        public var logins = 0
        public var loginsPerDay = 0.0
        public var loginsPerMember = 0.0
        public var pagesPerVisit = 0.0
        public var averageVisitDurationSeconds = 0.0
        public var bounceRate = 0.0
    }

    public var query: ReportQuery
    public var totals: Figures
    /// Every day of the range, empty days too.
    public var daily: [(day: SiteDay, figures: Figures)]
    /// Visits per device class (all three listed).
    public var devices: [String: Int]

    /// Computes the report from the store.
    public static func make(store: Store, query: ReportQuery) throws -> OverviewReport {
        let visits = try VisitColumns.load(
            from: store, query: query,
            columns: ["visitor_key", "member_id", "logged_in", "first_visit", "page_views", "duration_s", "bounce", "device"])
        let hits = query.filtersVisits ? [:] : try DailyHitsTable.load(from: store, days: query.days)
        var byDay: [SiteDay: [Int]] = [:]
        for row in 0..<visits.count { byDay[visits.day[row], default: []].append(row) }
        let days = query.days
        let daily = days.map { day in
            (day, figures(Array(byDay[day] ?? []), visits, hits: query.filtersVisits ? nil : hits[day], calendarDays: 1))
        }
        var totalHits: (Int, Int)? = nil
        if !query.filtersVisits {
            totalHits = days.reduce((0, 0)) { ($0.0 + (hits[$1]?.0 ?? 0), $0.1 + (hits[$1]?.1 ?? 0)) }
        }
        let totals = figures(Array(0..<visits.count), visits, hits: totalHits, calendarDays: max(days.count, 1))
        var devices = Dictionary(uniqueKeysWithValues: DeviceClass.allCases.map { ($0.rawValue, 0) })
        for device in visits.device { devices[device, default: 0] += 1 }
        return OverviewReport(query: query, totals: totals, daily: daily, devices: devices)
    }

    static func figures(_ rows: [Int], _ visits: VisitColumns, hits: (Int, Int)?, calendarDays: Int) -> Figures {
        var figures = Figures()
        figures.hits = hits?.0
        figures.botHits = hits?.1
        var visitors = Set<String>()
        var members = Set<String>()
        var duration: Int64 = 0
        var bounces = 0
        for row in rows {
            figures.visits += 1
            figures.pageViews += visits.pageViews[row]
            visitors.insert(visits.visitorKey[row])
            if visits.firstVisit[row] { figures.firstTimeVisitors += 1 }
            if visits.loggedIn[row] {
                figures.logins += 1
                if let member = visits.memberId[row] { members.insert(member) }
            }
            duration += visits.durationSeconds[row]
            if visits.bounce[row] { bounces += 1 }
        }
        figures.visitors = visitors.count
        figures.loginsPerDay = ratio(figures.logins, calendarDays)
        figures.loginsPerMember = ratio(figures.logins, members.count)
        figures.pagesPerVisit = ratio(figures.pageViews, figures.visits)
        figures.averageVisitDurationSeconds = figures.visits == 0 ? 0 : Double(duration) / Double(figures.visits)
        figures.bounceRate = ratio(bounces, figures.visits)
        return figures
    }

    /// SPEC §12.17: a ratio with a zero denominator is 0.0.
    static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }
}

/// The `daily_hits` table of a range: one reader for every report that counts hits.
enum DailyHitsTable {
    /// One row: a day's count of a kind (`hits`, `bot_hits`, `status`, `email_open`, `bot_agent`) and key.
    struct Row {
        var day: SiteDay
        var kind: String
        var key: String?
        var count: Int
    }

    static func rows(from store: Store, days: [SiteDay]) throws -> [Row] {
        let folder = try store.requirePublishedFolder()
        var rows: [Row] = []
        for day in days {
            let path = "\(folder)/daily_hits/day=\(day)/part-0.parquet"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try ParquetFileReader(path: path)
            guard case .string(let kinds) = try reader.readColumn("kind"), case .string(let keys) = try reader.readColumn("key"),
                case .int64(let counts) = try reader.readColumn("count")
            else { throw StoreError(path: path, message: "unexpected column types") }
            for index in kinds.indices {
                rows.append(Row(day: day, kind: kinds[index] ?? "", key: keys[index], count: Int(counts[index] ?? 0)))
            }
        }
        return rows
    }

    /// Hits and bot hits per day.
    static func load(from store: Store, days: [SiteDay]) throws -> [SiteDay: (Int, Int)] {
        var result: [SiteDay: (Int, Int)] = [:]
        for row in try rows(from: store, days: days) where row.kind == "hits" || row.kind == "bot_hits" {
            var entry = result[row.day] ?? (0, 0)
            if row.kind == "hits" { entry.0 += row.count } else { entry.1 += row.count }
            result[row.day] = entry
        }
        return result
    }
}

extension Store {
    /// The published version's folder, or an error saying to ingest first.
    func requirePublishedFolder() throws(StoreError) -> String {
        guard let folder = currentVersionFolder else {
            throw StoreError(path: root, message: "not a footfall store (no published version)", hint: "Run footfall ingest first")
        }
        return folder
    }
}
