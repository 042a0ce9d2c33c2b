import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What an ingest checks and repairs before it writes: the store must be writable, and whatever an
/// interrupted ingest left behind is removed (docs/STORE.md, "Crashes and recovery").
///
/// A crash can leave, besides the published version and the one before it:
/// - a staging folder `versions/.staging-…` (killed while writing): removed;
/// - a complete version `versions/vN` newer than the published one (killed between its rename and the switch
///   of `current`): never published, so never read; removed, and said (it would block the next version's name);
/// - a temporary link `current.new-PID` (killed between creating it and renaming it over `current`): removed;
/// - versions older than the one kept for readers (killed after publishing, before removing them): removed.
enum StoreRecovery {
    /// Throws a message that names the permission when the store (or the folder it is to be made in) cannot
    /// be written, before anything is done.
    static func requireWritable(_ store: Store) throws(StoreError) {
        var folder = store.root
        if !FileManager.default.fileExists(atPath: folder) {
            folder = (folder as NSString).deletingLastPathComponent
            if folder.isEmpty { folder = "." }
        }
        for path in [folder, store.versionsFolder] where FileManager.default.fileExists(atPath: path) {
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

    /// Removes staging folders, unpublished versions and temporary links left by interrupted ingests;
    /// `onNote` is told of each unpublished version removed.
    static func removeLeftovers(of store: Store, onNote: (String) -> Void) throws(StoreError) {
        var names = (try? FileManager.default.contentsOfDirectory(atPath: store.versionsFolder)) ?? []
        try requireCurrentLink(of: store, versions: &names, onNote: onNote)
        let published = store.publishedVersionName.flatMap(versionNumber) ?? 0
        // The version kept for readers still using it: the newest before the published one.
        let kept = names.compactMap(versionNumber).filter { $0 < published }.max()
        for name in names {
            if name.hasPrefix(".staging-") {
                StoreFileSystem.remove(store.versionsFolder + "/" + name)
            } else if let number = versionNumber(name), number > published {
                StoreFileSystem.remove(store.versionsFolder + "/" + name)
                onNote("removed versions/\(name): a version an interrupted ingest wrote but never published (the store stays at \(store.publishedVersionName ?? "no version"))")
            } else if let number = versionNumber(name), number < published, number != kept {
                // An ingest killed after publishing, before it removed the versions no longer kept.
                StoreFileSystem.remove(store.versionsFolder + "/" + name)
            }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: store.root)) ?? [] where name.hasPrefix("current.new-") {
            StoreFileSystem.remove(store.root + "/" + name)
        }
    }

    /// Checks `current` before anything is removed: a `current` that is not a symlink (a copy that followed
    /// links, `cp -rL`, or that dropped them, `rsync -r`) is refused, since no version could then be told
    /// published; a missing `current` with complete versions beside it (the first ingest killed between its
    /// rename and the link, or the link deleted) adopts the newest version whose manifest reads, and says so.
    static func requireCurrentLink(of store: Store, versions names: inout [String], onNote: (String) -> Void) throws(StoreError) {
        var status = stat()
        if lstat(store.currentLink, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFLNK else {
                throw StoreError(
                    path: store.currentLink, message: "is not a symbolic link to a version (was the store copied with a tool that follows or drops links?)",
                    hint: "Make it a link to the newest complete version: ln -sfn versions/vNNNNNN \(store.currentLink) (remove the copy first); the store is unchanged")
            }
            if let name = store.publishedVersionName, FileManager.default.fileExists(atPath: store.versionsFolder + "/" + name + "/_manifest.json") {
                return
            }
            throw StoreError(
                path: store.currentLink, message: "points to \(store.publishedVersionName ?? "nothing"), which is not a complete version",
                hint: "Point it at the newest complete version (ln -sfn versions/vNNNNNN \(store.currentLink)) or restore the store; the store is unchanged")
        }
        let complete = names.filter { versionNumber($0) != nil && FileManager.default.fileExists(atPath: store.versionsFolder + "/" + $0 + "/_manifest.json") }
            .sorted { versionNumber($0)! < versionNumber($1)! }
        guard let newest = complete.last else { return }
        try StoreFileSystem.replaceSymlink(store.currentLink, target: "versions/" + newest)
        try StoreFileSystem.sync(store.root)
        onNote("the store had no current link: published versions/\(newest), its newest complete version")
        names = (try? FileManager.default.contentsOfDirectory(atPath: store.versionsFolder)) ?? names
    }

    /// The highest `vN` in the versions folder (0 when none).
    static func highestVersionNumber(in store: Store) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: store.versionsFolder)) ?? []).compactMap(versionNumber).max() ?? 0
    }

    /// N of a version folder's name `vN` (six digits or more), nil for any other name.
    static func versionNumber(_ name: String) -> Int? {
        guard name.hasPrefix("v"), name.count >= 7, name.dropFirst().allSatisfy(\.isASCII), let number = Int(name.dropFirst()) else { return nil }
        return number
    }
}
