import Reports

/// Rendered views kept per (store version, query, format, language) (SPEC §13: results may be cached per version
/// and query), bounded by their total size: the least recently used go first. A view being made is made once:
/// requests for it while it is made wait for that one.
actor ReportCache {
    struct Key: Hashable, Sendable {
        var version: String
        var request: String
        var format: String
        var language: String
    }

    /// A rendered view and the member ids it shows (written to the access log at each view, cached or not).
    struct View: Sendable, Equatable {
        var text: String
        var members: [String]
    }

    let capacity: Int
    private var entries: [Key: (view: View, used: UInt64)] = [:]
    private var inFlight: [Key: Task<Result<View, ReportRunError>, Never>] = [:]
    private var size = 0
    private var clock: UInt64 = 0

    init(capacityBytes: Int = 64 << 20) {
        capacity = capacityBytes
    }

    /// The cached view of `key`, else the one being made, else the one `make` makes now (and caches on success).
    func view(_ key: Key, make: @escaping @Sendable () async -> Result<View, ReportRunError>) async -> Result<View, ReportRunError> {
        if let cached = get(key) { return .success(cached) }
        if let making = inFlight[key] { return await making.value }
        let making = Task { await make() }
        inFlight[key] = making
        let result = await making.value
        inFlight[key] = nil
        if case .success(let view) = result { put(key, view) }
        return result
    }

    func get(_ key: Key) -> View? {
        guard let entry = entries[key] else { return nil }
        clock += 1
        entries[key] = (entry.view, clock)
        return entry.view
    }

    func put(_ key: Key, _ view: View) {
        let bytes = Self.bytes(view)
        guard bytes <= capacity / 4 else { return }
        if let old = entries[key] { size -= Self.bytes(old.view) }
        clock += 1
        entries[key] = (view, clock)
        size += bytes
        while size > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used }) {
            size -= Self.bytes(oldest.value.view)
            entries[oldest.key] = nil
        }
    }

    private static func bytes(_ view: View) -> Int {
        view.text.utf8.count + view.members.reduce(0) { $0 + $1.utf8.count + 16 }
    }

    var count: Int { entries.count }
}
