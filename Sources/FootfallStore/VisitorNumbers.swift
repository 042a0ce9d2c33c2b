/// Numbers kept in a store version for text keys (see ``KeyNumbers``).
public protocol StoredKeyNumbers: Sendable {
    /// The number stored for `key`.
    func number(for key: String) -> Int32?
    /// The next number to give: one past the largest stored.
    var nextNumber: Int32 { get }
}

/// A number for each key: 0, 1, 2… in order of first appearance in the store, kept for good.
///
/// The numbers of keys already in the store are looked up in what it stores; only the keys first met
/// in this run are held here.
public struct KeyNumbers<Stored: StoredKeyNumbers>: Sendable {
    private let stored: Stored?
    /// The keys first met in this run, with their numbers (see ``number(for:runNumber:)`` for those
    /// numbered by run number, which join only when a key is looked up by itself).
    public private(set) var fresh: [String: Int32] = [:]
    /// The next number to give.
    public private(set) var next: Int32
    /// By run number (``LogAnalytics/CompletedVisit/visitorNumber``, dense from 0): the key's number,
    /// `-1` when not asked for yet.
    private var byRunNumber: [Int32] = []
    /// Keys given a number through ``number(for:runNumber:)`` that are not in ``fresh`` yet.
    private var pending: [(key: String, number: Int32)] = []

    /// Numbers continuing those of `stored` (none: from 0).
    public init(stored: Stored? = nil) {
        self.stored = stored
        next = stored?.nextNumber ?? 0
    }

    /// The number of `key`, given now if it has none.
    public mutating func number(for key: String) -> Int32 {
        if !pending.isEmpty {
            for entry in pending { fresh[entry.key] = entry.number }
            pending = []
        }
        if let number = existingNumber(for: key) { return number }
        let number = next
        fresh[key] = number
        next += 1
        return number
    }

    /// The number of `key`, if it has one. Keys numbered by run number and not yet looked up by key are
    /// searched one by one (O(*n*) in them); ``number(for:)`` moves them into ``fresh`` first.
    public func existingNumber(for key: String) -> Int32? {
        fresh[key] ?? stored?.number(for: key) ?? pending.first(where: { $0.key == key })?.number
    }

    /// The number of `key`, whose run number is `runNumber` (equal keys have equal run numbers), given
    /// now if it has none.
    ///
    /// A key asked for again costs an array read; a key new to the store costs no hashing (it joins
    /// ``fresh`` only if a key is later looked up by itself), so a day of a few hundred thousand
    /// visitors is numbered without a dictionary of them.
    public mutating func number(for key: String, runNumber: Int32) -> Int32 {
        let index = Int(runNumber)
        if index < byRunNumber.count, byRunNumber[index] >= 0 { return byRunNumber[index] }
        if index >= byRunNumber.count {
            byRunNumber.append(contentsOf: repeatElement(-1, count: index + 1 - byRunNumber.count))
        }
        let number: Int32
        if let known = (fresh.isEmpty ? nil : fresh[key]) ?? stored?.number(for: key) {
            number = known
        } else {
            number = next
            next += 1
            pending.append((key, number))
        }
        byRunNumber[index] = number
        return number
    }

    /// The number given to run number `runNumber` by ``number(for:runNumber:)``, if any.
    public func number(forRunNumber runNumber: Int32) -> Int32? {
        let index = Int(runNumber)
        guard index >= 0, index < byRunNumber.count, byRunNumber[index] >= 0 else { return nil }
        return byRunNumber[index]
    }
}

/// A number for each visitor key (`visitor_no` of the `visits` table, kept in the visitor history), so
/// that reports count distinct visitors over many days with a bit set instead of hashing millions of keys.
public typealias VisitorNumbers = KeyNumbers<StoredVisitorHistory>

/// A number for each member id (`member_no` of the `visits` table, kept in `members/members.parquet`), so
/// that reports count and look up members with arrays instead of hashing their ids.
public typealias MemberNumbers = KeyNumbers<StoredMemberNumbers>
