/// What earlier runs knew of a visitor key (SPEC §3): when it was first seen and the member ids
/// last linked to it, with their days.
///
/// Two member ids are kept (the latest and the one before, from an earlier day) so that re-ingesting
/// the latest day sees exactly what the first ingest saw: the history "as of before day D".
public struct VisitorHistoryEntry: Sendable, Hashable {
    /// The site day of the key's first visit.
    public var firstSeen: SiteDay
    /// The site day of its latest visit.
    public var lastSeen: SiteDay
    /// The member id of the latest page view that carried one (SPEC §12.6), and its day.
    public var lastMemberId: String?
    public var lastMemberDay: SiteDay?
    /// The member id known before `lastMemberDay`, and its day.
    public var previousMemberId: String?
    public var previousMemberDay: SiteDay?

    public init(
        firstSeen: SiteDay, lastSeen: SiteDay, lastMemberId: String?, lastMemberDay: SiteDay? = nil,
        previousMemberId: String? = nil, previousMemberDay: SiteDay? = nil
    ) {
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.lastMemberId = lastMemberId
        self.lastMemberDay = lastMemberId == nil ? nil : (lastMemberDay ?? lastSeen)
        self.previousMemberId = previousMemberId
        self.previousMemberDay = previousMemberDay
    }

    /// What was known before `day` began: `nil` when the key was first seen on or after it.
    public func asOf(before day: SiteDay) -> VisitorHistoryEntry? {
        guard firstSeen < day else { return nil }
        var known = self
        known.lastSeen = min(lastSeen, day.adding(days: -1))
        if let memberDay = lastMemberDay, memberDay >= day {
            known.lastMemberId = nil
            known.lastMemberDay = nil
            if let previousDay = previousMemberDay, previousDay < day {
                known.lastMemberId = previousMemberId
                known.lastMemberDay = previousDay
            }
            known.previousMemberId = nil
            known.previousMemberDay = nil
        }
        return known
    }

    /// Folds what a run learnt about this key (`update`, covering the run's days) into this entry.
    public func merged(with update: VisitorHistoryEntry) -> VisitorHistoryEntry {
        var result = self
        result.firstSeen = min(firstSeen, update.firstSeen)
        result.lastSeen = max(lastSeen, update.lastSeen)
        // Member ids by day, newest first, the update's replacing ours on the days it covers.
        var members: [(String, SiteDay)] = []
        if let id = update.lastMemberId, let day = update.lastMemberDay { members.append((id, day)) }
        if let id = update.previousMemberId, let day = update.previousMemberDay { members.append((id, day)) }
        for (id, day) in [(lastMemberId, lastMemberDay), (previousMemberId, previousMemberDay)] {
            guard let id, let day, !(day >= update.firstSeen && day <= update.lastSeen) else { continue }
            members.append((id, day))
        }
        members.sort { $0.1 > $1.1 }
        result.lastMemberId = members.first?.0
        result.lastMemberDay = members.first?.1
        let older = members.first.flatMap { newest in members.first { $0.1 < newest.1 } }
        result.previousMemberId = older?.0
        result.previousMemberDay = older?.1
        return result
    }
}

/// The visitor history of earlier runs, as sessionisation reads it. The store backs it with
/// Parquet; ``InMemoryVisitorHistory`` is a simple implementation that can be saved as text.
public protocol VisitorHistory: Sendable {
    /// What was known of `key` before `day` began, or `nil` for a key not seen before it.
    func entry(for key: String, before day: SiteDay) -> VisitorHistoryEntry?
    /// The secret under which fingerprints of this history were made.
    var fingerprintKey: VisitorIdentity.FingerprintKey { get }
}

/// A visitor history held in memory, saved and loaded as tab-separated text
/// (`key, first_seen, last_seen, last_member_id, last_member_day, previous_member_id, previous_member_day`, after a
/// header line with the fingerprint key).
public struct InMemoryVisitorHistory: VisitorHistory {
    public private(set) var entries: [String: VisitorHistoryEntry] = [:]
    public let fingerprintKey: VisitorIdentity.FingerprintKey

    /// A new, empty history with a random fingerprint key.
    public init(fingerprintKey: VisitorIdentity.FingerprintKey = .random()) {
        self.fingerprintKey = fingerprintKey
    }

    public func entry(for key: String, before day: SiteDay) -> VisitorHistoryEntry? {
        entries[key]?.asOf(before: day)
    }

    /// What is stored for `key`, whatever the day.
    public func entry(for key: String) -> VisitorHistoryEntry? { entries[key] }

    /// Creates a history holding `entries`.
    public init(entries: [String: VisitorHistoryEntry], fingerprintKey: VisitorIdentity.FingerprintKey) {
        self.entries = entries
        self.fingerprintKey = fingerprintKey
    }

    /// Adds what a run learnt (see ``VisitorHistoryEntry/merged(with:)``).
    public mutating func merge(_ updates: VisitorHistoryUpdates) {
        for (key, update) in zip(updates.keys, updates.entries) {
            entries[key] = entries[key].map { $0.merged(with: update) } ?? update
        }
    }

    static let header = "#footfall-visitor-history v2 key="

    /// The text form.
    public func serialized() -> String {
        var text = Self.header + VisitorIdentity.hex(fingerprintKey.first) + VisitorIdentity.hex(fingerprintKey.second) + "\n"
        for key in entries.keys.sorted() {
            let entry = entries[key]!
            text += "\(key)\t\(entry.firstSeen)\t\(entry.lastSeen)\t\(entry.lastMemberId ?? "")\t\(entry.lastMemberDay.map { "\($0)" } ?? "")\t\(entry.previousMemberId ?? "")\t\(entry.previousMemberDay.map { "\($0)" } ?? "")\n"
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
            guard fields.count == 7, let firstSeen = SiteDay(String(fields[1])), let lastSeen = SiteDay(String(fields[2])) else {
                throw AnalyticsError("\(file):\(offset + 2): expected key, first_seen, last_seen, last_member_id, last_member_day, previous_member_id and previous_member_day separated by tabs", hint: "Restore the file or remove it to start afresh")
            }
            func text(_ index: Int) -> String? { fields[index].isEmpty ? nil : String(fields[index]) }
            entries[String(fields[0])] = VisitorHistoryEntry(
                firstSeen: firstSeen, lastSeen: lastSeen, lastMemberId: text(3), lastMemberDay: text(4).flatMap(SiteDay.init),
                previousMemberId: text(5), previousMemberDay: text(6).flatMap(SiteDay.init))
        }
    }
}
