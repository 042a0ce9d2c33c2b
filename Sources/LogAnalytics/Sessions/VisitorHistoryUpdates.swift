/// What a run learnt per visitor key, to merge into the history (see
/// ``VisitorHistoryEntry/merged(with:)``): each key once, in the order the run first met it.
///
/// Held as arrays rather than a dictionary: a busy day has hundreds of thousands of keys, and the
/// store sorts them for its merge anyway, so hashing them all once more at the end of a run would
/// only add to its critical path. The keys are one buffer of UTF-8 bytes, not a `String` each: the
/// store sorts and writes them straight from it, without touching hundreds of thousands of objects.
public struct VisitorHistoryUpdates: Sendable {
    /// The keys' UTF-8 bytes, one after the other; key `i` ends at `keyEnds[i]`.
    public private(set) var keyBytes: [UInt8] = []
    public private(set) var keyEnds: [Int] = []
    /// What the run learnt of key `i`.
    public private(set) var entries: [VisitorHistoryEntry] = []
    /// The run's number of key `i` (``CompletedVisit/visitorNumber``), `-1` when not known.
    public private(set) var visitorNumbers: [Int32] = []

    /// No updates.
    public init() {}

    /// The updates of a dictionary, in an unspecified order.
    public init(_ updates: [String: VisitorHistoryEntry]) {
        for (key, entry) in updates { append(key, entry) }
    }

    /// The number of keys.
    public var count: Int { keyEnds.count }

    /// The keys, each once (made on each call).
    public var keys: [String] { (0..<count).map(key(at:)) }

    /// Key `index` as a string.
    public func key(at index: Int) -> String { withKeyBytes(at: index) { String(decoding: $0, as: UTF8.self) } }

    /// Calls `body` with the UTF-8 bytes of key `index`.
    public func withKeyBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = index == 0 ? 0 : keyEnds[index - 1]
        return try keyBytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<keyEnds[index]])) }
    }

    /// Adds `entry` for `key`, which must not be in the updates yet, and the run's number of the key.
    public mutating func append(_ key: String, _ entry: VisitorHistoryEntry, visitorNumber: Int32 = -1) {
        keyBytes.append(contentsOf: key.utf8)
        append(entry, visitorNumber: visitorNumber)
    }

    /// Adds `entry` for the key whose UTF-8 bytes `appendKey` appends to the array it is given, and the
    /// run's number of the key.
    mutating func append(_ entry: VisitorHistoryEntry, visitorNumber: Int32, appendKey: (inout [UInt8]) -> Void) {
        appendKey(&keyBytes)
        append(entry, visitorNumber: visitorNumber)
    }

    private mutating func append(_ entry: VisitorHistoryEntry, visitorNumber: Int32) {
        keyEnds.append(keyBytes.count)
        entries.append(entry)
        visitorNumbers.append(visitorNumber)
    }

    /// Makes room for `keys` more keys.
    public mutating func reserveCapacity(keys: Int) {
        keyEnds.reserveCapacity(keyEnds.count + keys)
        entries.reserveCapacity(entries.count + keys)
        visitorNumbers.reserveCapacity(visitorNumbers.count + keys)
    }

    /// The updates as a dictionary.
    public var dictionary: [String: VisitorHistoryEntry] {
        Dictionary(zip(keys, entries), uniquingKeysWith: { _, last in last })
    }
}
