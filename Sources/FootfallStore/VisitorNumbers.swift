/// A number for each visitor key: 0, 1, 2… in order of first appearance in the store, kept for good.
///
/// The `visits` table carries it as `visitor_no` so that reports count distinct visitors over many
/// days with a bit set instead of hashing millions of keys; the visitor history stores it. The numbers
/// of keys already in the store are looked up in its history; only the keys first met in this run are
/// held here.
public struct VisitorNumbers: Sendable {
    private let stored: StoredVisitorHistory?
    private var fresh: [String: Int32] = [:]
    /// The next number to give.
    public private(set) var next: Int32

    /// Numbers continuing those of `stored` (none: from 0).
    public init(stored: StoredVisitorHistory? = nil) {
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
