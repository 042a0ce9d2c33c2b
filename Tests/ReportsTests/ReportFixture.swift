import Foundation
import FootfallStore
import LogIngest
import SiteConfig
import Testing
import TestScratch

/// A store built once from SampleLogs/ for the report tests.
enum ReportFixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let store: Store = {
        let root = TestScratch.path("footfall-reports")
        let folder = repositoryRoot.appendingPathComponent("SampleLogs")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?
            .filter { $0.hasSuffix(".log.gz") }.sorted().map { folder.appendingPathComponent($0).path } ?? []
        do {
            let configuration = try SiteConfiguration.load(path: folder.appendingPathComponent("site.toml").path)
            let job = StoreIngest(
                store: Store(root: root), configuration: configuration, catalog: try SiteCatalog.load(for: configuration),
                configHash: "reports-test")
            _ = try job.run(files, options: configuration.readOptions())
        } catch {
            Issue.record("cannot build the sample store: \(error)")
        }
        return Store(root: root)
    }()

    static var hasDuckDB: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import duckdb"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static func duckdb(_ sql: String) throws -> [[String]] {
        let script = """
            import json, sys, duckdb
            rows = duckdb.sql(sys.argv[1]).fetchall()
            print(json.dumps([[("" if v is None else str(v)) for v in row] for row in rows]))
            """
        return (try JSONSerialization.jsonObject(with: try python(["-c", script, sql])) as? [[String]]) ?? []
    }

    /// What `python3 ARGUMENTS` prints (a failing exit is a recorded issue, with its standard error).
    static func python(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(errorText)")
        return data
    }
}
