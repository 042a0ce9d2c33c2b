import Foundation

/// One version of the store, as `footfall store versions` lists it (SPEC §16).
public struct StoreVersionInfo: Sendable, Equatable {
    /// `v000042`.
    public var name: String
    /// When its store-level commit was written, milliseconds since the epoch.
    public var createdMs: Int64?
    /// Its days, first to last.
    public var days: [String]
    /// The days this version wrote (the others it kept from earlier versions).
    public var daysWritten: [String]
    public var visits: Int
    /// Each table's Delta Lake version.
    public var tables: [String: Int]
    /// Whether every data file it lists is still there (files removed by later ingests are deleted after
    /// `retention_hours`).
    public var readable: Bool
}

extension Store {
    /// The versions whose store-level commits are kept, newest first.
    public func versions() throws(StoreError) -> [StoreVersionInfo] {
        if hasOldLayout { throw oldLayoutError }
        var result: [StoreVersionInfo] = []
        for name in versionNames().reversed() {
            let manifest = try Self.readManifest(commitsFolder + "/" + name + ".json")
            let files = manifest.files ?? [:]
            let readable = files.values.allSatisfy { FileManager.default.fileExists(atPath: root + "/" + ($0.path ?? "")) }
            result.append(StoreVersionInfo(
                name: name, createdMs: manifest.createdMs, days: manifest.days.keys.sorted(),
                daysWritten: manifest.days.filter { $0.value.writtenBy == name }.keys.sorted(),
                visits: manifest.days.values.reduce(0) { $0 + $1.visits }, tables: manifest.tables ?? [:], readable: readable))
        }
        return result
    }
}
