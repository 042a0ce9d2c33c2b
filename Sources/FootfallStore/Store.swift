import Foundation
import LogAnalytics
import ParquetStore

#if canImport(Glibc)
import Glibc
#endif

/// A footfall store: a folder of Hive-partitioned Parquet tables (SPEC §9).
///
/// Layout:
/// ```
/// STORE/current -> versions/v…            the published version (a symlink, switched atomically)
/// STORE/versions/v…/_manifest.json
/// STORE/versions/v…/visits/day=YYYY-MM-DD/part-0.parquet
/// STORE/versions/v…/pageviews/day=YYYY-MM-DD/part-0.parquet
/// STORE/versions/v…/daily_hits/day=YYYY-MM-DD/part-0.parquet
/// STORE/versions/v…/history/visitors.parquet
/// STORE/versions/v…/members/members.parquet
/// STORE/.lock, STORE/.fingerprint-key
/// ```
/// Each ingest writes a whole new version (unchanged days are hard links, so they cost no space)
/// and then renames a new `current` symlink over the old: a crash at any moment leaves `current`
/// on the old version or the new one, and a reader that resolves `current` once sees one version.
public struct Store: Sendable {
    /// The store's folder.
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// Versions kept besides the current one (for readers still using them).
    public static let keptOldVersions = 1

    var currentLink: String { root + "/current" }
    var versionsFolder: String { root + "/versions" }

    /// The folder of the published version, or `nil` for an empty store.
    public var currentVersionFolder: String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: currentLink) else { return nil }
        return target.hasPrefix("/") ? target : root + "/" + target
    }

    /// The published manifest, or `nil` for an empty store.
    public func manifest() throws(StoreError) -> StoreManifest? {
        guard let folder = currentVersionFolder else { return nil }
        let path = folder + "/_manifest.json"
        do {
            return try JSONDecoder().decode(StoreManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw StoreError(path: path, message: "cannot read the manifest (\(error))", hint: "The store may be damaged; restore it from a backup")
        }
    }

    /// The path of a table's file for a day in a version folder.
    static func file(_ table: StoreTable, day: String, in folder: String) -> String {
        "\(folder)/\(table.rawValue)/day=\(day)/part-0.parquet"
    }

    /// The visitor history of the published version, with the store's fingerprint key (empty for a new
    /// store). Each key's number (the `visitor_no` of the `visits` table: given once, in order of first
    /// appearance, never changed) is kept with it.
    public func history() throws(StoreError) -> StoredVisitorHistory {
        let key = try fingerprintKey()
        guard let folder = currentVersionFolder else { return StoredVisitorHistory(fingerprintKey: key) }
        try Self.requireFile(folder + "/history/visitors.parquet")
        return try StoredVisitorHistory(path: folder + "/history/visitors.parquet", fingerprintKey: key)
    }

    /// The member numbers of the published version (none for a new store): each member id's `member_no`
    /// in the `visits` table.
    public func memberNumbers() throws(StoreError) -> StoredMemberNumbers {
        guard let folder = currentVersionFolder else { return StoredMemberNumbers() }
        try Self.requireFile(folder + "/" + Self.memberNumbersFile)
        return try StoredMemberNumbers(path: folder + "/" + Self.memberNumbersFile)
    }

    /// Throws when a file every published version has is missing: numbering afresh would clash with the
    /// numbers already in the store's days.
    private static func requireFile(_ path: String) throws(StoreError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(path: path, message: "is missing from the published version", hint: "The store is damaged; restore it from a backup")
        }
    }

    /// The member numbers' file in a version folder.
    static let memberNumbersFile = "members/members.parquet"

    /// The store's fingerprint key (`.fingerprint-key`, made on first use, readable by the owner only).
    func fingerprintKey() throws(StoreError) -> VisitorIdentity.FingerprintKey {
        let path = root + "/.fingerprint-key"
        if let text = try? String(contentsOfFile: path, encoding: .utf8), text.count >= 32,
            let first = UInt64(text.prefix(16), radix: 16), let second = UInt64(text.dropFirst(16).prefix(16), radix: 16)
        {
            return VisitorIdentity.FingerprintKey(first: first, second: second)
        }
        let key = VisitorIdentity.FingerprintKey.random()
        func hex(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        try StoreFileSystem.write(Data((hex(key.first) + hex(key.second) + "\n").utf8), to: path)
        chmod(path, 0o600)
        return key
    }
}
