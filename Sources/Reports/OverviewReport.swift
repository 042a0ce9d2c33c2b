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

    /// Computes the report from the store: from the daily rollups and the visitor numbers when no visit
    /// filter is set, from the visits otherwise.
    public static func make(store: Store, query: ReportQuery) throws -> OverviewReport {
        query.filtersVisits ? try fromVisits(store: store, query: query) : try fromRollups(store: store, query: query)
    }

    /// The unfiltered report: `daily_visits` for each day's figures and the devices, the visits'
    /// `visitor_no` for distinct visitors over the range and `member_no` for the members who logged in.
    static func fromRollups(store: Store, query: ReportQuery) throws -> OverviewReport {
        let days = query.days
        let hits = try DailyHitsTable.load(from: store, days: days)
        var byDay: [SiteDay: Figures] = [:]
        var totals = Figures()
        var devices = Dictionary(uniqueKeysWithValues: DeviceClass.allCases.map { ($0.rawValue, 0) })
        var durations: [SiteDay: Int64] = [:]
        var bounces: [SiteDay: Int] = [:]
        for row in try DailyRollups.visitFigures(from: store, days: days) {
            if row.segment == nil, row.channel == nil, row.device == nil {
                var figures = Figures()
                figures.visits = row.visits
                figures.visitors = row.visitors
                figures.pageViews = row.pageViews
                figures.firstTimeVisitors = row.firstTimeVisits
                figures.logins = row.logins
                byDay[row.day] = figures
                durations[row.day] = row.durationSeconds
                bounces[row.day] = row.bounces
            } else if let device = row.device {
                devices[device, default: 0] += row.visits
            }
        }
        // Distinct visitors over the range; members who logged in, per day and over the range.
        let distinct = try DistinctVisitorsAndMembers.load(from: store, days: days)
        let distinctByDay = distinct.membersByDay

        var duration: Int64 = 0
        var bounceCount = 0
        let daily = days.map { day -> (SiteDay, Figures) in
            var figures = byDay[day] ?? Figures()
            figures.hits = hits[day]?.0 ?? 0
            figures.botHits = hits[day]?.1 ?? 0
            totals.visits += figures.visits
            totals.pageViews += figures.pageViews
            totals.firstTimeVisitors += figures.firstTimeVisitors
            totals.logins += figures.logins
            duration += durations[day] ?? 0
            bounceCount += bounces[day] ?? 0
            finish(&figures, members: distinctByDay[day] ?? 0, duration: durations[day] ?? 0, bounces: bounces[day] ?? 0, calendarDays: 1)
            return (day, figures)
        }
        totals.hits = days.reduce(0) { $0 + (hits[$1]?.0 ?? 0) }
        totals.botHits = days.reduce(0) { $0 + (hits[$1]?.1 ?? 0) }
        totals.visitors = distinct.visitors.count
        finish(&totals, members: distinct.members.count, duration: duration, bounces: bounceCount, calendarDays: max(days.count, 1))
        return OverviewReport(query: query, totals: totals, daily: daily, devices: devices)
    }

    /// The report under a visit filter, from the visits that pass it.
    static func fromVisits(store: Store, query: ReportQuery) throws -> OverviewReport {
        let visits = try VisitColumns.load(
            from: store, query: query,
            columns: ["visitor_no", "member_id", "logged_in", "first_visit", "page_views", "duration_s", "bounce", "device"])
        var ranges: [SiteDay: Range<Int>] = [:]
        var start = 0
        while start < visits.count {
            var end = start
            while end < visits.count, visits.day[end] == visits.day[start] { end += 1 }
            ranges[visits.day[start]] = start..<end
            start = end
        }
        let days = query.days
        let daily = days.map { day in (day, figures(ranges[day] ?? 0..<0, visits, calendarDays: 1)) }
        let totals = figures(0..<visits.count, visits, calendarDays: max(days.count, 1))
        var devices = Dictionary(uniqueKeysWithValues: DeviceClass.allCases.map { ($0.rawValue, 0) })
        for (code, count) in visits.device.tallies().enumerated() { devices[visits.device.dictionary[code], default: 0] += count }
        return OverviewReport(query: query, totals: totals, daily: daily, devices: devices)
    }

    static func figures(_ rows: Range<Int>, _ visits: VisitColumns, calendarDays: Int) -> Figures {
        var figures = Figures()
        var visitors = DistinctNumbers()
        var members = Set<Int32>()
        var duration: Int64 = 0
        var bounces = 0
        for row in rows {
            figures.visits += 1
            figures.pageViews += Int(visits.pageViews[row])
            visitors.insert(visits.visitorNumber[row])
            if visits.firstVisit[row] { figures.firstTimeVisitors += 1 }
            if visits.loggedIn[row] {
                figures.logins += 1
                let member = visits.memberId.codes[row]
                if member >= 0 { members.insert(member) }
            }
            duration += visits.durationSeconds[row]
            if visits.bounce[row] { bounces += 1 }
        }
        figures.visitors = visitors.count
        finish(&figures, members: members.count, duration: duration, bounces: bounces, calendarDays: calendarDays)
        return figures
    }

    /// Fills the ratios from the counts.
    static func finish(_ figures: inout Figures, members: Int, duration: Int64, bounces: Int, calendarDays: Int) {
        figures.loginsPerDay = ratio(figures.logins, calendarDays)
        figures.loginsPerMember = ratio(figures.logins, members)
        figures.pagesPerVisit = ratio(figures.pageViews, figures.visits)
        figures.averageVisitDurationSeconds = figures.visits == 0 ? 0 : Double(duration) / Double(figures.visits)
        figures.bounceRate = ratio(bounces, figures.visits)
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

    /// The rows of `kinds` (all kinds when `nil`). The table also holds one `email_opener` row per campaign and
    /// opener a day (SPEC §12.20), thousands on a big day: only the `kind` column is read whole; `key` and
    /// `count` only on the pages holding a wanted row.
    /// `withKeys: false` skips the `key` column (its opener keys are most of the table's bytes).
    static func rows(from store: Store, days: [SiteDay], kinds wanted: Set<String>? = nil, withKeys: Bool = true) throws -> [Row] {
        _ = try store.requirePublishedFolder()
        var rows: [Row] = []
        for day in days {
            guard let reader = try store.openDayFile(.dailyHits, day: day.description) else { continue }
            var kinds = ParquetStringCodes()
            try reader.readColumn("kind", codingInto: &kinds)
            let wantedCode = kinds.dictionary.map { wanted?.contains($0) ?? true }
            var ranges: [Range<Int>] = []
            for (row, code) in kinds.codes.enumerated() where code >= 0 && wantedCode[Int(code)] {
                if let last = ranges.last, last.upperBound == row { ranges[ranges.count - 1] = last.lowerBound..<(row + 1) } else { ranges.append(row..<(row + 1)) }
            }
            guard !ranges.isEmpty else { continue }
            let selection = wanted == nil ? nil : ParquetRowSelection(ranges)
            var keys = ParquetStringCodes(), counts: [Int64] = []
            if withKeys { try reader.readColumn("key", codingInto: &keys, rows: selection) }
            try reader.readColumn("count", appendingTo: &counts, nullsAs: 0, rows: selection)
            for range in ranges {
                for row in range {
                    rows.append(Row(day: day, kind: kinds.dictionary[Int(kinds.codes[row])], key: withKeys ? keys[row] : nil, count: Int(counts[row])))
                }
            }
        }
        return rows
    }

    /// Hits and bot hits per day.
    static func load(from store: Store, days: [SiteDay]) throws -> [SiteDay: (Int, Int)] {
        var result: [SiteDay: (Int, Int)] = [:]
        for row in try rows(from: store, days: days, kinds: ["hits", "bot_hits"], withKeys: false) {
            var entry = result[row.day] ?? (0, 0)
            if row.kind == "hits" { entry.0 += row.count } else { entry.1 += row.count }
            result[row.day] = entry
        }
        return result
    }
}

extension Store {
    /// The version's manifest, or an error saying to ingest first (or to migrate a store of the old layout); an
    /// error too when the version was written with another schema (its rollups would not hold what the reports
    /// read).
    @discardableResult
    func requirePublishedFolder() throws(StoreError) -> StoreManifest {
        guard let manifest = try manifest() else {
            throw StoreError(path: root, message: "not a footfall store (no version)", hint: "Run footfall ingest first")
        }
        guard manifest.schemaVersion == StoreTable.schemaVersion else {
            throw StoreError(
                path: root, message: "the store was written with schema version \(manifest.schemaVersion); this footfall reads version \(StoreTable.schemaVersion)",
                hint: "Ingest the logs again into a new store with this footfall")
        }
        return manifest
    }
}
