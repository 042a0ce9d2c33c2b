import Foundation
import Testing
import TestScratch

/// `footfall audience` as a user runs it: the count first on standard error, the list on standard output or in
/// a file only its owner can read, usage errors with exit 64.
@Suite("footfall audience")
struct AudienceCommandTests {
    static var store: String { StoreDamageTests.template }
    static var config: String { CommandRunner.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path }

    @Test func theCountGoesToStandardErrorAndTheListToStandardOutput() throws {
        let result = try CommandRunner.footfall(["audience", "maturing_customers", "--store", Self.store, "--config", Self.config])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\r\n")
        #expect(lines.first?.hasPrefix("member_id,grade,gender,birth_year,segment,visits,last_visit,product_1,") == true)
        #expect(result.standardError.hasPrefix("\(lines.count - 1) members"))
        #expect(lines.count > 1)
    }

    @Test func anOutputFileIsCreatedReadableByItsOwnerOnly() throws {
        let path = TestScratch.path("audience", suffix: ".json")
        // An existing file with a wide mode is replaced by one of mode 0600.
        FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        let result = try CommandRunner.footfall(
            ["audience", "--store", Self.store, "--config", Self.config, "--segment", "customer", "--format", "json", "--output", path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect((json?["criteria"] as? [String: Any])?["segment"] as? String == "customer")
        #expect(json?["count"] as? Int == (json?["members"] as? [Any])?.count)
        #expect(result.standardError.hasPrefix("\(json?["count"] as? Int ?? -1) members"))
    }

    @Test(arguments: [
        (["--where", "job=clerk"], "no column 'job'"),
        (["--interest", "보헙"], "did you mean '보험'"),
        (["--dropped", "insurance_signup:7"], "has no step '7'"),
        (["--order-by", "age"], "expected member_id, interest or last_visit"),
        (["--visited-within", "0"], "give a number from 1"),
        (["no_such_audience"], "no audience 'no_such_audience'"),
    ])
    func aCriterionThatCannotMatchExits64(arguments: [String], message: String) throws {
        let result = try CommandRunner.footfall(["audience", "--store", Self.store, "--config", Self.config] + arguments)
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func explainListsWhatEachCriterionLeaves() throws {
        let result = try CommandRunner.footfall(
            ["audience", "--store", Self.store, "--config", Self.config, "--segment", "customer", "--maturity-within", "20", "--explain"],
            environment: ["LANG": "ko_KR.UTF-8"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("기간 내 방문 회원"))
        #expect(result.standardOutput.contains("--segment customer"))
        #expect(result.standardOutput.contains("--maturity-within 20"))
    }
}
