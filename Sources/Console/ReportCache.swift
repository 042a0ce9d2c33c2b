/// Rendered views kept per (store version, query, format, language) (SPEC §13: results may be cached per version
/// and query), bounded by their total size: the least recently used go first.
actor ReportCache {
    struct Key: Hashable, Sendable {
        var version: String
        var request: String
        var format: String
        var language: String
    }

    let capacity: Int
    private var entries: [Key: (text: String, used: UInt64)] = [:]
    private var size = 0
    private var clock: UInt64 = 0

    init(capacityBytes: Int = 64 << 20) {
        capacity = capacityBytes
    }

    func get(_ key: Key) -> String? {
        guard let entry = entries[key] else { return nil }
        clock += 1
        entries[key] = (entry.text, clock)
        return entry.text
    }

    func put(_ key: Key, _ text: String) {
        let bytes = text.utf8.count
        guard bytes <= capacity / 4 else { return }
        if let old = entries[key] { size -= old.text.utf8.count }
        clock += 1
        entries[key] = (text, clock)
        size += bytes
        while size > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used }) {
            size -= oldest.value.text.utf8.count
            entries[oldest.key] = nil
        }
    }

    var count: Int { entries.count }
}
