import Foundation
import Testing
import TestScratch

@Suite("footfall sessions")
struct SessionsCommandTests {
    static func line(_ time: String, _ target: String, cookie: String) -> String {
        #"192.0.2.1 - - [\#(time) +0900] "GET \#(target) HTTP/1.1" 200 10 "-" "Mozilla/5.0 (iPhone) Mobile" "\#(cookie)""#
    }

    @Test func jsonPerDayAndTheHistoryCarriesOver() throws {
        let folder = URL(fileURLWithPath: TestScratch.path("footfall-cli-sessions"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("site.toml").path
        try "[site]\ntimezone = \"Asia/Seoul\"\nlog_format = \"combined_cookie\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let day1 = folder.appendingPathComponent("d1.log").path
        try [
            Self.line("17/Nov/2026:10:00:00", "/a.do", cookie: "WNUID=k1"),
            Self.line("17/Nov/2026:10:05:00", "/b.do", cookie: "WNUID=k1; WNMID=M5"),
            Self.line("17/Nov/2026:11:00:00", "/a.do", cookie: "WNUID=k2"),
        ].joined(separator: "\n").write(toFile: day1, atomically: true, encoding: .utf8)
        let day2 = folder.appendingPathComponent("d2.log").path
        try Self.line("18/Nov/2026:09:00:00", "/a.do", cookie: "WNUID=k1").write(toFile: day2, atomically: true, encoding: .utf8)
        let history = folder.appendingPathComponent("history.tsv").path

        let first = try CommandRunner.footfall(["sessions", day1, "--config", config, "--history", history, "--json"])
        #expect(first.exitCode == 0)
        let firstDays = try #require((try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as? [String: Any])?["days"] as? [[String: Any]])
        #expect(firstDays.count == 1)
        let d1 = firstDays[0]
        #expect(d1["day"] as? String == "2026-11-17")
        #expect(d1["visits"] as? Int == 2)
        #expect(d1["visitors"] as? Int == 2)
        #expect(d1["first_time_visitors"] as? Int == 2)
        #expect(d1["page_views"] as? Int == 3)
        #expect(d1["logins"] as? Int == 1)
        #expect(d1["segments"] as? [String: Int] == ["customer": 0, "member": 1, "anonymous_new": 1, "anonymous": 0])
        #expect(d1["channels"] as? [String: Int] == ["campaign": 0, "search": 0, "social": 0, "referral": 0, "direct": 2])
        #expect(d1["devices"] as? [String: Int] == ["desktop": 0, "mobile": 2, "tablet": 0])
        #expect(FileManager.default.fileExists(atPath: history))
        // It holds the fingerprint secret, cookies and member ids: owner only (issue 18.15; was 0644).
        let mode = (try FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)

        // The next night: k1 is known, and recognised as member M5.
        let second = try CommandRunner.footfall(["sessions", day2, "--config", config, "--history", history, "--json"])
        #expect(second.exitCode == 0)
        let d2 = try #require(((try JSONSerialization.jsonObject(with: Data(second.standardOutput.utf8)) as? [String: Any])?["days"] as? [[String: Any]])?.first)
        #expect(d2["first_time_visitors"] as? Int == 0)
        #expect(d2["logins"] as? Int == 0)
        #expect((d2["segments"] as? [String: Int])?["member"] == 1)
    }

    @Test func aBadCustomerFileIsAUsageErrorNamingTheLine() throws {
        let folder = URL(fileURLWithPath: TestScratch.path("footfall-cli-badcsv"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "[site]\ncustomers = \"c.csv\"\n".write(toFile: folder.appendingPathComponent("site.toml").path, atomically: true, encoding: .utf8)
        try "member_id,grade,insured\nM1,vip,Y\nM2,platinum,N\n".write(toFile: folder.appendingPathComponent("c.csv").path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.footfall(["sessions", "-", "--config", folder.appendingPathComponent("site.toml").path], standardInput: Data())
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("c.csv:3: grade"))
    }
}
