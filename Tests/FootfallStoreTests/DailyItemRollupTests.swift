@testable import FootfallStore
import LogAnalytics
import ParquetStore
import SiteConfig
import Testing
import TestScratch
import LogIngest
import Foundation

/// The `daily_items` tallies: codes past the direct table go through the interned keys and give the
/// same rows.
@Suite("Daily item rollup")
struct DailyItemRollupTests {
    @Test(arguments: [0, 3, 40])
    func largeCodesGiveTheSameRows(directLimit: Int) throws {
        let files = try StoreFixture.sampleLogs()
        let (configuration, catalog) = try SiteConfigurationLoader.sample()
        let pipeline = try SessionPipeline(
            configuration: configuration, catalog: catalog, history: InMemoryVisitorHistory(), options: configuration.readOptions())
        let names = StringCodes()
        let direct = DailyItemRollup(names: names)
        let interned = DailyItemRollup(names: names, directLimit: directLimit)
        let compacted = DailyItemRollup(names: names)
        var visits = 0
        _ = try pipeline.run(files.map(LogInputMaker.make)) { completed in
            direct.add(completed)
            interned.add(completed)
            compacted.add(completed)
            visits += 1
            if visits == 150 { compacted.compact() }  // halfway: later tallies go through the interned keys
        }
        #expect(visits > 300)
        #expect(names.strings.count > 40)
        let rows = direct.rowGroups
        #expect(rows.count == DailyItemRollup.Kind.allCases.count)
        #expect(interned.rowGroups == rows)
        #expect(compacted.rowGroups == rows)
        #expect(compacted.directLimit == 0)
    }

    /// `page_visits` counts each page once per visit however often the visit views it (issue 18.8 made that
    /// check constant-time per page view; it used to search the visit's pages, n² in its distinct pages).
    @Test func pageVisitsCountEachPageOncePerVisit() throws {
        let (configuration, catalog) = try SiteConfigurationLoader.sample()
        func line(_ time: String, _ path: String, _ visitor: String) -> String {
            #"192.0.2.1 - - [17/Nov/2026:\#(time) +0900] "GET \#(path) HTTP/1.1" 200 100 "-" "Mozilla/5.0 (X11; Linux x86_64)" "WNUID=\#(visitor)""#
        }
        var lines: [String] = []
        // Visit 1: /a /b /a /c /a; visit 2 (another key): /a /a /b; then 3,000 distinct pages in one visit.
        for (second, path) in ["/a", "/b", "/a", "/c", "/a"].enumerated() { lines.append(line("10:00:0\(second)", path, "one")) }
        for (second, path) in ["/a", "/a", "/b"].enumerated() { lines.append(line("10:01:0\(second)", path, "two")) }
        for page in 0..<3_000 { lines.append(line(String(format: "11:%02d:%02d", page / 60 % 60, page % 60), "/many/\(page)", "three")) }
        let path = TestScratch.path("rollup", suffix: ".log")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let pipeline = try SessionPipeline(
            configuration: configuration, catalog: catalog, history: InMemoryVisitorHistory(), options: configuration.readOptions())
        let rollup = DailyItemRollup(names: StringCodes())
        _ = try pipeline.run([LogInput(path: path)]) { rollup.add($0) }
        var pageVisits: [String: Int64] = [:]
        for group in rollup.rowGroups {
            guard case .string(let kinds) = group[0], case .string(let names) = group[2], case .int64(let counts) = group[3] else { continue }
            for row in kinds.indices where kinds[row] == "page_visits" { pageVisits[names[row] ?? "", default: 0] += counts[row] ?? 0 }
        }
        #expect(pageVisits["/a"] == 2)
        #expect(pageVisits["/b"] == 2)
        #expect(pageVisits["/c"] == 1)
        #expect(pageVisits.keys.filter { $0.hasPrefix("/many/") }.count == 3_000)
        #expect(pageVisits.filter { $0.key.hasPrefix("/many/") }.values.allSatisfy { $0 == 1 })
    }
}
