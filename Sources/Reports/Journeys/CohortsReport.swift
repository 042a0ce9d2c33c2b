import Foundation
public import FootfallStore
public import LogAnalytics
import ParquetStore

/// `cohorts --by week|month [--goal G] [--periods N]` (SPEC §14): the visitor keys whose first visit ever falls in the
/// range, grouped by the week (Monday–Sunday) or month of that visit, and for each later period how many of them came
/// back (or, with a goal, reached it).
public struct CohortsReport: Sendable {
    /// How cohorts are grouped.
    public enum Period: String, Sendable, CaseIterable {
        case week, month

        /// The period holding `day`, as a number that grows by one per period.
        func index(of day: SiteDay) -> Int {
            switch self {
            case .week:
                // 1970-01-01 was a Thursday: three days after a Monday.
                let days = Int(day.daysSinceEpoch) + 3
                return days >= 0 ? days / 7 : (days - 6) / 7
            case .month:
                let (year, month, _) = day.components
                return year * 12 + month - 1
            }
        }

        /// The first day of period `index`.
        func start(of index: Int) -> SiteDay {
            switch self {
            case .week:
                return SiteDay(daysSinceEpoch: Int32(index * 7 - 3))
            case .month:
                let year = index >= 0 ? index / 12 : (index - 11) / 12
                let month = index - year * 12 + 1
                return SiteDay(Padded.digits(year, 4) + "-" + Padded.digits(month, 2) + "-01")!
            }
        }
    }

    public struct Cohort: Sendable, Equatable {
        /// The first day of the cohort's period (it may lie before `--from`).
        public var start: SiteDay
        public var size: Int
        /// Keys with a visit (reaching the goal) in each period from the cohort's own; `nil` for a period that starts
        /// after the store's last day.
        public var counts: [Int?]

        public var shares: [Double?] { counts.map { count in count.map { size > 0 ? Double($0) / Double(size) : 0 } } }
    }

    public var query: ReportQuery
    public var by: Period
    public var goal: String?
    public var periods: Int
    /// In order of start.
    public var cohorts: [Cohort]

    public static func make(
        store: Store, storeDays: ClosedRange<SiteDay>, query: ReportQuery, by: Period, goal: String?, periods: Int
    ) throws -> CohortsReport {
        let periods = min(max(periods, 1), 64)
        // Every day from the store's first (a first visit ever) to the end of the last cohort's last period.
        let lastDay = min(storeDays.upperBound, by.start(of: by.index(of: query.to) + periods).adding(days: -1))
        var columns: Set<String> = ["visitor_no", "start"]
        if goal != nil { columns.insert("goals") }
        if query.filtersVisits { columns.formUnion(VisitColumns.filterColumns) }
        let visits = try VisitColumns.load(from: store, query: ReportQuery(from: storeDays.lowerBound, to: lastDay), columns: columns)
        // Each key's first visit: its earliest start on the first day it appears.
        let keys = Int(visits.visitorNumber.max() ?? -1) + 1
        var firstRow = [Int32](repeating: -1, count: keys)
        for row in 0..<visits.count {
            let key = Int(visits.visitorNumber[row])
            let known = firstRow[key]
            if known < 0 || (visits.day[Int(known)] == visits.day[row] && visits.start[row] < visits.start[Int(known)]) { firstRow[key] = Int32(row) }
        }
        // The cohort (period index) of each key whose first visit is in the range and passes the filters.
        let endYear = query.to.components.year
        var cohortOf = [Int](repeating: Int.min, count: keys)
        var sizes: [Int: Int] = [:]
        for key in 0..<keys where firstRow[key] >= 0 {
            let row = Int(firstRow[key])
            let day = visits.day[row]
            guard day >= query.from, day <= query.to, !query.filtersVisits || visits.passes(row, query, endYear: endYear) else { continue }
            cohortOf[key] = by.index(of: day)
            sizes[cohortOf[key], default: 0] += 1
        }
        // The periods each cohort key had a visit (reaching the goal) in, as bits from its cohort's period.
        let reaches = goal.map { goal in visits.goalsJSON.decodedDictionary { JSONText.stringArray($0).contains(goal) } }
        var seen = [UInt64](repeating: 0, count: keys)
        var periodOfDay: [SiteDay: Int] = [:]
        for row in 0..<visits.count {
            let key = Int(visits.visitorNumber[row])
            let cohort = cohortOf[key]
            guard cohort != Int.min else { continue }
            if let reaches {
                let code = visits.goalsJSON.codes[row]
                guard code >= 0, reaches[Int(code)] else { continue }
            }
            let day = visits.day[row]
            let period: Int
            if let known = periodOfDay[day] { period = known } else {
                period = by.index(of: day)
                periodOfDay[day] = period
            }
            let offset = period - cohort
            if offset >= 0, offset < periods { seen[key] |= 1 << UInt64(offset) }
        }
        var counts: [Int: [Int]] = [:]
        for key in 0..<keys where cohortOf[key] != Int.min && seen[key] != 0 {
            var bits = seen[key]
            while bits != 0 {
                let offset = bits.trailingZeroBitCount
                counts[cohortOf[key], default: Array(repeating: 0, count: periods)][offset] += 1
                bits &= bits - 1
            }
        }
        let cohorts = sizes.keys.sorted().map { cohort in
            Cohort(
                start: by.start(of: cohort), size: sizes[cohort] ?? 0,
                counts: (0..<periods).map { offset in
                    by.start(of: cohort + offset) > storeDays.upperBound ? nil : counts[cohort]?[offset] ?? 0
                })
        }
        return CohortsReport(query: query, by: by, goal: goal, periods: periods, cohorts: cohorts)
    }

    public var jsonValue: JSONValue {
        .object([
            ("report", .string("cohorts")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("by", .string(by.rawValue)), ("goal", goal.map(JSONValue.string) ?? .null), ("periods", .int(periods)),
            ("cohorts", .array(cohorts.map { cohort in
                .object([
                    ("start", .string(cohort.start.description)), ("size", .int(cohort.size)),
                    ("counts", .array(cohort.counts.map { $0.map(JSONValue.int) ?? .null })),
                    ("shares", .array(cohort.shares.map { $0.map(JSONValue.double) ?? .null })),
                ])
            })),
        ])
    }
}
