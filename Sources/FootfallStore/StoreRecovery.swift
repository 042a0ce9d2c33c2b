import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What an ingest checks and repairs before it writes: the store must be writable and of the current layout,
/// and whatever an interrupted ingest left behind is dealt with (docs/STORE.md, "Crashes and recovery").
///
/// A crash can leave, besides the newest store-level commit:
/// - a staging folder `_footfall/staging-…` (killed while writing): removed;
/// - data files moved into a table's folder but never committed: never read; deleted by the cleanup;
/// - tables committed past the newest store-level commit (killed between the tables' commits and the store's):
///   each such table gets a commit that brings it back to the store-level commit's files, and it is said;
/// - after `footfall store migrate` was killed past its store-level commit, the old layout's `current` and
///   `versions/`: removed.
enum StoreRecovery {
    /// Throws a message that names the permission when the store (or the folder it is to be made in) cannot
    /// be written, before anything is done.
    static func requireWritable(_ store: Store) throws(StoreError) {
        var folder = store.root
        if !FileManager.default.fileExists(atPath: folder) {
            folder = (folder as NSString).deletingLastPathComponent
            if folder.isEmpty { folder = "." }
        }
        for path in [folder, store.metadataFolder] where FileManager.default.fileExists(atPath: path) {
            if access(path, W_OK) == 0 { continue }
            let reason = errno
            var info = stat()
            let described = stat(path, &info) == 0
                ? " (mode \(permissions(info.st_mode)), owner uid \(info.st_uid); this process runs as uid \(geteuid()))" : ""
            if reason == EROFS {
                throw StoreError(
                    path: path, message: "the store is on a read-only file system",
                    hint: "Mount it read-write, or ingest into a store on a writable disk; nothing was written")
            }
            throw StoreError(
                path: path, message: "no permission to write here\(described): footfall ingest writes each new version into the store folder",
                hint: "Give this user write permission (chmod u+w, or chown to it), or run the ingest as the folder's owner; nothing was written")
        }
    }

    /// `rwxr-xr-x` for a mode.
    static func permissions(_ mode: mode_t) -> String {
        let letters = Array("rwxrwxrwx")
        return String((0..<9).map { mode & (0o400 >> mode_t($0)) != 0 ? letters[$0] : "-" })
    }

    /// Refuses a store of the old layout (with the migrate command); removes staging folders; brings tables
    /// committed past the newest store-level commit back to it (`onNote` is told which).
    static func removeLeftovers(of store: Store, onNote: (String) -> Void) throws(StoreError) {
        if store.hasOldLayout { throw store.oldLayoutError }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: store.metadataFolder)) ?? [] where name.hasPrefix("staging-") {
            StoreFileSystem.remove(store.metadataFolder + "/" + name)
        }
        guard let latest = store.latestVersionName else { return }
        // A migration killed after its store-level commit: the old layout is no longer read.
        var status = stat()
        if lstat(store.root + "/current", &status) == 0 { StoreFileSystem.remove(store.root + "/current") }
        if FileManager.default.fileExists(atPath: store.root + "/versions") { StoreFileSystem.remove(store.root + "/versions") }

        let manifest = try Store.readManifest(store.commitsFolder + "/" + latest + ".json")
        guard manifest.tables != nil else { return }  // a commit of schema 6 always has them
        // A table is ahead when its snapshot's files are not the commit's (a restore leaves its version past the
        // one the commit names, with the same files: not ahead).
        var ahead: [String] = []
        for table in Store.tableFolders {
            let live = try DeltaTableLog(folder: store.root + "/" + table).replay().live
            if Set(live.keys) != Set(StorePublication.files(of: table, in: manifest.files ?? [:]).keys) { ahead.append(table) }
        }
        guard !ahead.isEmpty else { return }
        let staging = store.metadataFolder + "/staging-restore-\(getpid())"
        try StoreFileSystem.makeDirectory(store.metadataFolder)
        try StoreFileSystem.makeDirectory(staging)
        defer { StoreFileSystem.remove(staging) }
        let publication = StorePublication(store: store, version: latest, staging: staging)
        _ = try publication.commitTables(
            to: manifest.files ?? [:], storeVersion: latest, operation: "RESTORE", nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        onNote("the tables \(ahead.joined(separator: ", ")) had commits of an interrupted ingest past the store's version \(latest): each got a commit that brings it back to \(latest)")
    }

    /// The highest version number of the store's commits (0 when none).
    static func highestVersionNumber(in store: Store) -> Int {
        store.versionNames().compactMap(versionNumber).max() ?? 0
    }

    /// N of a version's name `vN` (six digits or more), nil for any other name.
    static func versionNumber(_ name: String) -> Int? {
        guard name.hasPrefix("v"), name.count >= 7, name.dropFirst().allSatisfy(\.isASCII), let number = Int(name.dropFirst()) else { return nil }
        return number
    }

    /// `v000042` for 42.
    static func versionName(_ number: Int) -> String {
        "v" + String(repeating: "0", count: max(0, 6 - String(number).count)) + String(number)
    }
}
