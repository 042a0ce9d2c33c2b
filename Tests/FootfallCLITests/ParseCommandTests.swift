import Foundation
import Testing

@Suite("footfall parse")
struct ParseCommandTests {
    static let good = #"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /index.do HTTP/1.1" 200 512 "-" "Mozilla/5.0 (iPhone) Mobile""#
    static let bot = #"192.0.2.2 - - [17/Nov/2026:09:00:01 +0900] "GET /index.do HTTP/1.1" 404 0 "-" "Googlebot/2.1""#

    @Test func jsonHasTheContractKeys() throws {
        let path = try CommandRunner.temporaryFile(Array("\(Self.good)\n\(Self.good)\n\(Self.bot)\n".utf8), suffix: ".log")
        let result = try CommandRunner.footfall(["parse", path, "--format", "combined", "--json"])
        #expect(result.exitCode == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["lines"] as? Int == 3)
        #expect(json["hits"] as? Int == 2)
        #expect(json["bot_hits"] as? Int == 1)
        #expect(json["page_views"] as? Int == 2)
        #expect(json["bad_lines"] as? [String: Int] == [:])
        #expect(json["statuses"] as? [String: Int] == ["200": 2, "404": 1])
        #expect(json["devices"] as? [String: Int] == ["desktop": 0, "mobile": 2, "tablet": 0])
        let top = try #require(json["top_pages"] as? [[String: Any]])
        #expect(top.first?["path"] as? String == "/index.do")
        #expect(top.first?["page_views"] as? Int == 2)
    }

    @Test func theSampleLogsParseWithTheirConfig() throws {
        let folder = CommandRunner.repositoryRoot.appendingPathComponent("SampleLogs")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".log.gz") }.sorted().map { "SampleLogs/\($0)" }
        let result = try CommandRunner.footfall(["parse"] + files + ["--config", "SampleLogs/site.toml", "--json"])
        #expect(result.exitCode == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["bad_lines"] as? [String: Int] == ["bad_date": 24, "bad_request_line": 84, "wrong_field_count": 24])
    }

    @Test func tooManyBadLinesExitWithTwoAndSayWhatToDo() throws {
        let text = ([Self.good] + Array(repeating: "not a log line", count: 3)).joined(separator: "\n")
        let path = try CommandRunner.temporaryFile(Array(text.utf8), suffix: ".log")
        let result = try CommandRunner.footfall(["parse", path, "--format", "combined"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("\(path):2:"))
        #expect(result.standardError.contains("max_bad_ratio"))
        #expect(result.standardError.contains("--format"))
        // The offending line itself is not printed…
        #expect(!result.standardError.contains("not a log line"))
        // …unless asked for.
        let verbose = try CommandRunner.footfall(["parse", path, "--format", "combined", "--verbose", "--json"] + ["--top", "1"])
        #expect(verbose.standardError.contains("not a log line") || verbose.standardOutput.contains("not a log line"))
    }

    @Test func truncatedGzipExitsWithTwoUnlessSalvaged() throws {
        let lines = (0..<2000).map { _ in Self.good }.joined(separator: "\n") + "\n"
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-c", "-n"]
        let input = Pipe()
        let output = Pipe()
        gzip.standardInput = input
        gzip.standardOutput = output
        try gzip.run()
        input.fileHandleForWriting.write(Data(lines.utf8))
        try input.fileHandleForWriting.close()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        let path = try CommandRunner.temporaryFile(Array(compressed.prefix(compressed.count - 40)), suffix: ".gz")

        let failed = try CommandRunner.footfall(["parse", path, "--format", "combined"])
        #expect(failed.exitCode == 2)
        #expect(failed.standardError.contains("truncated"))
        #expect(failed.standardError.contains("--salvage"))

        let salvaged = try CommandRunner.footfall(["parse", path, "--format", "combined", "--salvage", "--json"])
        #expect(salvaged.exitCode == 0)
        #expect(salvaged.standardError.contains("salvaged"))
    }

    @Test func standardInputIsRead() throws {
        let result = try CommandRunner.footfall(["parse", "-", "--format", "combined", "--json"], standardInput: Data("\(Self.good)\n".utf8))
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("\"hits\" : 1"))
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let result = try CommandRunner.footfall(["parse", "-", "--format", "fancy"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("unknown log format"))
    }

    @Test func aBadConfigIsAUsageErrorNamingTheKey() throws {
        let config = try CommandRunner.temporaryFile(Array("[site]\nvisit_timeout = \"x\"\n".utf8), suffix: ".toml")
        let result = try CommandRunner.footfall(["parse", "-", "--config", config])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("[site].visit_timeout"))
    }

    @Test func aMissingFileExitsWithTwo() throws {
        let result = try CommandRunner.footfall(["parse", "/nonexistent/access.log"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("/nonexistent/access.log"))
    }
}
