import Foundation
import LogAnalytics
import ParquetStore

/// A visit made ready for the day writers: the visit and its numbers.
struct NumberedVisit: Sendable {
    var completed: CompletedVisit
    var visitorNumber: Int32
    var memberNumber: Int32?
}

/// The ingest's work on each visit before it is written, done on the sessionising thread: visitor and
/// member numbers (given in the order visits complete) and the day's rollups (`daily_visits`,
/// `daily_items`), written when the run ends. The visits then go to ``DayWriters`` on the writing
/// thread, which makes their rows, so that the two threads share the work. Used by that one thread:
/// its hot properties skip dynamic exclusivity checks.
final class DayRollups {
    @exclusivity(unchecked) private var rollups: [SiteDay: (visits: DailyVisitRollup, items: DailyItemRollup, interest: MemberInterestRollup)] = [:]
    /// The codes of the rollups' names, shared by every day.
    private let names = StringCodes()
    /// The rollups of the day of the last visit added.
    @exclusivity(unchecked) private var lastDay: (day: SiteDay, visits: DailyVisitRollup, items: DailyItemRollup, interest: MemberInterestRollup)?
    /// The visitor numbers: the store's, plus those given to keys first met in this run.
    @exclusivity(unchecked) private(set) var numbers: VisitorNumbers
    /// The member numbers: the store's, plus those given to member ids first met in this run.
    @exclusivity(unchecked) private(set) var memberNumbers: MemberNumbers

    init(numbers: VisitorNumbers, memberNumbers: MemberNumbers) {
        self.numbers = numbers
        self.memberNumbers = memberNumbers
    }

    /// The days that have visits.
    var days: [SiteDay] { Array(rollups.keys) }

    /// Numbers `completed` and adds it to its day's rollups.
    func add(_ completed: CompletedVisit) -> NumberedVisit {
        let prepared = NumberedVisit(
            completed: completed, visitorNumber: numbers.number(for: completed.visitorKey, runNumber: completed.visitorNumber),
            memberNumber: completed.memberId.map { memberNumbers.number(for: $0) })
        // The day's rollups (classes): looked up once per visit, and not at all while the day stays the same.
        if completed.day != lastDay?.day {
            if rollups[completed.day] == nil {
                rollups[completed.day] = (DailyVisitRollup(), DailyItemRollup(names: names), MemberInterestRollup(names: names))
                // Days two or more before a new one get few late visits: their direct tables are freed, so
                // that a run over many days holds one or two of them.
                for (day, rollup) in rollups where day.daysSinceEpoch < completed.day.daysSinceEpoch - 1 { rollup.items.compact() }
            }
            lastDay = (completed.day, rollups[completed.day]!.visits, rollups[completed.day]!.items, rollups[completed.day]!.interest)
        }
        lastDay!.visits.add(completed, visitorNumber: prepared.visitorNumber)
        lastDay!.items.add(completed, member: prepared.memberNumber, interest: prepared.memberNumber == nil ? nil : lastDay!.interest)
        return prepared
    }

    /// Writes the rollup files of `days` into the version folder `folder` (empty ones for days without visits).
    func write(days: [SiteDay], to folder: String) throws(StoreError) {
        for day in days {
            let rollup = rollups[day] ?? (DailyVisitRollup(), DailyItemRollup(names: names), MemberInterestRollup(names: names))
            for (table, rowGroups) in [(StoreTable.dailyVisits, [rollup.visits.columns]), (.dailyItems, rollup.items.rowGroups), (.memberInterest, rollup.interest.isEmpty ? [] : [rollup.interest.columns])] {
                let path = Store.file(table, day: day.description, in: folder)
                do {
                    try StoreFileSystem.makeDirectory((path as NSString).deletingLastPathComponent)
                    let writer = try ParquetFileWriter(path: path, schema: table.schema, options: StoreTable.writerOptions)
                    for columns in rowGroups {
                        try writer.append(columns)
                        try writer.flush()
                    }
                    _ = try writer.close()
                } catch {
                    throw DayWriters.storeError(error, path: path)
                }
            }
        }
    }
}
