import Foundation
import Testing
import TestScratch

#if canImport(Glibc)
import Glibc
#endif

/// Inputs that `Scripts/fuzz_cli.py` and the adversarial test of issue 18 found, kept as regression tests.
@Suite("Fuzzing regressions", .serialized)
struct FuzzRegressionTests {
    static let config = IngestCrashTests.config

    static func file(_ text: String, suffix: String = ".log") throws -> String {
        try CommandRunner.temporaryFile(Array(text.utf8), suffix: suffix)
    }

    /// A line dated in year 1 or 9999 is a bad date; it never becomes a store day (issue 18.1).
    @Test(arguments: ["01/Jan/0001:00:00:00 +0000", "31/Dec/9999:23:59:59 -2359", "12/Nov/0000:09:46:06 +0000"])
    func anImpossibleYearIsABadLineNotADay(_ time: String) throws {
        let good = try String(contentsOfFile: CommandRunner.repositoryRoot.appendingPathComponent("Tests/Fixtures/real-logs/lnav-tests/logfile_access_log.0").path, encoding: .utf8)
        let bad = #"192.0.2.1 - - [\#(time)] "GET /x HTTP/1.1" 200 1 "-" "Mozilla/5.0""#
        let path = try Self.file(good + bad + "\n")
        let config = try Self.file("[site]\nlog_format = \"combined\"\nmax_bad_ratio = 0.5\n", suffix: ".toml")
        let parsed = try CommandRunner.footfall(["parse", path, "--config", config, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(parsed.standardOutput.utf8)) as? [String: Any], "\(parsed.standardError)")
        #expect((object["bad_lines"] as? [String: Int])?["bad_date"] == 1, "\(parsed.standardOutput)")
        let store = TestScratch.path("footfall-years")
        let ingest = try CommandRunner.footfall(["ingest", "--config", config, "--store", store, path, "--json"])
        #expect(ingest.exitCode == 0, "\(ingest.standardError)")
        let days = (try JSONSerialization.jsonObject(with: Data(ingest.standardOutput.utf8)) as? [String: Any])?["days"] as? [String]
        #expect(days == ["2009-07-20"], "\(ingest.standardOutput)")
    }

