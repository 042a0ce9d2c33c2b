import CPrefetch
import Foundation
public import LogAnalytics
import ParquetStore

/// The visitor history of a store version (`history/visitors.parquet`), held as columns with the keys
/// sorted by their UTF-8 bytes: about 60 bytes a key instead of a dictionary of strings and structs, and
/// a key is found by binary search.
///
/// An ingest looks up the keys it meets (``VisitorHistory``), numbers visitors with
/// ``VisitorNumbers``, and writes the next version's history with ``write(merging:numbers:to:)``: a
/// merge of these sorted rows with the run's sorted updates, streamed to the file in slices, so
/// that the whole history is never held twice.
public struct StoredVisitorHistory: VisitorHistory, StoredKeyNumbers {
    public let fingerprintKey: VisitorIdentity.FingerprintKey
    /// The keys, in byte order.
    private var keys = SortedUTF8Keys()
    private var firstSeen: [Int32] = []
    private var lastSeen: [Int32] = []
    private var lastMember = ParquetStringCodes()
    private var lastMemberDay: [Int32] = []
    private var previousMember = ParquetStringCodes()
    private var previousMemberDay: [Int32] = []
    /// Each key's `visitor_no`.
    private(set) var numbers: [Int32] = []

    /// A day that stands for "none" in the day columns.
    private static let noDay = Int32.min

    /// An empty history.
    public init(fingerprintKey: VisitorIdentity.FingerprintKey) {
        self.fingerprintKey = fingerprintKey
    }

    /// The number of keys.
    public var count: Int { keys.count }

    /// Reads a history file written by footfall.
    ///
    /// - Throws: ``StoreError`` naming the file when it does not read.
    init(path: String, fingerprintKey: VisitorIdentity.FingerprintKey) throws(StoreError) {
        try self.init(reader: try StoreFileChecks.open(path, expected: nil), fingerprintKey: fingerprintKey)
    }

