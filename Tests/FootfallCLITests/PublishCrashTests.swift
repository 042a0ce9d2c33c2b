import Foundation
import Testing
import TestScratch

#if canImport(Glibc)
import Glibc
#endif

/// Issue 18.2: kill -9 at every file-system call of an ingest's publication (through the
/// `FOOTFALL_TEST_KILL_AT` hook) leaves the store at the old or the new version, and the next ingest always
/// succeeds (a complete version renamed into place but never published used to block every later ingest with
/// "Directory not empty").
@Suite("Publication crash points", .serialized)
struct PublishCrashTests {
    static let config = IngestCrashTests.config

    /// Runs an ingest of `files` into `root` with the kill hook set to `killAt`; returns whether it was killed.
    static func ingest(_ files: [String], into root: String, killAt: Int?, config: String = config) throws -> (killed: Bool, result: CommandRunner.Result) {
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("footfall")
        process.arguments = ["ingest", "--config", config, "--store", root] + files
        var environment = ProcessInfo.processInfo.environment
        if let killAt { environment["FOOTFALL_TEST_KILL_AT"] = String(killAt) }
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return (killed, CommandRunner.Result(
            exitCode: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self)))
    }

    /// Copies a store folder as it is (symlink, hard links and modes kept).
    static func copyStore(_ source: String, to destination: String) throws {
        let (_, status) = try shell("cp -a '\(source)' '\(destination)'")
        #expect(status == 0)
    }

    static func shell(_ command: String) throws -> (String, Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// The sample's config with `[store] retention_hours = 0` (removed files deleted at once), in a scratch folder
    /// with the CSV files it names.
    static func configWithoutRetention() throws -> String {
        let folder = TestScratch.path("footfall-no-retention-config")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sample = (config as NSString).deletingLastPathComponent
        for name in try FileManager.default.contentsOfDirectory(atPath: sample) where name.hasSuffix(".csv") {
            try FileManager.default.copyItem(atPath: sample + "/" + name, toPath: folder + "/" + name)
        }
        let text = try String(contentsOfFile: config, encoding: .utf8) + "\n[store]\nretention_hours = 0\n"
        try text.write(toFile: folder + "/site.toml", atomically: true, encoding: .utf8)
        return folder + "/site.toml"
    }

    @Test func killedAtEveryCallOfThePublicationTheStoreIsBeforeOrAfterAndTheNextIngestWorks() throws {
        let template = TestScratch.path("footfall-publish-template")
        let noRetention = try Self.configWithoutRetention()
        let day17 = try IngestCrashTests.sampleLogs("web1-2026-11-17")
        let day18 = try IngestCrashTests.sampleLogs("web1-2026-11-18")
        // Two versions already, so that the publication also removes an old one.
        #expect(try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", template] + day17).exitCode == 0)
        #expect(try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", template] + day17 + day18).exitCode == 0)
        let otherServer18 = try IngestCrashTests.sampleLogs("web2-2026-11-18")
        #expect(try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", template] + otherServer18).exitCode == 0)
        let before = try #require(try IngestCrashTests.checkedSnapshot(template))
        #expect(before.days == ["2026-11-17", "2026-11-18"])

        var killedRuns = 0
        var call = 1
        var killedCopies: [String] = []
        while call < 500 {
            let root = TestScratch.path("footfall-publish")
            try Self.copyStore(template, to: root)
            let (killed, result) = try Self.ingest(day18, into: root, killAt: call)
            let seen = try #require(try IngestCrashTests.checkedSnapshot(root))
            if !killed {
                // Past the publication's last call: the ingest finished.
                #expect(result.exitCode == 0, "\(result.standardError)")
                #expect(seen.days == before.days && seen.version != before.version)
                killedCopies.append(root)  // the finished run: the "after" of every table
                break
            }
            killedRuns += 1
            #expect(seen == before || (seen.days == before.days && seen.version != before.version), "killed before call \(call)")
            // The tables as a Delta reader finds them after the kill, read at the end in one go.
            let copy = TestScratch.path("footfall-publish-killed-\(call)")
            try Self.copyStore(root, to: copy)
            killedCopies.append(copy)
            // Whatever was left, the next ingest publishes (and brings back tables a killed run committed).
            let next = try Self.ingest(day18, into: root, killAt: nil, config: noRetention)
            #expect(next.result.exitCode == 0, "after a kill before call \(call): \(next.result.standardError)")
            let after = try #require(try IngestCrashTests.checkedSnapshot(root))
            #expect(after.days == before.days)
            let names = try FileManager.default.contentsOfDirectory(atPath: root + "/_footfall")
            #expect(!names.contains { $0.hasPrefix("staging") }, "after call \(call): \(names)")
            // Every table's log at the version the store's commit names, with its files (store check), and no
            // file of the killed run left unreferenced.
            let check = try CommandRunner.footfall(["store", "check", "--store", root, "--json"])
            #expect(check.exitCode == 0, "after call \(call): \(check.standardOutput)")
            if let object = try? JSONSerialization.jsonObject(with: Data(check.standardOutput.utf8)) as? [String: Any] {
                // With no retention, every file the version does not list is gone: removed ones and the killed run's.
                let unlisted = object["unlisted"] as? [String] ?? []
                #expect(unlisted.isEmpty, "after call \(call): \(unlisted)")
            }
            try? FileManager.default.removeItem(atPath: root)
            call += 1
        }
        // The publication makes a few dozen calls (moves, fsyncs, the tables' commits, the store's commit).
        #expect(killedRuns >= 20, "\(killedRuns) calls")
        guard IngestCrashTests.hasDeltaLake else { return }
        // After every kill, each table read by delta-rs is at the old version or the new one, whole.
        let beforeCounts = try IngestCrashTests.deltaCounts(template)
        let afterCounts = try IngestCrashTests.deltaCounts(try #require(killedCopies.last))
        let all = try IngestCrashTests.deltaCounts(of: Array(killedCopies.dropLast()))
        #expect(all.count == killedCopies.count - 1)
        for copy in killedCopies.dropLast() {
            let counts = all[copy] ?? [:]
            #expect(counts.count == 8, "\(copy)")
            for (table, entry) in counts {
                #expect(entry[1] == beforeCounts[table]?[1] || entry[1] == afterCounts[table]?[1], "\(copy) \(table): \(entry)")
            }
            try? FileManager.default.removeItem(atPath: copy)
        }
    }

    /// An ingest killed between the tables' commits and the store's: the next ingest, even one with nothing to do,
    /// brings the tables back to the store's version, says so, and `store check` is clean (the tables' Delta
    /// versions are then past the ones the store's commit names, with its files).
    @Test func tablesCommittedByAKilledIngestAreBroughtBackEvenByAnIngestWithNothingToDo() throws {
        let template = TestScratch.path("footfall-restore-template")
        let day17 = try IngestCrashTests.sampleLogs("web1-2026-11-17"), day18 = try IngestCrashTests.sampleLogs("web1-2026-11-18")
        #expect(try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", template] + day17).exitCode == 0)
        func logVersions(_ root: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: root + "/visits/_delta_log")) ?? []).sorted()
        }
        var call = 1
        while call < 500 {
            let root = TestScratch.path("footfall-restore")
            try Self.copyStore(template, to: root)
            let (killed, _) = try Self.ingest(day18, into: root, killAt: call)
            guard killed else { break }
            let commits = try FileManager.default.contentsOfDirectory(atPath: root + "/_footfall/versions")
            if commits == ["v000001.json"], logVersions(root).count > logVersions(template).count {
                // visits committed, the store's commit not written: a no-op ingest of the stored day restores.
                let noop = try Self.ingest(day17, into: root, killAt: nil)
                #expect(noop.result.exitCode == 0, "\(noop.result.standardError)")
                #expect(noop.result.standardError.contains("brings it back to v000001"), "\(noop.result.standardError)")
                let check = try CommandRunner.footfall(["store", "check", "--store", root])
                #expect(check.exitCode == 0, "after a kill before call \(call): \(check.standardOutput)")
                if IngestCrashTests.hasDeltaLake {
                    #expect(try IngestCrashTests.deltaCounts(root)["visits"]?[1] == (try IngestCrashTests.deltaCounts(template))["visits"]?[1])
                }
                let again = try Self.ingest(day17, into: root, killAt: nil)
                #expect(!again.result.standardError.contains("brings it back"), "\(again.result.standardError)")
                return
            }
            try? FileManager.default.removeItem(atPath: root)
            call += 1
        }
        Issue.record("no kill landed between the tables' commits and the store's")
    }

    /// The error of an ingest into a store it may not write names the permission, before doing anything.
    @Test func aStoreThatIsNotWritableIsRefusedNamingThePermission() throws {
        // As root the ingest runs as nobody, who must be able to reach the store: the scratch folder may sit
        // in a private temporary folder (CI's `mktemp -d` is mode 0700), so root's store goes under /tmp.
        let root: String
        if geteuid() == 0 {
            var template = Array("/tmp/footfall-readonly-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            guard made != nil else { Issue.record("mkdtemp failed in /tmp"); return }
            let folder = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
            chmod(folder, 0o755)
            root = folder + "/store"
        } else {
            root = TestScratch.path("footfall-readonly")
        }
        defer { if geteuid() == 0 { _ = try? Self.shell("rm -rf '\((root as NSString).deletingLastPathComponent)'") } }
        let day17 = try IngestCrashTests.sampleLogs("web1-2026-11-17")
        #expect(try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", root] + day17).exitCode == 0)
        let before = try IngestCrashTests.checkedSnapshot(root)
        #expect(chmod(root, 0o555) == 0)
        #expect(chmod(root + "/_footfall", 0o555) == 0)
        defer {
            chmod(root, 0o755)
            chmod(root + "/_footfall", 0o755)
        }
        var arguments = ["ingest", "--config", Self.config, "--store", root] + (try IngestCrashTests.sampleLogs("web1-2026-11-18"))
        let result: CommandRunner.Result
        if geteuid() == 0 {
            // root may write anywhere: run as nobody (setpriv, from util-linux), which may read the build and
            // the sample but not write the store. The clone may sit in a folder only root may enter (mktemp -d):
            // nobody runs a copy of the binary and reads a copy of the sample, beside the store.
            let folder = (root as NSString).deletingLastPathComponent
            let binary = folder + "/footfall"
            _ = try Self.shell("cp '\(CommandRunner.productsDirectory.appendingPathComponent("footfall").path)' '\(binary)' && cp -r '\(CommandRunner.repositoryRoot.appendingPathComponent("SampleLogs").path)' '\(folder)/SampleLogs' && chmod -R a+rX '\(folder)/SampleLogs' '\(binary)'")
            arguments = ["ingest", "--config", folder + "/SampleLogs/site.toml", "--store", root, folder + "/SampleLogs/web1-2026-11-18.log.gz"]
            let command = "setpriv --reuid=65534 --regid=65534 --clear-groups '\(binary)' " + arguments.map { "'\($0)'" }.joined(separator: " ")
            let (output, status) = try Self.shell(command)
            result = CommandRunner.Result(exitCode: status, standardOutput: "", standardError: output)
        } else {
            result = try CommandRunner.footfall(arguments)
        }
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("no permission to write"), "\(result.standardError)")
        #expect(result.standardError.contains("mode r-xr-xr-x"), "\(result.standardError)")
        #expect(try IngestCrashTests.checkedSnapshot(root) == before)
    }
}

/// Issue 18.14: a FIFO in place of a store file made reports wait forever; only regular files are opened.
@Suite("Store files that are not files")
struct StoreFileKindTests {
    @Test func aFIFOInPlaceOfAParquetFileIsAnErrorNotAHang() throws {
        let root = TestScratch.path("footfall-fifo")
        #expect(try CommandRunner.footfall(["ingest", "--config", IngestCrashTests.config, "--store", root] + (try IngestCrashTests.sampleLogs("web1-2026-11-17"))).exitCode == 0)
        let file = try IngestCrashTests.dataFile(root, "visits/day=2026-11-17/part-0.parquet")
        try FileManager.default.removeItem(atPath: file)
        #expect(mkfifo(file, 0o644) == 0)
        let started = Date()
        let result = try CommandRunner.footfall(["report", "overview", "--store", root, "--format", "json"])
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("visits/day=2026-11-17/part-v"), "\(result.standardError)")
        #expect(result.standardError.contains("not a regular file"), "\(result.standardError)")
    }
}
