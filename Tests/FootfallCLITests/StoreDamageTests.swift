import Foundation
import Testing
import TestScratch

/// Issue 18.13: a damaged byte in a footer statistic made `paths` silently drop transitions, and a day's file
/// replaced by another's changed figures with exit 0. Every file's checksums are in the manifest, readers
/// check them, `footfall store check` verifies a whole store, and an ingest does not carry damage forward.
@Suite("Damaged stores", .serialized)
struct StoreDamageTests {
    static let config = IngestCrashTests.config

    /// A store of the three sample days, made once and copied for each test.
    static let template: String = {
        let root = TestScratch.path("footfall-damage-template")
        let result = try? CommandRunner.footfall(["ingest", "--config", config, "--store", root] + ((try? IngestCrashTests.sampleLogs()) ?? []))
        precondition(result?.exitCode == 0, "the template store could not be made: \(result?.standardError ?? "")")
        return root
    }()

    static func copy() throws -> (root: String, version: String) {
        let root = TestScratch.path("footfall-damage")
        let (_, status) = try PublishCrashTests.shell("cp -a '\(template)' '\(root)'")
        #expect(status == 0)
        return (root, root)
    }

    /// Flips one bit of `path` at `offset` (negative: from the end).
    static func flip(_ path: String, at offset: Int) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset < 0 ? bytes.count + offset : offset] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The footer's length, from the 4 bytes before the trailing magic.
    static func footerLength(_ path: String) throws -> Int {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let n = bytes.count
        return Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
    }

    @Test func aWholeStoreChecksOut() throws {
        let result = try CommandRunner.footfall(["store", "check", "--store", Self.template])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("ok: v000001, 3 day(s), 20 files"))
    }

    /// Each table, damaged in its footer, under a report that reads it (unfiltered reports read the rollups,
    /// filtered ones the visits and page views).
    @Test(arguments: [
        ("daily_items", ["paths"]), ("daily_visits", ["overview"]), ("visits", ["overview", "--segment", "member"]),
        ("pageviews", ["pages", "--device", "mobile"]), ("daily_hits", ["status"]),
    ])
    func aDamagedFooterIsAnErrorNotDifferentFigures(table: String, report: [String]) throws {
        let (root, _) = try Self.copy()
        let file = try IngestCrashTests.dataFile(root, "\(table)/day=2026-11-18/part-0.parquet")
        let before = try CommandRunner.footfall(["report"] + report + ["--store", root, "--format", "json"])
        #expect(before.exitCode == 0)
        try Self.flip(file, at: -8 - (try Self.footerLength(file)) / 2)
        let result = try CommandRunner.footfall(["report"] + report + ["--store", root, "--format", "json"])
        #expect(result.exitCode == 2, "\(report)")
        #expect(result.standardError.contains("\(table)/day=2026-11-18/part-v"), "\(report): \(result.standardError)")
        #expect(result.standardError.contains("store check"), "\(report)")
        let check = try CommandRunner.footfall(["store", "check", "--store", root])
        #expect(check.exitCode == 2)
        #expect(check.standardOutput.contains("damaged: \(file)"), "\(check.standardOutput)")
    }

    @Test func aDamagedPageIsAnError() throws {
        let (root, _) = try Self.copy()
        // A byte inside the first column chunk's pages (just after the leading magic and a page header).
        try Self.flip(try IngestCrashTests.dataFile(root, "visits/day=2026-11-17/part-0.parquet"), at: 40)
        let result = try CommandRunner.footfall(["inspect", "--store", root, "--table", "visits", "--day", "2026-11-17"])
        #expect(result.exitCode == 2)
        let check = try CommandRunner.footfall(["store", "check", "--store", root, "--json"])
        #expect(check.exitCode == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(check.standardOutput.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        #expect((object["problems"] as? [[String: String]])?.first?["path"]?.contains("visits/day=2026-11-17/part-v") == true)
    }

    @Test func aDaysFileSwappedForAnothersIsAnError() throws {
        let (root, _) = try Self.copy()
        let day17 = try IngestCrashTests.dataFile(root, "visits/day=2026-11-17/part-0.parquet")
        try FileManager.default.removeItem(atPath: day17)
        try FileManager.default.copyItem(atPath: try IngestCrashTests.dataFile(root, "visits/day=2026-11-18/part-0.parquet"), toPath: day17)
        let result = try CommandRunner.footfall(["report", "overview", "--store", root, "--format", "json", "--segment", "member"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("visits/day=2026-11-17/part-v"), "\(result.standardError)")
    }

    @Test func aMissingDayFileIsAnErrorNotAnEmptyDay() throws {
        let (root, _) = try Self.copy()
        try FileManager.default.removeItem(atPath: try IngestCrashTests.dataFile(root, "daily_visits/day=2026-11-19/part-0.parquet"))
        let result = try CommandRunner.footfall(["report", "overview", "--store", root, "--format", "json"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("daily_visits/day=2026-11-19/part-v") && result.standardError.contains(": is missing"), "\(result.standardError)")
    }

    /// An ingest of another day does not link a damaged day into its new version; ingesting the damaged day's
    /// logs again writes it afresh.
    @Test func anIngestDoesNotCarryDamageForward() throws {
        let (root, _) = try Self.copy()
        try Self.flip(try IngestCrashTests.dataFile(root, "pageviews/day=2026-11-17/part-0.parquet"), at: 60)
        let other = try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", root] + (try IngestCrashTests.sampleLogs("2026-11-19")))
        #expect(other.exitCode == 2)
        #expect(other.standardError.contains("pageviews/day=2026-11-17/part-v"), "\(other.standardError)")
        #expect(other.standardError.contains("The stored day 2026-11-17 is damaged"), "\(other.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/_footfall/versions") == ["v000001.json"])
        let repaired = try CommandRunner.footfall(
            ["ingest", "--config", Self.config, "--store", root, "--rebuild-from", "2026-11-17"] + (try IngestCrashTests.sampleLogs()))
        #expect(repaired.exitCode == 0, "\(repaired.standardError)")
        #expect(try CommandRunner.footfall(["store", "check", "--store", root]).exitCode == 0)
    }
}
