import Foundation
import ParquetStore

/// The member numbers of a store version (`members/members.parquet`: `member_id`, `member_no`, sorted
/// by the ids' UTF-8 bytes). A number is given to a member id the first time the store meets it and
/// never changes; the `visits` table carries it as `member_no`.
///
/// Reports look a member id up here (binary search) and then work on numbers: a member's visits are
/// found by comparing integers, distinct members are counted with arrays indexed by number.
public struct StoredMemberNumbers: StoredKeyNumbers {
    private var ids = SortedUTF8Keys()
    private var numbers: [Int32] = []

    /// No members.
    public init() {}

    /// The number of member ids.
    public var count: Int { ids.count }

    /// Reads a member numbers file written by footfall.
    ///
    /// - Throws: ``StoreError`` naming the file when it does not read.
    init(path: String) throws(StoreError) {
        try self.init(reader: try StoreFileChecks.open(path, expected: nil))
    }

    /// Reads a member numbers file written by footfall, opened (and checked) by the caller.
    init(reader: ParquetFileReader) throws(StoreError) {
        let path = reader.path
        do {
            var values = ParquetByteArrays()
            try reader.readColumn("member_id", bytesInto: &values)
            try reader.readColumn("member_no", appendingTo: &numbers)
            guard ids.append(contentsOf: values) else { throw StoreError(path: path, message: "a null member_id in the member numbers") }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, message: "cannot read the member numbers (\(error))", hint: "The store may be damaged; restore it from a backup")
        }
        guard numbers.count == ids.count, ids.isSorted else {
            throw StoreError(path: path, message: "the member numbers are not one sorted row per member id", hint: "The store may be damaged; restore it from a backup")
        }
    }

    /// These numbers without the member ids whose numbers are not in `kept` (ids first met on or after a
    /// rebuilt day, ``HistoryRebuild``).
    func keeping(_ kept: Set<Int32>) -> StoredMemberNumbers {
        var result = StoredMemberNumbers()
        for index in 0..<ids.count where kept.contains(numbers[index]) {
            result.ids.append(ids.key(at: index))
            result.numbers.append(numbers[index])
        }
        return result
    }

    /// The number of `memberId`.
    public func number(for memberId: String) -> Int32? { ids.index(of: memberId).map { numbers[$0] } }

    /// The member id of `number`, for the few numbers a caller asks about (a linear scan builds no table).
    public func ids(of wanted: Set<Int32>) -> [Int32: String] {
        var result: [Int32: String] = [:]
        result.reserveCapacity(wanted.count)
        for index in 0..<ids.count where wanted.contains(numbers[index]) { result[numbers[index]] = ids.string(at: index) }
        return result
    }

    /// One past the largest number.
    public var nextNumber: Int32 { (numbers.max() ?? -1) + 1 }

    static let schema = ParquetSchema([
        ParquetColumn(name: "member_id", type: .string, optional: false),
        ParquetColumn(name: "member_no", type: .int32, optional: false),
    ])

    /// Writes these numbers and the `fresh` ones of a run (ids not stored here) to `writer`, sorted by id,
    /// in row groups of at most `sliceRows`. Returns the number of ids written.
    func write(adding fresh: [String: Int32], to writer: ParquetFileWriter, sliceRows: Int = 65_536) throws -> Int {
        let freshIds = fresh.keys.sorted { SortedUTF8Keys.compare($0.utf8, $1.utf8) < 0 }
        var sliceIds: [String?] = [], sliceNumbers: [Int32?] = []
        var old = 0, new = 0, written = 0
        func flush() throws {
            try writer.append([.string(sliceIds), .int32(sliceNumbers)])
            written += sliceIds.count
            sliceIds.removeAll(keepingCapacity: true)
            sliceNumbers.removeAll(keepingCapacity: true)
        }
        while old < count || new < freshIds.count {
            let order = old == count ? 1 : new == freshIds.count ? -1 : SortedUTF8Keys.compare(ids.key(at: old), freshIds[new].utf8)
            if order <= 0 {
                sliceIds.append(ids.string(at: old))
                sliceNumbers.append(numbers[old])
                old += 1
                if order == 0 { new += 1 }  // not fresh after all: the stored number stands
            } else {
                sliceIds.append(freshIds[new])
                sliceNumbers.append(fresh[freshIds[new]]!)
                new += 1
            }
            if sliceIds.count >= sliceRows { try flush() }
        }
        if !sliceIds.isEmpty { try flush() }
        return written
    }
}
