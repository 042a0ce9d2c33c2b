import Foundation
import Testing
import TestScratch

/// SPEC §16: every table is a Delta Lake table that independent readers (delta-rs, Polars) open at every version
/// of an ingest sequence with footfall's figures at that version; `--as-of` and `store versions` read earlier
/// versions; removed files stay for the retention.
@Suite("Delta Lake tables", .serialized)
struct DeltaTablesTests {
    static let config = IngestCrashTests.config

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Three ingests, the third replacing a day: v000001 (17th, one server), v000002 (18th, one server), v000003
    /// (18th again with both servers).
    static func sequence() throws -> String {
        let root = TestScratch.path("footfall-delta-sequence")
        for logs in [try IngestCrashTests.sampleLogs("web1-2026-11-17"), try IngestCrashTests.sampleLogs("web1-2026-11-18"),
                     try IngestCrashTests.sampleLogs("2026-11-18")] {
            let result = try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", root] + logs)
            #expect(result.exitCode == 0, "\(result.standardError)")
        }
        return root
    }

    @Test(.enabled(if: IngestCrashTests.hasDeltaLake))
    func deltaReadersSeeEveryVersionWithFootfallsFigures() throws {
        let root = try Self.sequence()
        let versions = try Self.json(try CommandRunner.footfall(["store", "versions", "--store", root, "--json"]).standardOutput)["versions"] as? [[String: Any]]
        #expect(versions?.compactMap { $0["version"] as? String } == ["v000003", "v000002", "v000001"])
        #expect(versions?.allSatisfy { $0["readable"] as? Bool == true } == true)
        let (out, status, error) = try PythonCompare.run(
            "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')", [IngestCrashTests.deltaCheck, "versions", root])
        #expect(status == 0, "\(error)")
        let delta = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [String: [String: Any]]])
        for entry in versions ?? [] {
            let name = try #require(entry["version"] as? String)
            let tables = try #require(entry["tables"] as? [String: Int])
            // footfall's own figures at that version.
            let overview = try Self.json(try CommandRunner.footfall(["report", "overview", "--store", root, "--as-of", name, "--format", "json"]).standardOutput)
            let daily = try #require(overview["daily"] as? [[String: Any]])
            let visits = try #require(delta["visits"]?[String(tables["visits"] ?? -1)]?["days"] as? [String: Int])
            let pageViews = try #require(delta["pageviews"]?[String(tables["pageviews"] ?? -1)]?["days"] as? [String: Int])
            #expect(Set(visits.keys) == Set(daily.compactMap { $0["day"] as? String }), "\(name)")
            for day in daily {
                let key = try #require(day["day"] as? String)
                #expect(visits[key] == day["visits"] as? Int, "\(name) \(key) visits")
                #expect(pageViews[key] == day["page_views"] as? Int, "\(name) \(key) page views")
            }
            let hits = try #require(delta["daily_hits"]?[String(tables["daily_hits"] ?? -1)]?["rows"] as? Int)
            #expect(hits > 0)
        }
        // The replaced day: v000003's 18th has both servers' visits, v000002's one server's, and both can be read.
        let at2 = try Self.json(try CommandRunner.footfall(["report", "overview", "--store", root, "--as-of", "2", "--format", "json"]).standardOutput)
        let at3 = try Self.json(try CommandRunner.footfall(["report", "overview", "--store", root, "--format", "json"]).standardOutput)
        let visits2 = ((at2["totals"] as? [String: Any])?["visits"] as? Int) ?? 0, visits3 = ((at3["totals"] as? [String: Any])?["visits"] as? Int) ?? 0
        #expect(visits2 > 0 && visits3 > visits2)
        // Polars reads the latest version of every table with delta-rs's counts.
        if PythonCompare.canImport("polars") {
            let (polarsOut, polarsStatus, polarsError) = try PythonCompare.run(
                "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')", [IngestCrashTests.deltaCheck, "polars", root])
            #expect(polarsStatus == 0, "\(polarsError)")
            let polars = try #require(try JSONSerialization.jsonObject(with: Data(polarsOut.utf8)) as? [String: Int])
            let latest = try IngestCrashTests.deltaCounts(root)
            #expect(polars.count == 8)
            for (table, rows) in polars { #expect(latest[table]?[1] == rows, "\(table)") }
        }
    }

    @Test func anUnknownVersionIsAUsageErrorThatListsTheVersions() throws {
        let root = TestScratch.path("footfall-delta-asof")
        #expect(try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", root] + (try IngestCrashTests.sampleLogs("web1-2026-11-17"))).exitCode == 0)
        let result = try CommandRunner.footfall(["report", "overview", "--store", root, "--as-of", "v000009"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("footfall store versions lists them (the latest: v000001)"), "\(result.standardError)")
    }

    /// With `retention_hours = 0` the files an ingest removes are deleted at once, and the earlier version cannot be
    /// read any more: said, not read wrong.
    @Test func removedFilesAreDeletedAfterTheRetention() throws {
        let root = TestScratch.path("footfall-delta-retention")
        let noRetention = try PublishCrashTests.configWithoutRetention()
        let day18 = try IngestCrashTests.sampleLogs("web1-2026-11-18")
        #expect(try CommandRunner.footfall(["ingest", "--config", noRetention, "--store", root] + day18).exitCode == 0)
        let old = try IngestCrashTests.dataFile(root, "visits/day=2026-11-18/part-0.parquet")
        #expect(try CommandRunner.footfall(["ingest", "--config", noRetention, "--store", root] + (try IngestCrashTests.sampleLogs("2026-11-18"))).exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: old))
        let result = try CommandRunner.footfall(["report", "overview", "--store", root, "--as-of", "1", "--format", "json"])
        // The first version's commit is older than the retention (0 h): it is gone from the list too.
        #expect(result.exitCode == 64 || result.standardError.contains("deleted after the retention period"), "\(result.standardError)")
        let check = try CommandRunner.footfall(["store", "check", "--store", root, "--json"])
        #expect(check.exitCode == 0)
        #expect((try Self.json(check.standardOutput)["unlisted"] as? [String])?.isEmpty == true)
    }
}
