import Foundation
import Testing
import TestScratch

/// Issue 19: reports a marketer can trust — cost spread over a campaign's days (§12.18), conversion goals
/// (§12.19), e-mail rates (§12.20), checked filter values and cut ranges (§12.21), comparisons (§12.22).
@Suite("Reports a marketer can trust", .serialized)
struct ReportTrustTests {
    static let config = IngestCrashTests.config
    static var store: String { StoreDamageTests.template }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandRunner.footfall(["report"] + arguments + ["--store", store, "--format", "json"])
        #expect(result.exitCode == 0, "\(arguments): \(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    static func campaign(_ name: String, _ object: [String: Any]) throws -> [String: Any] {
        try #require((object["campaigns"] as? [[String: Any]])?.first { $0["campaign"] as? String == name })
    }

    /// BN_AUTUMN01 (3,500,000 won, no start/end in campaigns.csv, visits on all three stored days) spends a third of
    /// its cost on one day: 1,166,666.67, not 3,500,000 (which made 583,333 won per conversion on one day).
    @Test func aCampaignsCostIsSpreadOverItsDays() throws {
        let whole = try Self.campaign("BN_AUTUMN01", try Self.json(["campaigns", "--config", Self.config]))
        let day = try Self.campaign("BN_AUTUMN01", try Self.json(["campaigns", "--config", Self.config, "--from", "2026-11-18", "--to", "2026-11-18"]))
        #expect(whole["cost"] as? Double == 3_500_000)
        let dayCost = try #require(day["cost"] as? Double)
        #expect(abs(dayCost - 3_500_000 / 3) < 0.01)
        let conversions = try #require(day["conversions"] as? Int)
        #expect(conversions > 0)
        #expect(abs((day["cost_per_conversion"] as? Double ?? 0) - dayCost / Double(conversions)) < 0.01)
        #expect((day["cost_days"] as? [String: String]) == ["from": "2026-11-17", "to": "2026-11-19"])
    }

    /// Under a visit filter a campaign's cost cannot be split: null, with the reason in `cost_note`; the opens of
    /// pixel hits (which have no visit) are null too, not 0.
    @Test func underAVisitFilterCostsAndOpensAreNull() throws {
        let object = try Self.json(["campaigns", "--config", Self.config, "--segment", "customer"])
        #expect((object["cost_note"] as? String)?.contains("cannot be split") == true)
        let row = try Self.campaign("BN_AUTUMN01", object)
        #expect(row["cost"] is NSNull && row["cost_per_visit"] is NSNull && row["cost_per_conversion"] is NSNull)
        let mail = try Self.campaign("EM2026NOV01", object)
        #expect(mail["opens"] is NSNull && mail["unique_opens"] is NSNull)
    }

    /// A campaign with start and end in campaigns.csv spends its cost over those days: 10 days from the 18th, so the
    /// three stored days pay 2/10 and a range after it pays 0.
    @Test func startAndEndSpreadTheCost() throws {
        let folder = TestScratch.path("footfall-costs")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sample = CommandRunner.repositoryRoot.appendingPathComponent("SampleLogs").path
        for name in ["customers.csv", "products.csv"] { try FileManager.default.copyItem(atPath: sample + "/" + name, toPath: folder + "/" + name) }
        try "campaign,medium,cost,sent,start,end\nBN_AUTUMN01,banner,1000000,,2026-11-18,2026-11-27\nEM2026NOV01,email,450000,30000,,\n"
            .write(toFile: folder + "/campaigns.csv", atomically: true, encoding: .utf8)
        try String(contentsOfFile: Self.config, encoding: .utf8).write(toFile: folder + "/site.toml", atomically: true, encoding: .utf8)
        let config = folder + "/site.toml"
        let all = try Self.campaign("BN_AUTUMN01", try Self.json(["campaigns", "--config", config]))
        #expect(abs((all["cost"] as? Double ?? 0) - 200_000) < 0.01)
        let before = try Self.campaign("BN_AUTUMN01", try Self.json(["campaigns", "--config", config, "--from", "2026-11-17", "--to", "2026-11-17"]))
        #expect(before["cost"] as? Double == 0)
        // E-mail rates over `sent` (SPEC §12.20).
        let mail = try Self.campaign("EM2026NOV01", try Self.json(["campaigns", "--config", config]))
        let unique = try #require(mail["unique_opens"] as? Int)
        #expect(unique > 0 && unique <= (mail["opens"] as? Int ?? 0))
        #expect(abs((mail["open_rate"] as? Double ?? -1) - Double(unique) / 30_000) < 1e-6)
        #expect(abs((mail["click_rate"] as? Double ?? -1) - Double(mail["clickers"] as? Int ?? -1) / 30_000) < 1e-6)
        #expect(abs((mail["click_to_open"] as? Double ?? -1) - Double(mail["clickers"] as? Int ?? -1) / Double(unique)) < 1e-6)
        // Bad start/end are config errors naming the column.
        try "campaign,medium,cost,sent,start,end\nX,banner,1,,2026-11-20,2026-11-10\n".write(toFile: folder + "/campaigns.csv", atomically: true, encoding: .utf8)
        let backwards = try CommandRunner.footfall(["report", "campaigns", "--store", Self.store, "--config", config])
        #expect(backwards.exitCode == 64)
        #expect(backwards.standardError.contains("end"))
    }

    /// Unique opens are distinct visitor keys with an open hit (DuckDB over the `email_opener` rows agrees).
    @Test(.enabled(if: IngestOrderTests.hasDuckDB))
    func uniqueOpensAreDistinctOpeners() throws {
        let mail = try Self.campaign("EM2026NOV01", try Self.json(["campaigns", "--config", Self.config]))
        let result = try PythonCompare.json(#"""
            import sys, json, duckdb
            n = duckdb.sql(f"select count(distinct split_part(key, chr(9), 2)) from read_parquet('{sys.argv[1]}/daily_hits/*/*.parquet', hive_partitioning = true) where kind = 'email_opener' and split_part(key, chr(9), 1) = 'EM2026NOV01'").fetchall()[0][0]
            print(json.dumps({"n": [n]}))
            """#, [Self.store])
        #expect(mail["unique_opens"] as? Int == result["n"]?.first)
    }

    /// Typos in filter values were zeros with exit 0: now exit 64 naming the known values, a close match first.
    @Test(arguments: [
        (["--channel", "email"], "did you mean 'campaign'"), (["--grade", "VIP"], "did you mean 'vip'"),
        (["--device", "phone"], "did you mean 'mobile'"), (["--campaign", "bn_autumn01"], "did you mean 'BN_AUTUMN01'"),
        (["--gender", "여"], "did you mean 'F'"), (["--from", "2026-11-19", "--to", "2026-11-17"], "is after --to"),
        (["--from", "2026-12-01", "--to", "2026-12-31"], "after the store's last day"),
    ])
    func aFilterValueThatCannotMatchIsAUsageError(arguments: [String], says: String) throws {
        let result = try CommandRunner.footfall(["report", "overview", "--store", Self.store, "--config", Self.config] + arguments)
        #expect(result.exitCode == 64, "\(arguments)")
        #expect(result.standardError.contains(says), "\(result.standardError)")
    }

    /// `--age 60+` means 60 and over (it was refused though `groups` prints "60+"); a range cut to the store's
    /// days divides per-day figures by the days stored (logins per day were divided by 30 days of a 3-day store).
    @Test func agesAndCutRanges() throws {
        let older = try Self.json(["overview", "--config", Self.config, "--age", "60+"])
        #expect((older["filters"] as? [String: String])?["age"] == "60-150")
        let month = try Self.json(["overview", "--from", "2026-11-01", "--to", "2026-11-30"])
        let stored = try Self.json(["overview"])
        #expect(month["range_cut"] as? [String: String] == ["from": "2026-11-01", "to": "2026-11-30"])
        let perDay = (month["totals"] as? [String: Any])?["logins_per_day"] as? Double
        #expect(perDay == (stored["totals"] as? [String: Any])?["logins_per_day"] as? Double)
        #expect((perDay ?? 0) > 150)
    }

    /// `--compare previous`: the earlier report and the change of each headline figure (SPEC §12.22); `year`
    /// over days the store lacks gives a null comparison.
    @Test func comparisonsGiveTheEarlierReportAndTheChange() throws {
        let object = try Self.json(["overview", "--from", "2026-11-19", "--to", "2026-11-19", "--compare", "previous"])
        let earlier = try #require(object["comparison"] as? [String: Any])
        #expect(earlier["from"] as? String == "2026-11-18")
        let totals = try #require(object["totals"] as? [String: Any])
        let before = try #require(earlier["totals"] as? [String: Any])
        let change = try #require((totals["change"] as? [String: Any])?["visits"] as? [String: Any])
        let now = try #require(totals["visits"] as? Int), then = try #require(before["visits"] as? Int)
        #expect(change["absolute"] as? Int == now - then)
        #expect(abs((change["relative"] as? Double ?? 0) - Double(now - then) / Double(then)) < 1e-6)
        let year = try Self.json(["segments", "--compare", "year"])
        #expect(year["comparison"] is NSNull)
        // Every list element gets its change, matched by name.
        let campaigns = try Self.json(["campaigns", "--config", Self.config, "--from", "2026-11-19", "--to", "2026-11-19", "--compare", "previous"])
        #expect((campaigns["campaigns"] as? [[String: Any]])?.allSatisfy { $0["change"] != nil } == true)
        let table = try CommandRunner.footfall(["report", "overview", "--store", Self.store, "--from", "2026-11-19", "--to", "2026-11-19", "--compare", "previous", "--format", "table"])
        #expect(table.standardOutput.contains("compared with 2026-11-18 – 2026-11-18"))
        #expect(table.standardOutput.contains("Δ%"))
        let refused = try CommandRunner.footfall(["report", "hours", "--store", Self.store, "--compare", "previous"])
        #expect(refused.exitCode == 64)
    }

    /// Labels in Korean with `--lang ko` or from LANG, never in JSON; `--excel` writes CSV with a byte order
    /// mark and labels for people, and refuses another format.
    @Test func languageAndExcel() throws {
        let korean = try CommandRunner.footfall(["report", "segments", "--store", Self.store, "--format", "table", "--lang", "ko"])
        #expect(korean.exitCode == 0)
        #expect(korean.standardOutput.contains("세그먼트별 현황") && korean.standardOutput.contains("최초 익명"))
        let fromLang = try CommandRunner.footfall(["report", "overview", "--store", Self.store, "--format", "table"], environment: ["LANG": "ko_KR.UTF-8"])
        #expect(fromLang.standardOutput.hasPrefix("사이트 현황"))
        let english = try CommandRunner.footfall(["report", "overview", "--store", Self.store, "--format", "table"], environment: ["LANG": "en_US.UTF-8"])
        #expect(english.standardOutput.hasPrefix("Site overview"))
        let json = try CommandRunner.footfall(["report", "segments", "--store", Self.store, "--format", "json", "--lang", "ko"])
        #expect(json.standardOutput.contains("\"anonymous_new\"") && !json.standardOutput.contains("최초 익명"))
        let html = try CommandRunner.footfall(["report", "overview", "--store", Self.store, "--format", "html", "--lang", "ko"])
        #expect(html.standardOutput.contains("<html lang=\"ko\">"))

        let excel = try CommandRunner.footfall(["report", "overview", "--store", Self.store, "--excel", "--lang", "ko"])
        #expect(excel.exitCode == 0)
        #expect(Array(excel.standardOutput.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = excel.standardOutput.components(separatedBy: "\r\n")
        #expect(lines.first?.contains("방문자") == true)
        #expect(lines.last { $0.hasPrefix("합계") }?.contains("\"72,070\"") == true)  // numbers for people, quoted for their commas
        let machine = try CommandRunner.footfall(["report", "overview", "--store", Self.store, "--format", "csv", "--lang", "ko"])
        #expect(machine.standardOutput.hasPrefix("day,visitors,"))  // the machine CSV keeps its names
        let refused = try CommandRunner.footfall(["report", "overview", "--store", Self.store, "--excel", "--format", "json"])
        #expect(refused.exitCode == 64)
    }

    /// The customer sheet needs the customer master, and an unknown member id is an error, not an empty sheet.
    @Test func theCustomerSheetRefusesWhatItCannotShow() throws {
        let noConfig = try CommandRunner.footfall(["report", "customer", "M000001", "--store", Self.store])
        #expect(noConfig.exitCode == 64)
        let unknown = try CommandRunner.footfall(["report", "customer", "NOBODY", "--store", Self.store, "--config", Self.config])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("no member 'NOBODY'"))
    }
}
