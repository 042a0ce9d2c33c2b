/// What earlier runs knew of a visitor key (SPEC §3): when it was first seen and the member id
/// last linked to it.
public struct VisitorHistoryEntry: Sendable, Hashable {
    /// The site day of the key's first visit.
    public var firstSeen: SiteDay
    /// The site day of its latest visit.
    public var lastSeen: SiteDay
    /// The member id of the latest page view that carried one (SPEC §12.6).
    public var lastMemberId: String?

    public init(firstSeen: SiteDay, lastSeen: SiteDay, lastMemberId: String?) {
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.lastMemberId = lastMemberId
    }
}

/// The visitor history of earlier runs, as sessionisation reads it. The store backs it with
/// Parquet; ``InMemoryVisitorHistory`` is a simple implementation that can be saved as text.
public protocol VisitorHistory: Sendable {
    /// What is known of `key`, or `nil` for a key never seen.
    func entry(for key: String) -> VisitorHistoryEntry?
    /// The secret under which fingerprints of this history were made.
    var fingerprintKey: VisitorIdentity.FingerprintKey { get }
}

/// A visitor history held in memory, saved and loaded as tab-separated text
/// (`key TAB first_seen TAB last_seen TAB last_member_id`, after a header line with the fingerprint key).
public struct InMemoryVisitorHistory: VisitorHistory {
    public private(set) var entries: [String: VisitorHistoryEntry] = [:]
    public let fingerprintKey: VisitorIdentity.FingerprintKey

    /// A new, empty history with a random fingerprint key.
    public init(fingerprintKey: VisitorIdentity.FingerprintKey = .random()) {
        self.fingerprintKey = fingerprintKey
    }

    public func entry(for key: String) -> VisitorHistoryEntry? { entries[key] }

    /// Adds what a run learnt: first-seen days never move later, last-seen and member ids move on.
    public mutating func merge(_ updates: [String: VisitorHistoryEntry]) {
        for (key, update) in updates {
            if var known = entries[key] {
                known.firstSeen = min(known.firstSeen, update.firstSeen)
                if update.lastSeen >= known.lastSeen {
                    known.lastSeen = update.lastSeen
                    if let member = update.lastMemberId { known.lastMemberId = member }
                }
                entries[key] = known
            } else {
                entries[key] = update
            }
        }
    }

    static let header = "#footfall-visitor-history v1 key="

    /// The text form.
    public func serialized() -> String {
        var text = Self.header + VisitorIdentity.hex(fingerprintKey.first) + VisitorIdentity.hex(fingerprintKey.second) + "\n"
        for key in entries.keys.sorted() {
            let entry = entries[key]!
            text += "\(key)\t\(entry.firstSeen)\t\(entry.lastSeen)\t\(entry.lastMemberId ?? "")\n"
        }
        return text
    }

    /// Reads the text form.
    ///
    /// - Throws: ``AnalyticsError`` naming the line that does not read.
    public init(parsing text: String, file: String) throws(AnalyticsError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix(Self.header), first.count == Self.header.count + 32,
            let high = UInt64(first.dropFirst(Self.header.count).prefix(16), radix: 16),
            let low = UInt64(first.suffix(16), radix: 16)
        else {
            throw AnalyticsError("\(file):1: not a footfall visitor history", hint: "Give a file written by footfall, or none to start afresh")
        }
        fingerprintKey = VisitorIdentity.FingerprintKey(first: high, second: low)
        lines.removeFirst()
        for (offset, line) in lines.enumerated() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let firstSeen = SiteDay(String(fields[1])), let lastSeen = SiteDay(String(fields[2])) else {
                throw AnalyticsError("\(file):\(offset + 2): expected key, first_seen, last_seen and last_member_id separated by tabs", hint: "Restore the file or remove it to start afresh")
            }
            entries[String(fields[0])] = VisitorHistoryEntry(
                firstSeen: firstSeen, lastSeen: lastSeen, lastMemberId: fields[3].isEmpty ? nil : String(fields[3]))
        }
    }
}
