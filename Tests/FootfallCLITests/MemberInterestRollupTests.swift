import Foundation
import Testing
import TestScratch

/// The `member_interest` rollup (docs/STORE.md) was added after stores with days without it existed: such days are
/// read from their page views, carried into new versions as they are, and not called damaged.
@Suite("member_interest on stores written before it")
struct MemberInterestRollupTests {
    /// Removes the day files of `member_interest` from a store of the old layout (``OldLayoutStore``) and from its
    /// manifest, as a store written before the table existed has them.
    static func removeRollup(from store: String) throws {
        let version = try FileManager.default.destinationOfSymbolicLink(atPath: store + "/current")
        let folder = store + "/" + version
        try FileManager.default.removeItem(atPath: folder + "/member_interest")
        let manifestPath = folder + "/_manifest.json"
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [String: Any])
        var files = try #require(manifest["files"] as? [String: Any])
        for key in files.keys where key.hasPrefix("member_interest/") { files[key] = nil }
        manifest["files"] = files
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: manifestPath))
    }

    static func audience(_ store: String) throws -> String {
        let result = try CommandRunner.footfall([
            "audience", "--store", store, "--config", IngestCrashTests.config, "--interest", "보험", "--order-by", "interest", "--format", "json",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        return result.standardOutput
    }

    @Test func oldDaysAreReadFromPageViewsCarriedAndChecked() throws {
        let expected = try Self.audience(StoreDamageTests.template)
        #expect(expected.contains("\"interest:보험\""))

        // Days 17 and 18 written "before the table", then day 19 by this footfall.
        let store = TestScratch.path("footfall-old-rollup")
        let first = try CommandRunner.footfall(
            ["ingest", "--config", IngestCrashTests.config, "--store", store] + (try IngestCrashTests.sampleLogs("2026-11-17")) + (try IngestCrashTests.sampleLogs("2026-11-18")))
        #expect(first.exitCode == 0, "\(first.standardError)")
        try OldLayoutStore.make(from: store)
        try Self.removeRollup(from: store)
        #expect(try CommandRunner.footfall(["store", "migrate", "--store", store]).exitCode == 0)
        let check = try CommandRunner.footfall(["store", "check", "--store", store])
        #expect(check.exitCode == 0, "\(check.standardOutput)\(check.standardError)")

        let later = try CommandRunner.footfall(["ingest", "--config", IngestCrashTests.config, "--store", store] + (try IngestCrashTests.sampleLogs("2026-11-19")))
        #expect(later.exitCode == 0, "\(later.standardError)")
        let files = try #require(try IngestCrashTests.latestCommit(store)?["files"] as? [String: Any])
        #expect(files.keys.filter { $0.hasPrefix("member_interest/") } == ["member_interest/day=2026-11-19/part-0.parquet"])
        let checkAfter = try CommandRunner.footfall(["store", "check", "--store", store])
        #expect(checkAfter.exitCode == 0, "\(checkAfter.standardOutput)\(checkAfter.standardError)")

        // Two days from page views, one from the rollup: the same audience, figure for figure.
        #expect(try Self.audience(store) == expected)
    }
}
