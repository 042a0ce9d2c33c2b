/// What a run learnt per visitor key, to merge into the history (see
/// ``VisitorHistoryEntry/merged(with:)``): each key once, in the order the run first met it.
///
/// Held as two arrays rather than a dictionary: a busy day has hundreds of thousands of keys, and the
/// store sorts them for its merge anyway, so hashing them all once more at the end of a run would
/// only add to its critical path.
public struct VisitorHistoryUpdates: Sendable {
    /// The keys, each once.
    public private(set) var keys: [String] = []
    /// What the run learnt of `keys[i]`.
    public private(set) var entries: [VisitorHistoryEntry] = []
    /// The run's number of `keys[i]` (``CompletedVisit/visitorNumber``), `-1` when not known.
    public private(set) var visitorNumbers: [Int32] = []

    /// No updates.
    public init() {}

    /// The updates of a dictionary, in an unspecified order.
    public init(_ updates: [String: VisitorHistoryEntry]) {
        for (key, entry) in updates { append(key, entry) }
    }

    /// The number of keys.
    public var count: Int { keys.count }

    /// Adds `entry` for `key`, which must not be in the updates yet, and the run's number of the key.
    public mutating func append(_ key: String, _ entry: VisitorHistoryEntry, visitorNumber: Int32 = -1) {
        keys.append(key)
        entries.append(entry)
        visitorNumbers.append(visitorNumber)
    }

    /// The updates as a dictionary.
    public var dictionary: [String: VisitorHistoryEntry] {
        Dictionary(zip(keys, entries), uniquingKeysWith: { _, last in last })
    }
}