    /// Reads a history file written by footfall, opened (and checked) by the caller.
    init(reader: ParquetFileReader, fingerprintKey: VisitorIdentity.FingerprintKey) throws(StoreError) {
        self.fingerprintKey = fingerprintKey
        let path = reader.path
        do {
            for group in reader.rowGroups.indices {  // a row group at a time: the keys' bytes are not held twice
                var values = ParquetByteArrays()
                try reader.readColumn("visitor_key", rowGroups: [group], bytesInto: &values)
                guard keys.append(contentsOf: values) else { throw StoreError(path: path, message: "a null visitor_key in the visitor history") }
            }
            try reader.readColumn("first_seen", appendingTo: &firstSeen)
            try reader.readColumn("last_seen", appendingTo: &lastSeen)
            try reader.readColumn("last_member_id", codingInto: &lastMember)
            try reader.readColumn("last_member_day", appendingTo: &lastMemberDay, nullsAs: Self.noDay)
            try reader.readColumn("previous_member_id", codingInto: &previousMember)
            try reader.readColumn("previous_member_day", appendingTo: &previousMemberDay, nullsAs: Self.noDay)
            try reader.readColumn("visitor_no", appendingTo: &numbers)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, message: "cannot read the visitor history (\(error))", hint: "The store may be damaged; restore it from a backup")
        }
        let rows = keys.count
        guard [firstSeen.count, lastSeen.count, lastMember.count, lastMemberDay.count, previousMember.count, previousMemberDay.count, numbers.count]
            .allSatisfy({ $0 == rows })
        else {
            throw StoreError(path: path, message: "the visitor history's columns differ in length", hint: "The store may be damaged; restore it from a backup")
        }
        if !keys.isSorted { sortByKey() }
    }

    /// The UTF-8 bytes of key `index`.
    private func key(at index: Int) -> ArraySlice<UInt8> { keys.key(at: index) }

    /// Orders rows of an older store, whose history was sorted as Swift strings, by UTF-8 bytes.
    private mutating func sortByKey() {
        let order = keys.sortingOrder()
        keys = keys.reordered(order)
        firstSeen = order.map { firstSeen[$0] }
        lastSeen = order.map { lastSeen[$0] }
        lastMember.codes = order.map { lastMember.codes[$0] }
        lastMemberDay = order.map { lastMemberDay[$0] }
        previousMember.codes = order.map { previousMember.codes[$0] }
        previousMemberDay = order.map { previousMemberDay[$0] }
        numbers = order.map { numbers[$0] }
    }

    /// Byte-wise order of UTF-8 strings: negative, zero or positive.
    static func compare<A: Collection<UInt8>, B: Collection<UInt8>>(_ lhs: A, _ rhs: B) -> Int { SortedUTF8Keys.compare(lhs, rhs) }

    /// The row of `key`, found by binary search.
    func index(of key: String) -> Int? { keys.index(of: key) }

    /// The stored entry of row `index`.
    private func entry(at index: Int) -> VisitorHistoryEntry {
        func day(_ value: Int32) -> SiteDay? { value == Self.noDay ? nil : SiteDay(daysSinceEpoch: value) }
        return VisitorHistoryEntry(
            firstSeen: SiteDay(daysSinceEpoch: firstSeen[index]), lastSeen: SiteDay(daysSinceEpoch: lastSeen[index]),
            lastMemberId: lastMember[index], lastMemberDay: day(lastMemberDay[index]),
            previousMemberId: previousMember[index], previousMemberDay: day(previousMemberDay[index]))
    }

    public func entry(for key: String, before day: SiteDay) -> VisitorHistoryEntry? {
        index(of: key).flatMap { entry(at: $0).asOf(before: day) }
    }

    /// What is stored for `key`, whatever the day.
    public func entry(for key: String) -> VisitorHistoryEntry? { index(of: key).map(entry(at:)) }

    /// The number stored for `key`.
    public func number(for key: String) -> Int32? { index(of: key).map { numbers[$0] } }

    /// The next number to give: one past the largest stored.
    public var nextNumber: Int32 { (numbers.max() ?? -1) + 1 }

    /// The visitor numbers of keys whose stored facts reach `day` (first seen before it, but seen or linked
    /// to a member on or after it): what ``HistoryRebuild`` recomputes from the visits before `day`.
    func numbersReaching(_ day: SiteDay) -> Set<Int32> {
        let value = day.daysSinceEpoch
        var result = Set<Int32>()
        for index in 0..<count where firstSeen[index] < value && (lastSeen[index] >= value || lastMemberDay[index] >= value) {
            result.insert(numbers[index])
        }
        return result
    }

    /// This history as it stood before `rebuild.day`: keys first seen on or after it dropped, the last day
    /// and member links of the others recomputed where the stored ones reach it (``HistoryRebuild``).
    func rebuilt(_ rebuild: HistoryRebuild) -> StoredVisitorHistory {
        var result = StoredVisitorHistory(fingerprintKey: fingerprintKey)
        let day = rebuild.day.daysSinceEpoch
        for index in 0..<count where firstSeen[index] < day {
            result.keys.append(key(at: index))
            result.firstSeen.append(firstSeen[index])
            result.numbers.append(numbers[index])
            if let facts = rebuild.visitors[numbers[index]] {
                let (last, previous) = HistoryRebuild.memberLinks(facts.links)
                result.lastSeen.append(facts.lastDay.daysSinceEpoch)
                result.lastMember.append(last?.0)
                result.lastMemberDay.append(last?.1.daysSinceEpoch ?? Self.noDay)
                result.previousMember.append(previous?.0)
                result.previousMemberDay.append(previous?.1.daysSinceEpoch ?? Self.noDay)
            } else if lastSeen[index] >= day || lastMemberDay[index] >= day {
                // Facts reaching the day but no stored visit before it (a replaced day dropped them): what the
                // entry says as of before the day.
                let known = entry(at: index).asOf(before: rebuild.day)
                result.lastSeen.append(known?.lastSeen.daysSinceEpoch ?? firstSeen[index])
                result.lastMember.append(known?.lastMemberId)
                result.lastMemberDay.append(known?.lastMemberDay?.daysSinceEpoch ?? Self.noDay)
                result.previousMember.append(known?.previousMemberId)
                result.previousMemberDay.append(known?.previousMemberDay?.daysSinceEpoch ?? Self.noDay)
            } else {
                result.lastSeen.append(lastSeen[index])
                result.lastMember.append(lastMember[index])
                result.lastMemberDay.append(lastMemberDay[index])
                result.previousMember.append(previousMember[index])
                result.previousMemberDay.append(previousMemberDay[index])
            }
        }
        return result
    }

    /// Rows written per slice: a row group's, so that the writer takes each slice whole (a smaller slice
    /// was copied into the writer's buffers until a row group filled).
    static let sliceRows = StoreTable.rowGroupRows

    /// Writes the history of the next version to `path`: these rows merged with `updates` (what a run
    /// learnt, see ``VisitorHistoryEntry/merged(with:)``), sorted by key, each key with its number from
    /// `numbers` (given now to keys that have none). Returns the number of keys written.
    func write(merging updates: VisitorHistoryUpdates, numbers: inout VisitorNumbers, to writer: ParquetFileWriter) throws -> Int {
        let order = SortedUTF8Keys.sortingOrder(bytes: updates.keyBytes, ends: updates.keyEnds)
        var slice = HistorySlice()
        var old = 0, new = 0, written = 0
        func flush() throws {
            try writer.append(slice.columns)
            written += slice.numbers.count
            slice = HistorySlice()
        }
        // The updates are read in key order, that is all over their arrays: what the loop reads a few keys
        // ahead is asked for early (a key's end and entry sixteen ahead, its bytes eight ahead), so that
        // the cache misses overlap instead of adding up (they were a fifth of this thread's time).
        try updates.keyBytes.withUnsafeBufferPointer { updateBytes in
            try updates.keyEnds.withUnsafeBufferPointer { keyEnds in
                try updates.entries.withUnsafeBufferPointer { entries in
                    /// The bytes of the update in sorted position `position`.
                    func updateKey(_ position: Int) -> UnsafeBufferPointer<UInt8> {
                        let index = order[position]
                        return UnsafeBufferPointer(rebasing: updateBytes[(index == 0 ? 0 : keyEnds[index - 1])..<keyEnds[index]])
                    }
                    func prefetch(ahead position: Int) {
                        guard let ends = keyEnds.baseAddress, let rows = entries.baseAddress, let bytes = updateBytes.baseAddress
                        else { return }
                        if position + 16 < order.count {
                            let index = order[position + 16]
                            footfall_prefetch(ends + max(index - 1, 0))
                            footfall_prefetch(rows + index)
                        }
                        if position + 8 < order.count {
                            let index = order[position + 8]
                            footfall_prefetch(bytes + (index == 0 ? 0 : keyEnds[index - 1]))
                        }
                    }
                    while old < count || new < order.count {
                        prefetch(ahead: new)
                        let comparison = old == count ? 1 : new == order.count ? -1 : Self.compare(key(at: old), updateKey(new))
                        if comparison < 0 {
                            key(at: old).withUnsafeBufferPointer { slice.add($0, entry(at: old), self.numbers[old]) }
                            old += 1
                        } else if comparison > 0 {
                            let index = order[new]
                            let key = updateKey(new)
                            let number = numbers.number(forRunNumber: updates.visitorNumbers[index]) ?? numbers.number(for: String(decoding: key, as: UTF8.self))
                            slice.add(key, entries[index], number)
                            new += 1
                        } else {
                            slice.add(updateKey(new), entry(at: old).merged(with: entries[order[new]]), self.numbers[old])
                            old += 1
                            new += 1
                        }
                        if slice.numbers.count >= Self.sliceRows { try flush() }
                    }
                }
            }
        }
        if !slice.numbers.isEmpty { try flush() }
        return written
    }
}

