import Foundation
import Testing
import TestScratch

/// SPEC §16: a store of schema 5 is never read or written silently; `footfall store migrate` turns it into Delta
/// Lake tables with every day and figure kept.
@Suite("footfall store migrate")
struct StoreMigrationTests {
    static let config = IngestCrashTests.config

    @Test func anOldStoreIsRefusedWithTheHintThenMigratedWithTheSameFigures() throws {
        let root = TestScratch.path("footfall-migrate")
        #expect(try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", root] + (try IngestCrashTests.sampleLogs())).exitCode == 0)
        let overview = try CommandRunner.footfall(["report", "overview", "--store", root, "--format", "json"])
        let segments = try CommandRunner.footfall(["report", "segments", "--store", root, "--format", "json", "--device", "mobile"])
        try OldLayoutStore.make(from: root)

        for command in [["report", "overview", "--store", root], ["ingest", "--config", Self.config, "--store", root] + (try IngestCrashTests.sampleLogs("2026-11-19"))] {
            let refused = try CommandRunner.footfall(command)
            #expect(refused.exitCode == 2, "\(command[0])")
            #expect(refused.standardError.contains("footfall store migrate --store \(root)"), "\(refused.standardError)")
        }
        #expect(FileManager.default.fileExists(atPath: root + "/current"))

        let migrated = try CommandRunner.footfall(["store", "migrate", "--store", root])
        #expect(migrated.exitCode == 0, "\(migrated.standardError)")
        #expect(migrated.standardOutput.contains("migrated v000001: 3 day(s), 20 files"), "\(migrated.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: root + "/current") && !FileManager.default.fileExists(atPath: root + "/versions"))
        #expect(try CommandRunner.footfall(["report", "overview", "--store", root, "--format", "json"]).standardOutput == overview.standardOutput)
        #expect(try CommandRunner.footfall(["report", "segments", "--store", root, "--format", "json", "--device", "mobile"]).standardOutput == segments.standardOutput)
        let check = try CommandRunner.footfall(["store", "check", "--store", root])
        #expect(check.exitCode == 0, "\(check.standardOutput)")
        let again = try CommandRunner.footfall(["store", "migrate", "--store", root])
        #expect(again.exitCode == 0 && again.standardOutput.contains("nothing to do"))
        if IngestCrashTests.hasDeltaLake {
            let counts = try IngestCrashTests.deltaCounts(root)
            #expect(counts["visits"] == [0, 4993] && counts["pageviews"] == [0, 14535], "\(counts)")
        }
        // The next ingest writes on the migrated store as on any other.
        let next = try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", root] + (try IngestCrashTests.sampleLogs("2026-11-19")))
        #expect(next.exitCode == 0, "\(next.standardError)")
    }

    /// A migration killed at any step leaves the old layout readable by the migration (which runs again) or the
    /// new one whole.
    @Test func aMigrationKilledAtAnyStepCanRunAgain() throws {
        let template = TestScratch.path("footfall-migrate-template")
        #expect(try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", template] + (try IngestCrashTests.sampleLogs("web1"))).exitCode == 0)
        let overview = try CommandRunner.footfall(["report", "overview", "--store", template, "--format", "json"]).standardOutput
        try OldLayoutStore.make(from: template)
        var call = 1
        while call < 300 {
            let root = TestScratch.path("footfall-migrate-killed")
            try PublishCrashTests.copyStore(template, to: root)
            let process = Process()
            process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("footfall")
            process.arguments = ["store", "migrate", "--store", root]
            process.environment = ProcessInfo.processInfo.environment.merging(["FOOTFALL_TEST_KILL_AT": String(call)]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let killed = process.terminationReason == .uncaughtSignal
            let rerun = try CommandRunner.footfall(["store", "migrate", "--store", root])
            #expect(rerun.exitCode == 0, "after a kill before call \(call): \(rerun.standardError)")
            let report = try CommandRunner.footfall(["report", "overview", "--store", root, "--format", "json"])
            #expect(report.standardOutput == overview, "after a kill before call \(call): \(report.standardError)")
            try? FileManager.default.removeItem(atPath: root)
            if !killed { break }
            call += 1
        }
        #expect(call > 10, "\(call) calls")
    }
}
