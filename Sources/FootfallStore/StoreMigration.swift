import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `footfall store migrate`: turns a store of schema 5 (`current -> versions/vN`, one folder per version) into
/// Delta Lake tables (schema 6, SPEC §16), keeping every day as it is. The published version's files are hard-
/// linked (no copy, no space) to unique names in the tables' folders, every table gets its first commit, and the
/// store-level commit takes the old version's name; only then are `current` and `versions/` removed. A crash at
/// any moment leaves the old layout readable and the migration can run again (or, past the store-level commit,
/// the new one, and the next ingest removes what is left of the old).
public enum StoreMigration {
    /// What a migration did.
    public struct Summary: Sendable, Equatable {
        public var version: String
        public var days: Int
        public var files: Int
    }

    /// Migrates `store`; `nil` when it is of the current layout already.
    public static func run(_ store: Store, wait: Bool = true, onWait: () -> Void = {}) throws(StoreError) -> Summary? {
        let lock = try StoreLock(root: store.root, wait: wait, onWait: onWait)
        defer { withExtendedLifetime(lock) {} }
        guard store.hasOldLayout else {
            if store.latestVersionName != nil { return nil }
            throw StoreError(path: store.root, message: "is not a footfall store (no version of either layout)", hint: "Run footfall ingest first")
        }
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: store.root + "/current") else {
            throw StoreError(
                path: store.root + "/current", message: "is not a link to a version",
                hint: "Point it at the newest complete version (ln -sfn versions/vNNNNNN current) and run the migration again; the store is unchanged")
        }
        let folder = store.root + "/versions/" + (target as NSString).lastPathComponent
        let old = try Store.readManifest(folder + "/_manifest.json")
        guard old.schemaVersion == 5 else {
            throw StoreError(
                path: folder + "/_manifest.json", message: "was written with schema version \(old.schemaVersion); footfall store migrate converts schema 5",
                hint: "Ingest the logs again into a new store folder with this footfall")
        }
        // What an interrupted migration left (never read: there is no store-level commit yet).
        for table in Store.tableFolders { StoreFileSystem.remove(store.root + "/" + table) }
        StoreFileSystem.remove(store.metadataFolder)
        CrashPoints.startCounting()
        try StoreFileSystem.makeDirectory(store.metadataFolder)
        let staging = store.metadataFolder + "/staging-migrate-\(getpid())"
        try StoreFileSystem.makeDirectory(staging)

        var logical = Set(old.files?.keys ?? [:].keys)
        if old.files == nil {
            for day in old.days.keys {
                for table in StoreTable.allCases where FileManager.default.fileExists(atPath: Store.file(table, day: day, in: folder)) {
                    logical.insert(Store.relativeFile(table, day: day))
                }
            }
            logical.formUnion([Store.historyFile, Store.memberNumbersFile])
        }
        let publication = StorePublication(store: store, version: old.version, staging: staging)
        var files: [String: StoreManifest.File] = [:]
        var made: Set<String> = []
        for name in logical.sorted() {
            var file: StoreManifest.File
            if let listed = old.files?[name] { file = listed } else { file = try StoreFileChecks.describe(folder + "/" + name) }
            let physical = publication.physicalName(of: name)
            var parent = ""
            for part in (physical as NSString).deletingLastPathComponent.split(separator: "/") {
                parent += (parent.isEmpty ? "" : "/") + part
                if made.insert(parent).inserted { try StoreFileSystem.makeDirectory(store.root + "/" + parent) }
            }
            try StoreFileSystem.link(folder + "/" + name, store.root + "/" + physical)
            file.path = physical
            files[name] = file
        }
        for parent in made.sorted(by: >) { try StoreFileSystem.sync(store.root + "/" + parent) }
        try StoreFileSystem.sync(store.root)

        var manifest = old
        manifest.schemaVersion = StoreTable.schemaVersion
        manifest.files = files
        _ = try publication.commit(manifest, operation: "CONVERT", nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        StoreFileSystem.remove(staging)
        StoreFileSystem.remove(store.root + "/current")
        StoreFileSystem.remove(store.root + "/versions")
        try StoreFileSystem.sync(store.root)
        return Summary(version: old.version, days: old.days.count, files: files.count)
    }
}