/// Rows of the history file being written, as columns; the keys as one buffer of bytes.
private struct HistorySlice {
    var keys = ParquetByteArrays()
    var firstSeen: [Int32?] = []
    var lastSeen: [Int32?] = []
    var lastMember: [String?] = []
    var lastMemberDay: [Int32?] = []
    var previousMember: [String?] = []
    var previousMemberDay: [Int32?] = []
    var numbers: [Int32?] = []

    mutating func add(_ key: UnsafeBufferPointer<UInt8>, _ entry: VisitorHistoryEntry, _ number: Int32) {
        keys.append(key)
        firstSeen.append(entry.firstSeen.daysSinceEpoch)
        lastSeen.append(entry.lastSeen.daysSinceEpoch)
        lastMember.append(entry.lastMemberId)
        lastMemberDay.append(entry.lastMemberDay?.daysSinceEpoch)
        previousMember.append(entry.previousMemberId)
        previousMemberDay.append(entry.previousMemberDay?.daysSinceEpoch)
        numbers.append(number)
    }

    /// In the order of `StoreSchemas.history`.
    var columns: [ParquetColumnValues] {
        [.byteArrays(keys), .int32(firstSeen), .int32(lastSeen), .string(lastMember), .int32(lastMemberDay), .string(previousMember),
         .int32(previousMemberDay), .int32(numbers)]
    }
}
