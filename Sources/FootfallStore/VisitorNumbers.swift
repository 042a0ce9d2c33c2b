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
    /// The keys first met in this run, with their numbers.
    public private(set) var fresh: [String: Int32] = [:]
    /// The next number to give.
    public private(set) var next: Int32

    /// Numbers continuing those of `stored` (none: from 0).
    public init(stored: Stored? = nil) {
        self.stored = stored
        next = stored?.nextNumber ?? 0
    }

    /// The number of `key`, given now if it has none.
    public mutating func number(for key: String) -> Int32 {
        if let number = existingNumber(for: key) { return number }
        let number = next
        fresh[key] = number
        next += 1
        return number
    }

    /// The number of `key`, if it has one.
    public func existingNumber(for key: String) -> Int32? { fresh[key] ?? stored?.number(for: key) }
}

/// A number for each visitor key (`visitor_no` of the `visits` table, kept in the visitor history), so
/// that reports count distinct visitors over many days with a bit set instead of hashing millions of keys.
public typealias VisitorNumbers = KeyNumbers<StoredVisitorHistory>

/// A number for each member id (`member_no` of the `visits` table, kept in `members/members.parquet`), so
/// that reports count and look up members with arrays instead of hashing their ids.
public typealias MemberNumbers = KeyNumbers<StoredMemberNumbers>
