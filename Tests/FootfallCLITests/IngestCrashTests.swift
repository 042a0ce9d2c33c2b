import Foundation
import ParquetStore
import Testing

#if canImport(Glibc)
import Glibc
import TestScratch
#endif

/// kill -9 at many moments of an ingest leaves the store exactly as before or exactly as after, and a
/// reader during an ingest sees one version or the other, never a mix.
@Suite("Ingest crash safety", .serialized)
struct IngestCrashTests {
    static let config = CommandRunner.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path

    static func sampleLogs(_ filter: String? = nil) throws -> [String] {
        let folder = CommandRunner.repositoryRoot.appendingPathComponent("SampleLogs")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".log.gz") && (filter == nil || $0.contains(filter!)) }.sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    struct Snapshot: Equatable {
        var version: String
        var days: [String]
    }

    /// The newest store-level commit of a store (`_footfall/versions/vN.json`), nil for an empty store.
    static func latestCommit(_ root: String) throws -> [String: Any]? {
        let folder = root + "/_footfall/versions"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("v") && $0.hasSuffix(".json") }.sorted { Int($0.dropFirst().dropLast(5))! < Int($1.dropFirst().dropLast(5))! }
        guard let name = names.last else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The path of a data file of the newest version by its logical name (`visits/day=…/part-0.parquet`).
    static func dataFile(_ root: String, _ logical: String) throws -> String {
        let commit = try #require(try latestCommit(root))
        let files = try #require(commit["files"] as? [String: [String: Any]])
        return root + "/" + (try #require(files[logical]?["path"] as? String, "\(logical) is not listed"))
    }

    /// Reads the newest version and checks it is whole: the store-level commit's days and only those have files
    /// in every table, with its row counts. Returns `nil` for an empty store.
    static func checkedSnapshot(_ root: String) throws -> Snapshot? {
        guard let manifest = try latestCommit(root) else { return nil }
        let days = try #require(manifest["days"] as? [String: [String: Any]])
        let files = try #require(manifest["files"] as? [String: [String: Any]])
        let version = manifest["version"] as? String ?? "?"
        for table in ["visits", "pageviews", "daily_hits", "daily_visits", "daily_items"] {
            let listed = Set(files.keys.filter { $0.hasPrefix(table + "/") })
            #expect(listed == Set(days.keys.map { "\(table)/day=\($0)/part-0.parquet" }), "\(table) in \(version)")
            for logical in listed { #expect(FileManager.default.fileExists(atPath: try dataFile(root, logical)), "\(logical) of \(version)") }
        }
        for (day, entry) in days {
            let visits = try ParquetFileReader(path: try dataFile(root, "visits/day=\(day)/part-0.parquet")).rowCount
            let pageviews = try ParquetFileReader(path: try dataFile(root, "pageviews/day=\(day)/part-0.parquet")).rowCount
            #expect(visits == Int64(entry["visits"] as? Int ?? -1))
            #expect(pageviews == Int64(entry["page_views"] as? Int ?? -1))
        }
        _ = try ParquetFileReader(path: try dataFile(root, "history/visitors.parquet"))
        return Snapshot(version: version, days: days.keys.sorted())
    }

    /// Whether python3 can import deltalake (delta-rs; `Scripts/install-deps.sh` installs it).
    static let hasDeltaLake = PythonCompare.canImport("deltalake")

    /// `Scripts/delta_check.py`.
    static let deltaCheck = CommandRunner.repositoryRoot.appendingPathComponent("Scripts/delta_check.py").path

    /// Every table's `[version, rows]` as delta-rs reads it.
    static func deltaCounts(_ root: String) throws -> [String: [Int]] {
        let (out, status, error) = try PythonCompare.run("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')", [deltaCheck, "counts", root])
        #expect(status == 0, "\(error)")
        return (try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [Int]]) ?? [:]
    }

    /// ``deltaCounts(_:)`` of several stores (two or more), by path, in one run of delta-rs.
    static func deltaCounts(of roots: [String]) throws -> [String: [String: [Int]]] {
        let (out, status, error) = try PythonCompare.run("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')", [deltaCheck, "counts"] + roots)
        #expect(status == 0, "\(error)")
        return (try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [String: [Int]]]) ?? [:]
    }

    @Test func killedAtAnyMomentTheStoreIsBeforeOrAfter() throws {
        let root = TestScratch.path("footfall-crash")
        let first = try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", root] + (try Self.sampleLogs("2026-11-17")))
        #expect(first.exitCode == 0)
        let before = try #require(try Self.checkedSnapshot(root))
        #expect(before.days == ["2026-11-17"])

        let all = try Self.sampleLogs()
        var outcomes: [String: Int] = [:]
        // A Delta Lake reader (delta-rs) polls every table through the whole test (SPEC §16).
        let deltaBefore = Self.hasDeltaLake ? try Self.deltaCounts(root) : [:]
        let observations = root + "-delta-reads.jsonl", stop = root + "-delta-stop"
        let poller = Process()
        if Self.hasDeltaLake {
            poller.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            poller.arguments = ["python3", Self.deltaCheck, "poll", root, observations, stop]
            try poller.run()
        }
        // Delays spread over and past a whole ingest (about 1.5 s in a debug build, more on a busy machine),
        // with some jitter; the loop ends at the first kill that comes after the publication.
        var generator = SystemRandomNumberGenerator()
        for step in 0..<60 {
            let delay = Double(step) * 0.25 + Double.random(in: 0..<0.05, using: &generator)
            let process = Process()
            process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("footfall")
            process.arguments = ["ingest", "--config", Self.config, "--store", root] + all
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // A reader during the ingest sees whole versions only.
            let deadline = Date().addingTimeInterval(delay)
            while Date() < deadline {
                if let seen = try Self.checkedSnapshot(root) { #expect(seen == before || seen.days.count == 3) }
                usleep(20_000)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let after = try #require(try Self.checkedSnapshot(root))
            if after == before {
                outcomes["before", default: 0] += 1
            } else {
                #expect(after.days == ["2026-11-17", "2026-11-18", "2026-11-19"])
                outcomes["after", default: 0] += 1
                break  // once published, further runs would only say "nothing to do"
            }
        }
        #expect(outcomes["before", default: 0] > 0)
        #expect(outcomes["after", default: 0] == 1)
        // The next ingest cleans up and publishes; staging left by killed runs is removed.
        let final = try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", root] + all)
        #expect(final.exitCode == 0)
        #expect(try Self.checkedSnapshot(root)?.days.count == 3)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root + "/_footfall").filter { $0.hasPrefix("staging") }
        #expect(leftovers.isEmpty)
        guard Self.hasDeltaLake else { return }
        FileManager.default.createFile(atPath: stop, contents: Data())
        poller.waitUntilExit()
        // Every read of every table by the Delta reader saw the old or the new version, never an error.
        let deltaAfter = try Self.deltaCounts(root)
        var reads = 0
        for line in try String(contentsOfFile: observations, encoding: .utf8).split(separator: "\n") {
            let read = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let table = read["table"] as? String ?? "?"
            #expect(read["error"] == nil, "\(table): \(read["error"] ?? "")")
            let rows = read["rows"] as? Int ?? -1
            #expect(rows == deltaBefore[table]?[1] || rows == deltaAfter[table]?[1], "\(table): \(rows) rows")
            reads += 1
        }
        #expect(reads > 50, "\(reads) reads")
    }

    @Test func noWaitRefusesWithExitThreeWhileAnotherIngestHoldsTheStore() throws {
        let root = TestScratch.path("footfall-lock")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let fd = open(root + "/.lock", O_RDWR | O_CREAT, 0o644)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let result = try CommandRunner.footfall(["ingest", "--no-wait", "--config", Self.config, "--store", root] + (try Self.sampleLogs("2026-11-17")))
        #expect(result.exitCode == 3)
        #expect(result.standardError.contains("another ingest"))
    }
}

@Suite("footfall demo and report")
struct DemoCommandTests {
    /// Issue 18.17: without --store, the demo's folder is made by mkdtemp (mode 0700, an unguessable name),
    /// never a predictable path a planted symlink could redirect.
    @Test func theDemosTemporaryFolderIsMadeByMkdtemp() throws {
        let temporary = TestScratch.path("footfall-demo-tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("footfall")
        process.arguments = ["demo"]
        process.currentDirectoryURL = CommandRunner.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let made = try FileManager.default.contentsOfDirectory(atPath: temporary)
        #expect(made.count == 1)
        let name = try #require(made.first)
        #expect(name.hasPrefix("footfall-demo-") && name != "footfall-demo-\(process.processIdentifier)")
        let mode = (try FileManager.default.attributesOfItem(atPath: temporary + "/" + name)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o700)
    }

    @Test func demoIngestsTheSampleAndWritesTheOverview() throws {
        let store = TestScratch.path("footfall-demo")
        let result = try CommandRunner.footfall(["demo", "--store", store])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("2026-11-17 – 2026-11-19"))
        #expect(result.standardOutput.contains("72,070"))  // the hits' total, written for people
        let html = try String(contentsOfFile: store + "/footfall-overview.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("http://") && !html.contains("https://"))  // self-contained: nothing fetched

        let json = try CommandRunner.footfall(["report", "overview", "--store", store, "--format", "json", "--from", "2026-11-18", "--to", "2026-11-18"])
        #expect(json.exitCode == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect((object["totals"] as? [String: Any])?["visits"] as? Int == 1644)

        // The status report from the store equals footfall parse's statuses on the same files (two paths).
        let status = try CommandRunner.footfall(["report", "status", "--store", store, "--format", "json"])
        let statuses = (try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])?["statuses"] as? [String: Int]
        let folder = CommandRunner.repositoryRoot.appendingPathComponent("SampleLogs")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".log.gz") }.sorted()
            .map { folder.appendingPathComponent($0).path }
        let parsed = try CommandRunner.footfall(["parse"] + files + ["--config", folder.appendingPathComponent("site.toml").path, "--json"])
        let parsedObject = try #require(try JSONSerialization.jsonObject(with: Data(parsed.standardOutput.utf8)) as? [String: Any])
        #expect(statuses != nil)
        #expect(statuses == parsedObject["statuses"] as? [String: Int])
        let bots = try CommandRunner.footfall(["report", "bots", "--store", store, "--format", "json"])
        let botObject = try #require(try JSONSerialization.jsonObject(with: Data(bots.standardOutput.utf8)) as? [String: Any])
        #expect(botObject["bot_hits"] as? Int == parsedObject["bot_hits"] as? Int)
        #expect(((botObject["agents"] as? [[String: Any]])?.count ?? 0) > 3)

        let unknown = try CommandRunner.footfall(["report", "sales", "--store", store])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("no such report 'sales'; the reports: overview, segments, profile, groups"))
    }
}
