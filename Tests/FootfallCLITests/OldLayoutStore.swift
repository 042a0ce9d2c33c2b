import Foundation
import Testing

/// Turns a store of this footfall into one of schema 5 as footfall wrote it before the Delta Lake tables
/// (`current -> versions/vN`, every data file at its logical name in the version folder, `_manifest.json`
/// without file paths or table versions), for the tests of `footfall store migrate`.
enum OldLayoutStore {
    static func make(from root: String) throws {
        let commit = try #require(try IngestCrashTests.latestCommit(root))
        let version = try #require(commit["version"] as? String)
        let folder = root + "/versions/" + version
        var files = try #require(commit["files"] as? [String: [String: Any]])
        for (logical, entry) in files {
            let physical = try #require(entry["path"] as? String)
            let target = folder + "/" + logical
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: root + "/" + physical, toPath: target)
            var old = entry
            old["path"] = nil
            files[logical] = old
        }
        var manifest = commit
        manifest["schema_version"] = 5
        manifest["files"] = files
        manifest["tables"] = nil
        manifest["created_ms"] = nil
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
            .write(to: URL(fileURLWithPath: folder + "/_manifest.json"))
        try FileManager.default.createSymbolicLink(atPath: root + "/current", withDestinationPath: "versions/" + version)
        for table in ["visits", "pageviews", "daily_hits", "daily_visits", "daily_items", "member_interest", "history", "members", "_footfall"] {
            try? FileManager.default.removeItem(atPath: root + "/" + table)
        }
    }
}
