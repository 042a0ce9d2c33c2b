import Foundation
import Synchronization
import LogAnalytics
public import ParquetStore

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
    /// The version this value reads when pinned (``pinned()``): `nil` inside for an empty store.
    private let pinnedVersion: String??
    /// The pinned version's manifest, read once.
    private let pinnedManifest: ManifestCache?

    public init(root: String) {
        self.root = root
        pinnedVersion = nil
        pinnedManifest = nil
    }

    private init(root: String, pinnedVersion: String?) {
        self.root = root
        self.pinnedVersion = .some(pinnedVersion)
        pinnedManifest = ManifestCache()
    }

    /// Versions kept besides the current one (for readers still using them).
    public static let keptOldVersions = 1

    var currentLink: String { root + "/current" }
    var versionsFolder: String { root + "/versions" }

    /// This store with the published version resolved now, once: every later read of the returned value
    /// (manifest, tables, history, member numbers) is of that version, even if an ingest publishes another
    /// meanwhile (SPEC §9: a reader sees one version). A command resolves the version once and reads through
    /// the pinned value; the previous version is kept by the next ingest, so the files stay while it reads.
    public func pinned() -> Store {
        Store(root: root, pinnedVersion: publishedVersionName)
    }

    /// The name (`v…`) of the version `current` points to now, or `nil` for an empty store.
    var publishedVersionName: String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: currentLink) else { return nil }
        return (target as NSString).lastPathComponent
    }

    /// The name of the version this value reads: the pinned one, else the published one now.
    public var versionName: String? {
        if let pinnedVersion { return pinnedVersion }
        return publishedVersionName
    }

    /// The folder of the version this value reads (the pinned one, else the published one), or `nil` for an
    /// empty store.
    public var currentVersionFolder: String? {
        versionName.map { versionsFolder + "/" + $0 }
    }

    /// The manifest of the version this value reads, or `nil` for an empty store (read once when pinned).
    public func manifest() throws(StoreError) -> StoreManifest? {
        if let pinnedManifest {
            return try pinnedManifest.value { () throws(StoreError) in try readManifest() }
        }
        return try readManifest()
    }

    private func readManifest() throws(StoreError) -> StoreManifest? {
        guard let folder = currentVersionFolder else { return nil }
        let path = folder + "/_manifest.json"
        let data = try StoreFileSystem.readRegularFile(path)
        do {
            return try JSONDecoder().decode(StoreManifest.self, from: data)
        } catch {
            throw StoreError(path: path, message: "cannot read the manifest (\(error))", hint: "The store may be damaged; restore it from a backup")
        }
    }

    /// The path of a table's file for a day in a version folder.
    static func file(_ table: StoreTable, day: String, in folder: String) -> String {
        "\(folder)/\(table.rawValue)/day=\(day)/part-0.parquet"
    }

    /// The path of a table's file for a day relative to its version folder (the manifest's `files` key).
    static func relativeFile(_ table: StoreTable, day: String) -> String {
        "\(table.rawValue)/day=\(day)/part-0.parquet"
    }

    /// Whether the version this value reads has `table`'s file of `day`, by its manifest: a day written before a
    /// table of ``StoreTable/addedLater`` existed lacks it (and its manifest lists none). A file the manifest lists
    /// counts even when it is missing, so that opening it reports the damage instead of a reader quietly falling
    /// back; a manifest from before checksums were kept is answered by the folder.
    public func hasDayFile(_ table: StoreTable, day: String) throws(StoreError) -> Bool {
        guard let folder = currentVersionFolder, let manifest = try manifest(), manifest.days[day] != nil else { return false }
        let relative = Self.relativeFile(table, day: day)
        if let files = manifest.files { return files[relative] != nil }
        return FileManager.default.fileExists(atPath: folder + "/" + relative)
    }

    /// Opens `table`'s file for `day` in the version this value reads, checked against the manifest (its size
    /// and its footer's CRC-32; its pages' CRCs are checked as they are read); `nil` when the version has no
    /// such day. A day the manifest lists whose file is missing, damaged or replaced is an error that says so.
    public func openDayFile(_ table: StoreTable, day: String) throws(StoreError) -> ParquetFileReader? {
        guard let folder = currentVersionFolder, let manifest = try manifest() else { return nil }
        guard manifest.days[day] != nil else { return nil }
        return try openFile(Self.relativeFile(table, day: day), in: folder, manifest: manifest)
    }

    /// Opens a data file of the version (its path relative to the version folder), checked as
    /// ``openDayFile(_:day:)`` checks.
    public func openFile(_ relative: String) throws(StoreError) -> ParquetFileReader {
        guard let folder = currentVersionFolder else {
            throw StoreError(path: root, message: "not a footfall store (no published version)", hint: "Run footfall ingest first")
        }
        return try openFile(relative, in: folder, manifest: try manifest())
    }

    private func openFile(_ relative: String, in folder: String, manifest: StoreManifest?) throws(StoreError) -> ParquetFileReader {
        let path = folder + "/" + relative
        if pinnedVersion != nil, !FileManager.default.fileExists(atPath: folder) {
            throw StoreError(
                path: folder, message: "the version this command read was removed by later ingests (one is kept for readers; this command outlived two)",
                hint: "Run the command again")
        }
        _ = try StoreFileSystem.regularFileSize(path)
        return try StoreFileChecks.open(path, expected: manifest?.files?[relative])
    }

    /// The visitor history of the published version, with the store's fingerprint key (empty for a new
    /// store). Each key's number (the `visitor_no` of the `visits` table: given once, in order of first
    /// appearance, never changed) is kept with it.
    public func history(newFingerprintKey: Bool = false) throws(StoreError) -> StoredVisitorHistory {
        let key = try fingerprintKey(makingNew: newFingerprintKey)
        guard let folder = currentVersionFolder else { return StoredVisitorHistory(fingerprintKey: key) }
        try Self.requireFile(folder + "/history/visitors.parquet")
        return try StoredVisitorHistory(reader: try openFile(Self.historyFile), fingerprintKey: key)
    }

    /// The member numbers of the published version (none for a new store): each member id's `member_no`
    /// in the `visits` table.
    public func memberNumbers() throws(StoreError) -> StoredMemberNumbers {
        guard let folder = currentVersionFolder else { return StoredMemberNumbers() }
        try Self.requireFile(folder + "/" + Self.memberNumbersFile)
        return try StoredMemberNumbers(reader: try openFile(Self.memberNumbersFile))
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
    /// The visitor history's file in a version folder.
    static let historyFile = "history/visitors.parquet"

    /// The path of the store's fingerprint key.
    var fingerprintKeyPath: String { root + "/.fingerprint-key" }

    /// The store's fingerprint key (`.fingerprint-key`: 32 hex digits, readable by the owner only).
    ///
    /// A store without a published version gets a new random key. A store with one refuses a missing or
    /// garbled key unless `makingNew` is set: the keys of its cookie-less visitors are hashed with it, and a new
    /// key would make every returning cookie-less visitor a first-time one (issue 18.5).
    func fingerprintKey(makingNew: Bool = false) throws(StoreError) -> VisitorIdentity.FingerprintKey {
        let path = fingerprintKeyPath
        let exists = FileManager.default.fileExists(atPath: path)
        if !makingNew, exists {
            let data = try StoreFileSystem.readRegularFile(path)
            var text = String(decoding: data, as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            let isHex = text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
            guard text.utf8.count == 32, isHex, let first = UInt64(text.prefix(16), radix: 16),
                let second = UInt64(text.suffix(16), radix: 16)
            else {
                throw StoreError(
                    path: path, message: "is not a fingerprint key (32 lower-case hex digits)",
                    hint: "Cookie-less visitors' keys are hashed with it: restore the file from a backup, or run the ingest with --new-fingerprint-key to start afresh on purpose (returning cookie-less visitors then count as first-time once); the store is unchanged")
            }
            return VisitorIdentity.FingerprintKey(first: first, second: second)
        }
        if !makingNew, publishedVersionName != nil {
            throw StoreError(
                path: path, message: "is missing, but the store has a published version",
                hint: "Cookie-less visitors' keys are hashed with it: restore the file from a backup, or run the ingest with --new-fingerprint-key to start afresh on purpose (returning cookie-less visitors then count as first-time once); the store is unchanged")
        }
        if makingNew, exists {
            // The key replaced is kept beside it, should the reset have been a mistake.
            StoreFileSystem.remove(path + ".old")
            try? FileManager.default.copyItem(atPath: path, toPath: path + ".old")
            chmod(path + ".old", 0o600)
        }
        let key = VisitorIdentity.FingerprintKey.random()
        func hex(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        try StoreFileSystem.writeAtomically(Data((hex(key.first) + hex(key.second) + "\n").utf8), to: path, mode: 0o600)
        return key
    }
}

/// A pinned version's manifest, read on first use and kept (a class, so that copies of the pinned store share
/// it).
final class ManifestCache: Sendable {
    private let state = Mutex<Result<StoreManifest?, StoreError>?>(nil)

    func value(_ load: () throws(StoreError) -> StoreManifest?) throws(StoreError) -> StoreManifest? {
        let result = state.withLock { cached -> Result<StoreManifest?, StoreError> in
            if let cached { return cached }
            let loaded: Result<StoreManifest?, StoreError>
            do throws(StoreError) { loaded = .success(try load()) } catch { loaded = .failure(error) }
            cached = loaded
            return loaded
        }
        return try result.get()
    }
}
