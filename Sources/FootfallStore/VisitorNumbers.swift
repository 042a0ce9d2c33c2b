/// A number for each visitor key: 0, 1, 2… in order of first appearance in the store, kept for good.
///
/// The `visits` table carries it as `visitor_no` so that reports count distinct visitors over many
/// days with a bit set instead of hashing millions of keys; the visitor history stores it.
public struct VisitorNumbers: Sendable {
    private var numbers: [String: Int32] = [:]
    /// The next number to give.
    public private(set) var next: Int32 = 0

    public init() {}

    /// The number of `key`, given now if it has none.
    public mutating func number(for key: String) -> Int32 {
        if let number = numbers[key] { return number }
        let number = next
        numbers[key] = number
        next += 1
        return number
    }

    /// The number of `key`, if it has one.
    public func existingNumber(for key: String) -> Int32? { numbers[key] }

    /// Records a number read from the store.
    mutating func record(_ key: String, _ number: Int32) {
        numbers[key] = number
        next = max(next, number + 1)
    }
}
