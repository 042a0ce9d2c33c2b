import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import ParquetStore
import SiteConfig
import Testing
import TestScratch

enum StoreFixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var sampleConfig: String { repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path }
    static func sampleLogs(day: String? = nil) throws -> [String] {
        let folder = repositoryRoot.appendingPathComponent("SampleLogs")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".log.gz") && (day == nil || $0.contains(day!)) }.sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    static func temporaryStore() -> String {
        TestScratch.path("footfall-store")
    }

    static func ingest(_ files: [String], into root: String, rebuildFrom: String? = nil) throws -> StoreIngest.Summary {
        let configuration = try SiteConfiguration.load(path: sampleConfig)
        let catalog = try SiteCatalog.load(for: configuration)
        let job = StoreIngest(store: Store(root: root), configuration: configuration, catalog: catalog, configHash: "test")
        return try job.run(files, options: configuration.readOptions(), rebuildFrom: rebuildFrom.flatMap(SiteDay.init))
    }

    /// Row counts of every file of `table` in the published version, by day, read with our reader.
    static func rowCounts(_ table: StoreTable, in root: String) throws -> [String: Int64] {
        let store = Store(root: root)
        var counts: [String: Int64] = [:]
        for day in try #require(try store.manifest()).days.keys {
            if let reader = try store.openDayFile(table, day: day) { counts[day] = reader.rowCount }
        }
        return counts
    }

    static var hasPythonReaders: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import duckdb, pyarrow"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Runs a Python script with arguments and returns its standard output parsed as JSON.
    static func python(_ script: String, _ arguments: [String]) throws -> Any {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(errorText)")
        return try JSONSerialization.jsonObject(with: data)
    }
}
