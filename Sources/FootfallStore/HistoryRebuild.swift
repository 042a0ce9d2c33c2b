import Foundation
import LogAnalytics
import ParquetStore

/// The visitor history and member numbers of a store as they stood before a day, for an ingest that
/// replaces or adds that day while the store holds later days (`footfall ingest --rebuild-from DAY`, issue
/// 18.4). The days from DAY on are then written afresh from their logs, so that every history-dependent
/// field of theirs (first visit, recognised member, segment, visitor and member numbers) is what an ingest
/// of the days in order gives.
///
/// The stored history keeps, per key, its first and last day and its last two member links; the links and
/// the last day of a key seen on or after DAY are recomputed from the stored visits before DAY (a
/// logged-in visit links the key to its member id). Keys and member ids first met on or after DAY are
/// dropped, so that the run numbers them again in order of appearance.
struct HistoryRebuild {
    /// What the stored visits before the day say of one visitor number.
    struct VisitorFacts {
        var lastDay: SiteDay
        /// Member links in time order: member id, day, start.
        var links: [(member: String, day: SiteDay, start: Int64)] = []
    }

    let day: SiteDay
    /// By visitor number, for the keys whose stored facts reach the day.
    var visitors: [Int32: VisitorFacts] = [:]
    /// The member numbers met in the visits before the day.
    var memberNumbers = Set<Int32>()

    /// Reads the visits of `store`'s days before `day` (the columns needed only).
    init(store: Store, manifest: StoreManifest, before day: SiteDay, needing: Set<Int32>) throws {
        self.day = day
        for text in manifest.days.keys.sorted() {
            guard let current = SiteDay(text), current < day, let reader = try store.openDayFile(.visits, day: text) else { continue }
            var numbers: [Int32] = [], members: [Int32] = [], starts: [Int64] = []
            var loggedIn: [Bool] = []
            var memberIds = ParquetStringCodes()
            try reader.readColumn("visitor_no", appendingTo: &numbers)
            try reader.readColumn("member_no", appendingTo: &members, nullsAs: -1)
            for value in members where value >= 0 { memberNumbers.insert(value) }
            guard numbers.contains(where: needing.contains) else { continue }
            try reader.readColumn("logged_in", appendingTo: &loggedIn)
            try reader.readColumn("member_id", codingInto: &memberIds)
            try reader.readColumn("start", appendingTo: &starts)
            for row in numbers.indices where needing.contains(numbers[row]) {
                var facts = visitors[numbers[row]] ?? VisitorFacts(lastDay: current)
                facts.lastDay = current
                if loggedIn[row], let member = memberIds[row] { facts.links.append((member, current, starts[row])) }
                visitors[numbers[row]] = facts
            }
        }
        for key in visitors.keys { visitors[key]!.links.sort { ($0.day, $0.start) < ($1.day, $1.start) } }
    }

    /// The last and previous member links a history entry keeps, from links in time order (as the
    /// sessioniser folds them: the previous link is the last one of an earlier day).
    static func memberLinks(_ links: [(member: String, day: SiteDay, start: Int64)])
        -> (last: (String, SiteDay)?, previous: (String, SiteDay)?)
    {
        var last: (String, SiteDay)?
        var previous: (String, SiteDay)?
        for link in links {
            if let current = last, current.1 < link.day { previous = current }
            last = (link.member, link.day)
        }
        return (last, previous)
    }
}
