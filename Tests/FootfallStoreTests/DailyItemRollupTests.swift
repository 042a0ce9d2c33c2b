@testable import FootfallStore
import LogAnalytics
import ParquetStore
import SiteConfig
import Testing

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
}
