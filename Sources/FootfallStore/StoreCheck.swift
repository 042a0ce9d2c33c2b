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
        /// Files in the version folder that the manifest does not list (not read by footfall).
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
        guard let folder = store.currentVersionFolder, let manifest = try store.manifest() else {
            throw StoreError(path: store.root, message: "not a footfall store (no published version)", hint: "Run footfall ingest first")
        }
        var report = Report(version: manifest.version, days: manifest.days.count, files: 0, bytes: 0, problems: [], unlisted: [])
        func problem(_ path: String, _ message: String) { report.problems.append(Problem(path: path, message: message)) }

        var expected = manifest.files ?? [:]
        if manifest.files == nil {
            report.notes.append("the manifest lists no file checksums (written before footfall kept them): only decoding and row counts are checked; the next ingest records them")
            for day in manifest.days.keys {
                for table in StoreTable.allCases { expected[Store.relativeFile(table, day: day)] = nil }
            }
        }
        var relatives = Set(expected.keys)
        for day in manifest.days.keys {
            for table in StoreTable.allCases {
                let relative = Store.relativeFile(table, day: day)
                // A day written before the table existed lacks it: not a problem when the manifest does not list it.
                if StoreTable.addedLater.contains(table), manifest.files?[relative] == nil, !FileManager.default.fileExists(atPath: folder + "/" + relative) { continue }
                relatives.insert(relative)
            }
        }
        relatives.insert(Store.historyFile)
        relatives.insert(Store.memberNumbersFile)

        for relative in relatives.sorted() {
            let path = folder + "/" + relative
            do throws(StoreError) {
                if let file = expected[relative] {
                    try StoreFileChecks.verify(path, against: file, full: true)
                    report.bytes += file.size
                } else if manifest.files != nil {
                    throw StoreFileChecks.damaged(path, "is not listed in the manifest's files")
                } else {
                    report.bytes += try StoreFileSystem.regularFileSize(path)
                }
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
        report.unlisted = unlistedFiles(in: folder, listed: relatives)
        return report
    }

    /// The table and day of a day file's relative path.
    static func dayFile(_ relative: String) -> (StoreTable, String)? {
        let parts = relative.split(separator: "/")
        guard parts.count == 3, let table = StoreTable(rawValue: String(parts[0])), parts[1].hasPrefix("day=") else { return nil }
        return (table, String(parts[1].dropFirst(4)))
    }

    /// Files under `folder` (but the manifest) not in `listed`.
    static func unlistedFiles(in folder: String, listed: Set<String>) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            if name != "_manifest.json", !listed.contains(name) { found.append(name) }
        }
        return found.sorted()
    }
}
