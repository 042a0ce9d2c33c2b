import Foundation

/// Deletes what no reader may need any more (SPEC §16), after a store-level commit: data files removed from
/// their table more than `retention_hours` ago, files no table's log ever named (a crashed run's), and
/// store-level commits replaced by a later one more than the retention ago (never the newest). A job that started before an ingest, and
/// time travel within the retention, still find their files.
enum StoreCleanup {
    /// What was deleted.
    struct Result: Equatable {
        var dataFiles = 0
        var versions = 0
    }

    /// Runs the cleanup; a file that cannot be deleted is left for the next run.
    @discardableResult
    static func run(_ store: Store, retentionHours: Double, nowMs: Int64) -> Result {
        var result = Result()
        let retentionMs = Int64(retentionHours * 3_600_000)
        for table in Store.tableFolders {
            let folder = store.root + "/" + table
            guard let snapshot = try? DeltaTableLog(folder: folder).replay() else { continue }
            for path in dataFiles(in: folder) where snapshot.live[path] == nil {
                let expired: Bool
                if let removed = snapshot.removedAt[path] {
                    expired = nowMs - removed >= retentionMs
                } else {
                    expired = snapshot.lastAdd[path] == nil  // never committed: a crashed run's file
                }
                guard expired else { continue }
                StoreFileSystem.remove(folder + "/" + path)
                result.dataFiles += 1
                let parent = (path as NSString).deletingLastPathComponent
                if !parent.isEmpty, ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + parent)) ?? ["?"]).isEmpty {
                    StoreFileSystem.remove(folder + "/" + parent)
                }
            }
        }
        // A version stops being the newest when the next one is committed: its commit goes once that is older than
        // the retention (its removed files go at the same time), never by its own age.
        let versions = store.versionNames()
        for (name, next) in zip(versions, versions.dropFirst()) {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: store.commitsFolder + "/" + next + ".json"),
                let superseded = attributes[.modificationDate] as? Date
            else { continue }
            if nowMs - Int64(superseded.timeIntervalSince1970 * 1000) >= retentionMs {
                StoreFileSystem.remove(store.commitsFolder + "/" + name + ".json")
                result.versions += 1
            }
        }
        return result
    }

    /// The data files (`part-….parquet`) of a table's folder, relative to it: in its day folders, or at its top.
    static func dataFiles(in folder: String) -> [String] {
        var paths: [String] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            if entry.hasPrefix("day=") {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + entry)) ?? [] where isDataFile(name) {
                    paths.append(entry + "/" + name)
                }
            } else if isDataFile(entry) {
                paths.append(entry)
            }
        }
        return paths.sorted()
    }

    static func isDataFile(_ name: String) -> Bool { name.hasPrefix("part-") && name.hasSuffix(".parquet") }
}