    /// `common` (or any format ending in a bare number) with an extra trailing field: ignored, as after a
    /// quoted last field (FORMATS.md), not `bad_number`.
    @Test func extraFieldsAfterABareLastFieldAreIgnored() throws {
        let path = try Self.file(#"1.2.3.4 - - [10/Feb/2012:16:42:07 -0500] "GET / HTTP/1.0" 301 368 "-" "miss" "https""# + "\n")
        let parsed = try CommandRunner.footfall(["parse", path, "--format", "common", "--json"])
        #expect(parsed.exitCode == 0, "\(parsed.standardError)")
        #expect(parsed.standardOutput.contains("\"hits\" : 1"))
    }

    /// `auto` on a combined log whose first line lost its last field stays `combined` (since `common` ignores
    /// extra trailing fields it reads combined lines too, and won by one line).
    @Test func oneDamagedLineDoesNotMakeACombinedLogCommon() throws {
        let line = #"91.239.186.133 - - [17/May/2015:08:05:04 +0000] "GET /downloads/product_2 HTTP/1.1" 304 0 "-""#
        let lines = [line] + (0..<29).map { _ in line + #" "Debian APT-HTTP/1.3 (0.8.16~exp12ubuntu10.16)""# }
        let path = try Self.file(lines.joined(separator: "\n") + "\n")
        let config = try Self.file("[site]\nmax_bad_ratio = 1.0\n", suffix: ".toml")
        let parsed = try CommandRunner.footfall(["parse", path, "--config", config, "--format", "auto", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(parsed.standardOutput.utf8)) as? [String: Any])
        #expect((object["formats"] as? [String: String])?.values.first == "combined")
        #expect((object["bad_lines"] as? [String: Int])?["wrong_field_count"] == 1)
    }

    /// An input with no dated hit publishes nothing, every time (each ingest used to publish a new version).
    @Test func anInputWithoutHitsPublishesNothing() throws {
        let store = TestScratch.path("footfall-nothing")
        let path = try Self.file("#Fields: date time c-ip cs-method cs-uri-stem sc-status\n")
        for _ in 0..<2 {
            let result = try CommandRunner.footfall(["ingest", "--config", Self.config, "--format", "w3c", "--store", store, path, "--json"])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput.contains("\"changed\" : false"))
        }
        #expect(!FileManager.default.fileExists(atPath: store + "/_footfall/versions"))
    }

    /// A column named twice made `inspect` trap.
    @Test func inspectTakesAColumnNamedTwice() throws {
        let store = TestScratch.path("footfall-inspect")
        #expect(try CommandRunner.footfall(["ingest", "--config", Self.config, "--store", store] + (try IngestCrashTests.sampleLogs("web1-2026-11-17"))).exitCode == 0)
        let result = try CommandRunner.footfall(["inspect", "--store", store, "--columns", "visit_id,visit_id,segment"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("visit_id:"))
        let unknown = try CommandRunner.footfall(["inspect", "--store", store, "--table", "bogus"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("daily_items"))
    }

    /// Usage errors repeat the value given: its control and bidirectional characters come out as escapes
    /// (issue 18.16), and every other error names the file without echoing raw bytes.
    @Test(arguments: [["report", "status", "--store", "/nonexistent", "--from", "\u{1B}[2J"], ["report", "status", "--store", "/nonexistent", "--segment", "\u{202E}x"], ["parse", "/nonexistent/\u{1B}[31mx.log"]])
    func messagesNeverCarryControlOrBidiCharacters(_ arguments: [String]) throws {
        let result = try CommandRunner.footfall(arguments)
        #expect(result.exitCode != 0)
        #expect(!result.standardError.isEmpty)
        #expect(!result.standardError.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, "\(result.standardError.debugDescription)")
        #expect(result.standardError.contains("\\x1B") || result.standardError.contains("\\u{202E}"))
    }

    /// `--top=-1` and a reorder window past what the program holds trapped (SIGILL); both are usage errors.
    @Test func outOfRangeNumbersAreUsageErrors() throws {
        let log = try IngestCrashTests.sampleLogs("web1-2026-11-17")[0]
        let top = try CommandRunner.footfall(["parse", "--top=-1", log])
        #expect(top.exitCode == 64)
        let config = try Self.file("[site]\nreorder_window = 9223372036854775807\n", suffix: ".toml")
        let window = try CommandRunner.footfall(["sessions", "--config", config, log])
        #expect(window.exitCode == 64)
        #expect(window.standardError.contains("[site].reorder_window"))
    }

    /// `overview --from 0001-01-01 --to 9999-12-31` walked every day of ten thousand years (73 s, 2 GB): a range
    /// is cut to the store's days and said (SPEC §12.21); a range outside them, or backwards, is a usage error.
    @Test func aRangeIsCutToTheStoresDays() throws {
        let store = StoreDamageTests.template
        let cut = try CommandRunner.footfall(["report", "overview", "--store", store, "--from", "0001-01-01", "--to", "9999-12-31", "--format", "json"])
        #expect(cut.exitCode == 0)
        #expect(cut.standardError.contains("cut to the store's days: 2026-11-17 – 2026-11-19"))
        let whole = try CommandRunner.footfall(["report", "overview", "--store", store, "--format", "json"])
        // The same figures; the JSON says what was asked for in `range_cut`.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(cut.standardOutput.utf8)) as? [String: Any])
        #expect(object.removeValue(forKey: "range_cut") as? [String: String] == ["from": "0001-01-01", "to": "9999-12-31"])
        let wholeObject = try #require(try JSONSerialization.jsonObject(with: Data(whole.standardOutput.utf8)) as? [String: Any])
        #expect(NSDictionary(dictionary: object).isEqual(to: wholeObject))
        for (from, to) in [("2026-12-01", "2026-12-31"), ("2026-01-01", "2026-11-16"), ("2026-11-19", "2026-11-18")] {
            let refused = try CommandRunner.footfall(["report", "overview", "--store", store, "--from", from, "--to", to])
            #expect(refused.exitCode == 64, "\(from) \(to)")
        }
    }

    /// A pipe among the inputs (`<(zcat a.gz)`, a FIFO) is read once only: it is not looked at beforehand for
    /// its first timestamp (that look would have thrown its first 64 KiB away).
    @Test func aPipeAmongSeveralInputsLosesNothing() throws {
        let logs = try IngestCrashTests.sampleLogs("2026-11-17")
        let fifo = TestScratch.path("footfall-fifo", suffix: ".log")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "gzip -dc '\(logs[0])' > '\(fifo)'"]
        try writer.run()
        let piped = try CommandRunner.footfall(["sessions", "--config", Self.config, "--json", fifo, logs[1]])
        writer.waitUntilExit()
        let direct = try CommandRunner.footfall(["sessions", "--config", Self.config, "--json", logs[0], logs[1]])
        #expect(piped.exitCode == 0, "\(piped.standardError)")
        #expect(piped.standardOutput == direct.standardOutput)
    }
}
