import Foundation
import ParquetStore

#if canImport(Glibc)
import Glibc
#endif

/// How a new store version is published (SPEC §16): its data files get unique names in their tables' folders,
/// each table's Delta log gets a commit that removes the files of the days replaced and adds the new ones, and
/// then the store-level commit names every table's version. Commits are created exclusively; nothing committed
/// is ever changed; a crash at any step leaves the newest store-level commit as it was, and the next ingest
/// brings every table back to it (a table committed by the crashed run gets a commit that undoes it).
struct StorePublication {
    let store: Store
    /// The new version's name, `v000042`.
    let version: String
    /// The run's staging folder (inside `_footfall/`): commits are written there first.
    let staging: String

    /// The unique name of a new data file of `logical` (`visits/day=D/part-0.parquet` → `visits/day=D/part-v000042-<hex>.parquet`).
    func physicalName(of logical: String) -> String {
        let folder = (logical as NSString).deletingLastPathComponent
        return folder + "/part-\(version)-\(Self.randomHex()).parquet"
    }

    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// Moves the files the run wrote in the staging folder into their tables' folders under unique names;
    /// returns each one's manifest entry (size, CRC-32, footer, path). The folders are flushed.
    func moveNewFiles(_ logicalNames: [String]) throws(StoreError) -> [String: StoreManifest.File] {
        var files: [String: StoreManifest.File] = [:]
        var folders: Set<String> = []
        for logical in logicalNames.sorted() {
            var file = try StoreFileChecks.describe(staging + "/" + logical)
            let physical = physicalName(of: logical)
            let folder = (physical as NSString).deletingLastPathComponent
            if !folders.contains(folder) {
                try StoreFileSystem.makeDirectory(store.root + "/" + ((folder as NSString).deletingLastPathComponent))
                try StoreFileSystem.makeDirectory(store.root + "/" + folder)
                folders.insert(folder)
            }
            try StoreFileSystem.rename(staging + "/" + logical, store.root + "/" + physical, "cannot move a new data file into its table")
            file.path = physical
            files[logical] = file
        }
        for folder in folders.sorted() { try StoreFileSystem.sync(store.root + "/" + folder) }
        // A day folder made now is an entry of its table's folder.
        let tables = Set(folders.compactMap { folder in folder.contains("/") ? folder.split(separator: "/").first.map(String.init) : nil })
        for table in tables.sorted() { try StoreFileSystem.sync(store.root + "/" + table) }
        try StoreFileSystem.sync(store.root)
        return files
    }

    /// Commits every table so that its snapshot is exactly the files of `files` under it, and then the
    /// store-level commit of `manifest` with the tables' versions. Returns the manifest written.
    func commit(_ manifest: StoreManifest, operation: String, nowMs: Int64) throws(StoreError) -> StoreManifest {
        var manifest = manifest
        manifest.tables = try commitTables(to: manifest.files ?? [:], storeVersion: manifest.version, operation: operation, nowMs: nowMs)
        manifest.createdMs = nowMs
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(manifest) } catch { throw StoreError(path: staging, message: "cannot encode the store's commit: \(error)") }
        try StoreFileSystem.makeDirectory(store.commitsFolder)
        let temporary = staging + "/" + manifest.version + ".json"
        try StoreFileSystem.write(data, to: temporary)
        try StoreFileSystem.linkExclusively(temporary, store.commitsFolder + "/" + manifest.version + ".json", what: "cannot write the store's commit")
        try StoreFileSystem.sync(store.commitsFolder)
        return manifest
    }

    /// Commits each table whose snapshot is not exactly the files of `files` under it (a table without a log gets
    /// its first commit); returns every table's version. With the files of the newest store-level commit, this
    /// undoes what a crashed or failed run committed to some tables.
    func commitTables(to files: [String: StoreManifest.File], storeVersion: String, operation: String, nowMs: Int64) throws(StoreError) -> [String: Int] {
        var tables: [String: Int] = [:]
        for table in Store.tableFolders {
            let wanted = Self.files(of: table, in: files)
            let log = DeltaTableLog(folder: store.root + "/" + table)
            let snapshot = try log.replay()
            var lines: [String] = []
            for (path, entry) in snapshot.live.sorted(by: { $0.key < $1.key }) where wanted[path] == nil {
                lines.append(DeltaActions.remove(path: path, day: Self.day(of: path), size: Self.size(inAdd: entry), deletedMs: nowMs))
            }
            for (path, file) in wanted.sorted(by: { $0.key < $1.key }) where snapshot.live[path] == nil {
                if let line = snapshot.lastAdd[path] {
                    lines.append(line)  // a file a crashed run removed from the table: added back as it was
                    continue
                }
                let full = store.root + "/" + table + "/" + path
                let reader: ParquetFileReader
                do { reader = try ParquetFileReader(path: full) } catch { throw StoreFileChecks.damaged(full, "cannot be read (\(error))") }
                lines.append(DeltaActions.add(path: path, day: Self.day(of: path), size: file.size, modifiedMs: nowMs, stats: DeltaActions.stats(of: reader)))
            }
            guard snapshot.version == nil || !lines.isEmpty else {
                tables[table] = snapshot.version
                continue
            }
            let next = (snapshot.version ?? -1) + 1
            var header = [DeltaActions.commitInfo(timestampMs: nowMs, storeVersion: storeVersion, operation: operation)]
            if snapshot.version == nil {
                header += DeltaActions.protocolAndMetadata(schema: Self.schema(of: table), partitioned: Self.isPartitioned(table), createdMs: nowMs)
            }
            try log.commit(version: next, lines: header + lines, staging: staging)
            tables[table] = next
        }
        return tables
    }

    /// The files of `table` in a manifest's `files`, by their path relative to the table's folder.
    static func files(of table: String, in files: [String: StoreManifest.File]) -> [String: StoreManifest.File] {
        var result: [String: StoreManifest.File] = [:]
        let prefix = table + "/"
        for (logical, file) in files where logical.hasPrefix(prefix) {
            let physical = file.path ?? logical
            result[String(physical.dropFirst(prefix.count))] = file
        }
        return result
    }

    /// The `day` partition value of a path `day=YYYY-MM-DD/…`, nil for an unpartitioned table's file.
    static func day(of path: String) -> String? {
        guard path.hasPrefix("day="), let slash = path.firstIndex(of: "/") else { return nil }
        return String(path[path.index(path.startIndex, offsetBy: 4)..<slash])
    }

    static func isPartitioned(_ table: String) -> Bool { StoreTable(rawValue: table) != nil }

    static func schema(of table: String) -> ParquetSchema {
        if let partitioned = StoreTable(rawValue: table) { return partitioned.schema }
        return table == "history" ? StoreSchemas.history : StoredMemberNumbers.schema
    }

    /// The `size` of an `add` line.
    static func size(inAdd line: String) -> Int64? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let add = object["add"] as? [String: Any]
        else { return nil }
        return (add["size"] as? NSNumber)?.int64Value
    }
}
