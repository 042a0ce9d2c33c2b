import Foundation
import Synchronization
import LogAnalytics
public import ParquetStore

#if canImport(Glibc)
import Glibc
#endif

/// A footfall store: a folder of Delta Lake tables of Parquet files, partitioned by day (SPEC §9, §16).
///
/// Layout:
/// ```
/// STORE/_footfall/versions/v000042.json          store-level commits: each names every table's version
/// STORE/visits/_delta_log/00000000000000000007.json
/// STORE/visits/day=YYYY-MM-DD/part-v000042-….parquet
/// STORE/pageviews/…, daily_hits/…, daily_visits/…, daily_items/…, member_interest/…
/// STORE/history/part-v000042-….parquet,  STORE/members/part-v000042-….parquet
/// STORE/.lock, STORE/.fingerprint-key
/// ```
/// An ingest writes new data files (unique names, never rewritten), commits each table's Delta log, then writes
/// the store-level commit (``StoreManifest``: days, files with checksums, table versions). footfall reads
/// through the newest store-level commit — or an earlier one (`--as-of`) — so it sees one version of every
/// table; a crash at any moment leaves the newest commit as it was or adds the new one whole.
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

    /// footfall's own folder in the store: store-level commits and an ingest's staging folder.
    var metadataFolder: String { root + "/_footfall" }
    /// The store-level commits, `v000042.json`.
    var commitsFolder: String { metadataFolder + "/versions" }

    /// The tables' folder names, each a Delta table: the day-partitioned ones, then `history` and `members`.
    public static let tableFolders = StoreTable.allCases.map(\.rawValue) + ["history", "members"]

    /// This store with the newest version resolved now, once: every later read of the returned value (manifest,
    /// tables, history, member numbers) is of that version, even if an ingest commits another meanwhile (SPEC §9:
    /// a reader sees one version). Its files stay for `retention_hours` after a later ingest removes them.
    public func pinned() -> Store {
        let store = Store(root: root, pinnedVersion: latestVersionName)
        _ = try? store.manifest()  // read now: the version's commit is kept for the retention, not for ever
        return store
    }

    /// Each table's newest Delta Lake version in its log now (a table without a log is absent).
    public func latestTableVersions() -> [String: Int] {
        var versions: [String: Int] = [:]
        for table in Self.tableFolders {
            if let latest = DeltaTableLog(folder: root + "/" + table).versions().last { versions[table] = latest }
        }
        return versions
    }

    /// This store pinned to an earlier version (`42`, `v42` or `v000042`; `footfall report --as-of`).
    public func pinned(asOf version: String) throws(StoreError) -> Store {
        let digits = version.hasPrefix("v") ? String(version.dropFirst()) : version
        let names = versionNames()
        guard let number = Int(digits), let name = names.first(where: { StoreRecovery.versionNumber($0) == number }) else {
            let known = names.suffix(8).joined(separator: ", ")
            throw StoreError(
                path: version, message: "is not a version of the store \(root)",
                hint: names.isEmpty ? "The store has no version yet: run footfall ingest first" : "footfall store versions lists them (the latest: \(known))")
        }
        let store = Store(root: root, pinnedVersion: name)
        _ = try? store.manifest()
        return store
    }

    /// The store's versions (`v000042`), oldest first: those whose store-level commit is kept.
    public func versionNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: commitsFolder)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
            .filter { StoreRecovery.versionNumber($0) != nil }
            .sorted { StoreRecovery.versionNumber($0)! < StoreRecovery.versionNumber($1)! }
    }

    /// The newest version's name (`v…`), or `nil` for an empty store.
    var latestVersionName: String? { versionNames().last }

    /// The name of the version this value reads: the pinned one, else the newest now.
    public var versionName: String? {
        if let pinnedVersion { return pinnedVersion }
        return latestVersionName
    }

    /// Whether the folder holds a store of schema 5 or before (`current` and `versions/`) and no store-level
    /// commit: it is read only after `footfall store migrate`.
    public var hasOldLayout: Bool {
        var status = stat()
        let hasCurrent = lstat(root + "/current", &status) == 0
        return (hasCurrent || FileManager.default.fileExists(atPath: root + "/versions")) && latestVersionName == nil
    }

    /// The error of a store of the old layout, with the command that migrates it.
    var oldLayoutError: StoreError {
        StoreError(
            path: root, message: "is a footfall store of schema 5 (a current link and versions/), before the stores of Delta Lake tables",
            hint: "Migrate it once, keeping every day: footfall store migrate --store \(root)")
    }

    /// The manifest of the version this value reads, or `nil` for an empty store (read once when pinned).
    public func manifest() throws(StoreError) -> StoreManifest? {
        if let pinnedManifest {
            return try pinnedManifest.value { () throws(StoreError) in try readManifest() }
        }
        return try readManifest()
    }

    private func readManifest() throws(StoreError) -> StoreManifest? {
        guard let name = versionName else {
            if hasOldLayout { throw oldLayoutError }
            return nil
        }
        return try Self.readManifest(commitsFolder + "/" + name + ".json")
    }

    /// Reads a store-level commit.
    static func readManifest(_ path: String) throws(StoreError) -> StoreManifest {
        let data = try StoreFileSystem.readRegularFile(path)
        do {
            return try JSONDecoder().decode(StoreManifest.self, from: data)
        } catch {
            throw StoreError(path: path, message: "cannot read the store's commit (\(error))", hint: "The store may be damaged; restore it from a backup")
        }
    }

    /// The logical name of a table's file for a day (the manifest's `files` key).
    static func relativeFile(_ table: StoreTable, day: String) -> String {
        "\(table.rawValue)/day=\(day)/part-0.parquet"
    }

    /// The path of a table's file for a day in an ingest's staging folder.
    static func file(_ table: StoreTable, day: String, in folder: String) -> String {
        folder + "/" + relativeFile(table, day: day)
    }

    /// Whether the version this value reads has `table`'s file of `day`, by its manifest: a day written before a
    /// table of ``StoreTable/addedLater`` existed lacks it (and its manifest lists none). A file the manifest lists
    /// counts even when it is missing, so that opening it reports the damage instead of a reader quietly falling
    /// back.
    public func hasDayFile(_ table: StoreTable, day: String) throws(StoreError) -> Bool {
        guard let manifest = try manifest(), manifest.days[day] != nil else { return false }
        return manifest.files?[Self.relativeFile(table, day: day)] != nil
    }

    /// Opens `table`'s file for `day` in the version this value reads, checked against the manifest (its size
    /// and its footer's CRC-32; its pages' CRCs are checked as they are read); `nil` when the version has no
    /// such day. A day the manifest lists whose file is missing, damaged or replaced is an error that says so.
    public func openDayFile(_ table: StoreTable, day: String) throws(StoreError) -> ParquetFileReader? {
        guard let manifest = try manifest(), manifest.days[day] != nil else { return nil }
        return try openFile(Self.relativeFile(table, day: day), manifest: manifest)
    }

    /// Opens a data file of the version by its logical name (`visits/day=…/part-0.parquet`), checked as
    /// ``openDayFile(_:day:)`` checks.
    public func openFile(_ relative: String) throws(StoreError) -> ParquetFileReader {
        guard let manifest = try manifest() else {
            throw StoreError(path: root, message: "not a footfall store (no version)", hint: "Run footfall ingest first")
        }
        return try openFile(relative, manifest: manifest)
    }

    /// The path of a data file of the version by its logical name, nil when the version does not list it.
    public func physicalPath(_ relative: String) throws(StoreError) -> String? {
        guard let manifest = try manifest(), let file = manifest.files?[relative] else { return nil }
        return root + "/" + (file.path ?? relative)
    }

    private func openFile(_ relative: String, manifest: StoreManifest) throws(StoreError) -> ParquetFileReader {
        guard let file = manifest.files?[relative] else {
            throw StoreFileChecks.damaged(root + "/" + relative, "is not listed in the store's commit \(manifest.version)")
        }
        let path = root + "/" + (file.path ?? relative)
        if !FileManager.default.fileExists(atPath: path), manifest.version != latestVersionName {
            throw StoreError(
                path: path, message: "belongs to version \(manifest.version), whose files were deleted after the retention period",
                hint: "Read a later version (footfall store versions lists them), or raise [store] retention_hours in site.toml")
        }
        _ = try StoreFileSystem.regularFileSize(path)
        return try StoreFileChecks.open(path, expected: file)
    }

    /// The visitor history of the published version, with the store's fingerprint key (empty for a new
    /// store). Each key's number (the `visitor_no` of the `visits` table: given once, in order of first
    /// appearance, never changed) is kept with it.
    public func history(newFingerprintKey: Bool = false) throws(StoreError) -> StoredVisitorHistory {
        let key = try fingerprintKey(makingNew: newFingerprintKey)
        guard try manifest() != nil else { return StoredVisitorHistory(fingerprintKey: key) }
        return try StoredVisitorHistory(reader: try openFile(Self.historyFile), fingerprintKey: key)
    }

    /// The member numbers of the published version (none for a new store): each member id's `member_no`
    /// in the `visits` table.
    public func memberNumbers() throws(StoreError) -> StoredMemberNumbers {
        guard try manifest() != nil else { return StoredMemberNumbers() }
        return try StoredMemberNumbers(reader: try openFile(Self.memberNumbersFile))
    }

    /// The member numbers' logical file name.
    static let memberNumbersFile = "members/members.parquet"
    /// The visitor history's logical file name.
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
        if !makingNew, latestVersionName != nil {
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
