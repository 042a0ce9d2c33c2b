import Foundation
public import ParquetStore

/// `footfall store check`: verifies a whole store version (issue 18.13) — every data file the manifest lists
/// is there, is a regular file of the recorded size and CRC-32 with the recorded footer, and decodes in full
/// (every page's CRC-32 checked); every day has its tables; the row counts of `visits` and `pageviews` match
/// the manifest's.
public enum StoreCheck {
    /// A problem found.
    public struct Problem: Sendable, Equatable {
        /// The file or folder concerned.
        public var path: String
        /// What is wrong.
        public var message: String
    }

    /// What a check found.
    public struct Report: Sendable {
        /// The version checked.
        public var version: String
        public var days: Int
        /// Files verified whole.
        public var files: Int
        public var bytes: Int64
        public var problems: [Problem]
        /// Data files in the tables' folders that the version does not list: removed by a later or replacing
        /// ingest and kept for `retention_hours`, or left by a crashed ingest (deleted by the next one).
        public var unlisted: [String]
        /// What the check could not do (a manifest written before checksums were kept).
        public var notes: [String] = []
    }

    /// Checks the version `store` reads (pin it first); `decode` reads every value of every file.
    ///
    /// - Parameter decodeColumn: decodes one column of one row group completely (throws on damage).
    public static func run(
        _ store: Store, decodeColumn: (ParquetFileReader, String, Int) throws -> Void
    ) throws(StoreError) -> Report {
        guard let manifest = try store.manifest() else {
            throw StoreError(path: store.root, message: "not a footfall store (no version)", hint: "Run footfall ingest first")
        }
        var report = Report(version: manifest.version, days: manifest.days.count, files: 0, bytes: 0, problems: [], unlisted: [])
        func problem(_ path: String, _ message: String) { report.problems.append(Problem(path: path, message: message)) }

        let expected = manifest.files ?? [:]
        var relatives = Set(expected.keys)
        for day in manifest.days.keys {
            for table in StoreTable.allCases {
                let relative = Store.relativeFile(table, day: day)
                // A day written before the table existed lacks it: not a problem when the manifest does not list it.
                if StoreTable.addedLater.contains(table), expected[relative] == nil { continue }
                relatives.insert(relative)
            }
        }
        relatives.insert(Store.historyFile)
        relatives.insert(Store.memberNumbersFile)
        checkDeltaLogs(store, manifest, problem)

        for relative in relatives.sorted() {
            let path = store.root + "/" + (expected[relative]?.path ?? relative)
            do throws(StoreError) {
                guard let file = expected[relative] else { throw StoreFileChecks.damaged(path, "is not listed in the store's commit") }
                try StoreFileChecks.verify(path, against: file, full: true)
                report.bytes += file.size
                let reader = try StoreFileChecks.open(path, expected: expected[relative])
                for column in reader.schema.columns {
                    for group in reader.rowGroups.indices {
                        do {
                            try decodeColumn(reader, column.name, group)
                        } catch {
                            throw StoreFileChecks.damaged(path, "column \(column.name), row group \(group): \(error)")
                        }
                    }
                }
                if let (table, day) = dayFile(relative), let entry = manifest.days[day] {
                    if table == .visits, reader.rowCount != Int64(entry.visits) {
                        throw StoreFileChecks.damaged(path, "holds \(reader.rowCount) visits, the manifest says \(entry.visits)")
                    }
                    if table == .pageviews, reader.rowCount != Int64(entry.pageViews) {
                        throw StoreFileChecks.damaged(path, "holds \(reader.rowCount) page views, the manifest says \(entry.pageViews)")
                    }
                }
                report.files += 1
            } catch {
                problem(error.path, error.message)
            }
        }
        let listed = Set(expected.values.compactMap(\.path))
        for table in Store.tableFolders {
            for path in StoreCleanup.dataFiles(in: store.root + "/" + table) where !listed.contains(table + "/" + path) {
                report.unlisted.append(table + "/" + path)
            }
        }
        return report
    }

    /// Every table's Delta log must be at the version the store's commit names, with exactly its files.
    static func checkDeltaLogs(_ store: Store, _ manifest: StoreManifest, _ problem: (String, String) -> Void) {
        guard let tables = manifest.tables else { return }
        for table in Store.tableFolders {
            let log = DeltaTableLog(folder: store.root + "/" + table)
            let snapshot: DeltaTableLog.Snapshot
            do throws(StoreError) { snapshot = try log.replay() } catch {
                problem(error.path, error.message)
                continue
            }
            let wanted = StorePublication.files(of: table, in: manifest.files ?? [:])
            let isLatest = manifest.version == store.versionNames().last
            // The version may be past the one the commit names after a restore (same files): only the files count.
            if isLatest, Set(snapshot.live.keys) != Set(wanted.keys) {
                problem(log.logFolder, "is at version \(snapshot.version.map(String.init) ?? "none") whose files are not those of the store's commit \(manifest.version) (Delta version \(tables[table].map(String.init) ?? "none")): an interrupted ingest committed it; the next ingest brings it back")
            }
        }
    }

    /// The table and day of a day file's relative path.
    static func dayFile(_ relative: String) -> (StoreTable, String)? {
        let parts = relative.split(separator: "/")
        guard parts.count == 3, let table = StoreTable(rawValue: String(parts[0])), parts[1].hasPrefix("day=") else { return nil }
        return (table, String(parts[1].dropFirst(4)))
    }
}
