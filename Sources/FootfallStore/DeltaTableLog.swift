import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The Delta Lake log of one table of the store (`DIR/<table>/_delta_log/`, SPEC §16): its commits are
/// `NNNNNNNNNNNNNNNNNNNN.json` files of JSON lines, each created exclusively (put-if-absent) and never changed.
struct DeltaTableLog {
    /// The table's folder (`DIR/visits`).
    let folder: String

    var logFolder: String { folder + "/_delta_log" }

    /// The file name of commit `version`: 20 digits and `.json`.
    static func commitName(_ version: Int) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".json"
    }

    /// The version of a commit file's name, nil for any other name (checkpoints, temporary files).
    static func version(ofCommit name: String) -> Int? {
        guard name.utf8.count == 25, name.hasSuffix(".json") else { return nil }
        let digits = name.prefix(20)
        guard digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(digits)
    }

    /// The table's commits, in order (empty when it has no log).
    func versions() -> [Int] {
        ((try? FileManager.default.contentsOfDirectory(atPath: logFolder)) ?? []).compactMap(Self.version(ofCommit:)).sorted()
    }

    /// A table's files as its log says at its latest commit, and what it ever said of the others.
    struct Snapshot {
        /// The latest commit, nil for a table without a log.
        var version: Int?
        /// The files of the latest snapshot: path (relative to the table's folder) → its `add` line.
        var live: [String: String] = [:]
        /// The last `add` line of every file ever added (a file removed by an ingest that crashed before the store
        /// commit is added back with it).
        var lastAdd: [String: String] = [:]
        /// Files removed and not added again: path → the removal's time (ms since the epoch).
        var removedAt: [String: Int64] = [:]
    }

    /// Reads every commit in order. A commit that is not JSON lines of actions is an error naming it.
    func replay() throws(StoreError) -> Snapshot {
        var snapshot = Snapshot()
        for version in versions() {
            let path = logFolder + "/" + Self.commitName(version)
            let data = try StoreFileSystem.readRegularFile(path)
            for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                    throw StoreError(
                        path: path, message: "line \(index + 1) is not a JSON action",
                        hint: "The table's Delta log is damaged: restore the store from a backup")
                }
                if let add = object["add"] as? [String: Any], let file = add["path"] as? String {
                    let text = String(decoding: line, as: UTF8.self)
                    snapshot.live[file] = text
                    snapshot.lastAdd[file] = text
                    snapshot.removedAt[file] = nil
                } else if let remove = object["remove"] as? [String: Any], let file = remove["path"] as? String {
                    snapshot.live[file] = nil
                    snapshot.removedAt[file] = (remove["deletionTimestamp"] as? NSNumber)?.int64Value ?? 0
                }
            }
            snapshot.version = version
        }
        return snapshot
    }

    /// Writes commit `version` with `lines`, exclusively: the text is written and flushed in `staging`, then
    /// linked to its name in the log (a link fails if the name exists, so a commit is never overwritten), and the
    /// log folder is flushed.
    func commit(version: Int, lines: [String], staging: String) throws(StoreError) {
        try StoreFileSystem.makeDirectory(folder)
        try StoreFileSystem.makeDirectory(logFolder)
        let name = Self.commitName(version)
        let temporary = staging + "/delta-" + ((folder as NSString).lastPathComponent) + "-" + name
        try StoreFileSystem.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: temporary)
        try StoreFileSystem.linkExclusively(temporary, logFolder + "/" + name, what: "cannot write the table's commit \(version)")
        try StoreFileSystem.sync(logFolder)
    }
}
