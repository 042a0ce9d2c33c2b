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

    /// Reads the published version and checks it is whole: the manifest's days and only those have
    /// files in every table, with the manifest's row counts. Returns `nil` for an empty store.
    static func checkedSnapshot(_ root: String) throws -> Snapshot? {
        let link = root + "/current"
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) else { return nil }
        let folder = root + "/" + target
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: folder + "/_manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let days = try #require(manifest["days"] as? [String: [String: Any]])
        #expect(target == "versions/" + (manifest["version"] as? String ?? "?"))
        for table in ["visits", "pageviews", "daily_hits", "daily_visits", "daily_items"] {
            let present = try FileManager.default.contentsOfDirectory(atPath: folder + "/" + table).filter { $0.hasPrefix("day=") }
            #expect(Set(present) == Set(days.keys.map { "day=" + $0 }), "\(table) in \(target)")
        }
        for (day, entry) in days {
            let visits = try ParquetFileReader(path: "\(folder)/visits/day=\(day)/part-0.parquet").rowCount
            let pageviews = try ParquetFileReader(path: "\(folder)/pageviews/day=\(day)/part-0.parquet").rowCount
            #expect(visits == Int64(entry["visits"] as? Int ?? -1))
            #expect(pageviews == Int64(entry["page_views"] as? Int ?? -1))
        }
        _ = try ParquetFileReader(path: folder + "/history/visitors.parquet")
        return Snapshot(version: manifest["version"] as? String ?? "", days: days.keys.sorted())
    }

    @Test func killedAtAnyMomentTheStoreIsBeforeOrAfter() throws {
        let root = TestScratch.path("footfall-crash")
        let first = try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", root] + (try Self.sampleLogs("2026-11-17")))
        #expect(first.exitCode == 0)
        let before = try #require(try Self.checkedSnapshot(root))
        #expect(before.days == ["2026-11-17"])

        let all = try Self.sampleLogs()
        var outcomes: [String: Int] = [:]
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
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root + "/versions").filter { $0.hasPrefix(".staging") }
        #expect(leftovers.isEmpty)
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
