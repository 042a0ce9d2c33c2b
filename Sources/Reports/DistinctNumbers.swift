import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore

/// Distinct non-negative numbers, counted with a bit set.
struct DistinctNumbers: Sendable {
    private var words: [UInt64] = []
    private(set) var count = 0

    mutating func insert(_ number: Int32) {
        let index = Int(number) >> 6
        if index >= words.count { words.append(contentsOf: repeatElement(0, count: max(index + 1 - words.count, words.count))) }
        let bit = UInt64(1) << UInt64(number & 63)
        if words[index] & bit == 0 {
            words[index] |= bit
            count += 1
        }
    }

    /// Inserts every non-negative number of `numbers` (one pass, no per-number growth check).
    mutating func insert(contentsOf numbers: [Int32]) {
        guard let largest = numbers.max(), largest >= 0 else { return }
        let needed = Int(largest) >> 6 + 1
        if needed > words.count { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
        var added = 0
        words.withUnsafeMutableBufferPointer { words in
            for number in numbers where number >= 0 {
                let index = Int(number) >> 6
                let bit = UInt64(1) << UInt64(number & 63)
                added += words[index] & bit == 0 ? 1 : 0
                words[index] |= bit
            }
        }
        count += added
    }

    /// Whether `number` is in the set.
    func contains(_ number: Int32) -> Bool {
        let index = Int(number) >> 6
        return number >= 0 && index < words.count && words[index] & (UInt64(1) << UInt64(number & 63)) != 0
    }

    /// Adds the numbers of `other`.
    mutating func formUnion(_ other: DistinctNumbers) {
        if other.words.count > words.count { words.append(contentsOf: repeatElement(0, count: other.words.count - words.count)) }
        for index in other.words.indices { words[index] |= other.words[index] }
        count = words.reduce(0) { $0 + $1.nonzeroBitCount }
    }
}

/// What the unfiltered overview counts over the visits of a range, read on every core: distinct
/// visitors (`visitor_no`), distinct members who logged in (`member_no` of logged-in visits), and the
/// latter per day.
struct DistinctVisitorsAndMembers: Sendable {
    var visitors = DistinctNumbers()
    var members = DistinctNumbers()
    var membersByDay: [SiteDay: Int] = [:]

    static func load(from store: Store, days: [SiteDay]) throws -> DistinctVisitorsAndMembers {
        return try DayParallelLoad.loadFiles(.visits, of: store, days: days, empty: DistinctVisitorsAndMembers()) { distinct, day, reader in
            var visitors: [Int32] = [], members: [Int32] = [], loggedIn: [Bool] = []
            try reader.readColumn("visitor_no", appendingTo: &visitors)
            try reader.readColumn("member_no", appendingTo: &members, nullsAs: -1)
            try reader.readColumn("logged_in", appendingTo: &loggedIn)
            distinct.visitors.insert(contentsOf: visitors)
            var ofDay = DistinctNumbers()
            ofDay.insert(contentsOf: members.indices.filter { loggedIn[$0] }.map { members[$0] })
            distinct.membersByDay[day] = ofDay.count
            distinct.members.formUnion(ofDay)
        } join: { distinct, part in
            distinct.visitors.formUnion(part.visitors)
            distinct.members.formUnion(part.members)
            distinct.membersByDay.merge(part.membersByDay) { $0 + $1 }
        }
    }
}
