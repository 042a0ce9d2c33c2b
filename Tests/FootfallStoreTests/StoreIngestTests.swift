import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore
import SiteConfig
import LogIngest
import TestScratch
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Store ingest", .serialized)
struct StoreIngestTests {
    @Test func theSampleIngestsIntoThreeDays() throws {
        let root = StoreFixture.temporaryStore()
        let result = try StoreFixture.ingest(try StoreFixture.sampleLogs(), into: root)
        #expect(result.version == "v000001")
        #expect(result.days == ["2026-11-17", "2026-11-18", "2026-11-19"])
        let manifest = try #require(try Store(root: root).manifest())
        #expect(manifest.days.count == 3)
        #expect(manifest.days.values.map(\.visits).reduce(0, +) == result.visits)
        #expect(manifest.days.values.allSatisfy { $0.sources.count == 6 && $0.sources.allSatisfy { $0.crc32.count == 8 } })
        let visits = try StoreFixture.rowCounts(.visits, in: root)
        let pageviews = try StoreFixture.rowCounts(.pageviews, in: root)
        for (day, entry) in manifest.days {
            #expect(visits[day] == Int64(entry.visits))
            #expect(pageviews[day] == Int64(entry.pageViews))
        }
        #expect(manifest.visitorKeys > 1000)
    }

    @Test func ingestingTheSameFilesTwiceChangesNothing() throws {
        let root = StoreFixture.temporaryStore()
        let files = try StoreFixture.sampleLogs()
        _ = try StoreFixture.ingest(files, into: root)
        let before = try Store(root: root).manifest()
        let again = try StoreFixture.ingest(files, into: root)
        #expect(again.version == nil)
        #expect(try Store(root: root).manifest() == before)
        #expect(Store(root: root).versionNames() == ["v000001"])
    }

    /// A file of the same name and size but other bytes is a new input: its checksum, read because the
    /// names and sizes match a stored day, differs, so the day is ingested again.
    @Test func aChangedFileOfTheSameSizeIsIngestedAgain() throws {
        let root = StoreFixture.temporaryStore()
        let folder = TestScratch.path("same-size-logs")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let original = try #require(try StoreFixture.sampleLogs(day: "2026-11-17").first)
        let copy = folder + "/" + (original as NSString).lastPathComponent
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original)))
        try Data(bytes).write(to: URL(fileURLWithPath: copy))
        let first = try StoreFixture.ingest([copy], into: root)
        #expect(first.version == "v000001")
        // The gzip trailer's last byte is part of the input size; flip a bit of the header's mtime instead.
        bytes[4] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: copy))
        let second = try StoreFixture.ingest([copy], into: root)
        #expect(second.version == "v000002")
        let sources = try #require(try Store(root: root).manifest()?.days["2026-11-17"]?.sources)
        #expect(sources.map(\.size) == [Int64(bytes.count)])
        let third = try StoreFixture.ingest([copy], into: root)
        #expect(third.version == nil)
    }

    @Test func aDayIsReplacedAndTheOthersAreKeptAsTheyWere() throws {
        let root = StoreFixture.temporaryStore()
        _ = try StoreFixture.ingest(try StoreFixture.sampleLogs(), into: root)
        let first = try #require(try Store(root: root).manifest())
        func inode(_ path: String) throws -> UInt64 {
            var info = stat()
            #expect(stat(path, &info) == 0)
            return UInt64(info.st_ino)
        }
        let old = Store(root: root).pinned()
        let untouched = try inode(try #require(try old.physicalPath("visits/day=2026-11-17/part-0.parquet")))
        let replacedPath = try #require(try old.physicalPath("visits/day=2026-11-18/part-0.parquet"))
        let visitsBefore = try ParquetFileReader(path: replacedPath).readColumn("visit_id")

        // The middle day alone is refused (the 19th's first visits depend on it, issue 18.4); with the days after
        // it and --rebuild-from, it is replaced with them and the 17th stays.
        #expect {
            _ = try StoreFixture.ingest(try StoreFixture.sampleLogs(day: "2026-11-18"), into: root)
        } throws: { error in
            "\(error)".contains("--rebuild-from 2026-11-18")
        }
        let logs = try StoreFixture.sampleLogs(day: "2026-11-18") + StoreFixture.sampleLogs(day: "2026-11-19")
        let summary = try StoreFixture.ingest(logs, into: root, rebuildFrom: "2026-11-18")
        #expect(summary.version == "v000002")
        let second = try #require(try Store(root: root).manifest())
        let new = Store(root: root).pinned()
        #expect(Set(second.days.keys) == Set(first.days.keys))
        #expect(second.days["2026-11-17"] == first.days["2026-11-17"])
        #expect(second.days["2026-11-18"]?.writtenBy == "v000002")
        #expect(second.days["2026-11-19"]?.writtenBy == "v000002")
        #expect(try inode(try #require(try new.physicalPath("visits/day=2026-11-17/part-0.parquet"))) == untouched)
        // The replaced day's file is a new one; the old stays for the retention (readers that started before).
        let replacement = try #require(try new.physicalPath("visits/day=2026-11-18/part-0.parquet"))
        #expect(replacement != replacedPath)
        #expect(FileManager.default.fileExists(atPath: replacedPath))
        #expect(try old.openDayFile(.visits, day: "2026-11-18")?.rowCount == Int64(first.days["2026-11-18"]!.visits))
        // The day's visits are the same rows (the history is read as of before the day; midnight
        // visits that began on the 17th are on the 17th in both runs).
        let visitsAfter = try ParquetFileReader(path: replacement).readColumn("visit_id")
        #expect(visitsAfter.count == visitsBefore.count)
    }

    @Test func aSecondIngestRefusesWhileTheStoreIsLocked() throws {
        let root = StoreFixture.temporaryStore()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let fd = open(root + "/.lock", O_RDWR | O_CREAT, 0o644)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let configuration = try SiteConfiguration.load(path: StoreFixture.sampleConfig)
        let job = StoreIngest(store: Store(root: root), configuration: configuration, catalog: try SiteCatalog.load(for: configuration), configHash: "t")
        let error = try #require(throws: StoreError.self) {
            try job.run(try StoreFixture.sampleLogs(day: "2026-11-17"), options: configuration.readOptions(), wait: false)
        }
        #expect(error.message.contains("another ingest"))
        #expect(try Store(root: root).manifest() == nil)
    }

    @Test func aStoreThatCannotBeCreatedFailsClearly() throws {
        let blocker = StoreFixture.temporaryStore()
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        let error = try #require(throws: StoreError.self) {
            try StoreFixture.ingest(try StoreFixture.sampleLogs(day: "2026-11-17"), into: blocker + "/store")
        }
        #expect(error.description.contains(blocker))
    }

    @Test func badInputLeavesTheStoreUnchanged() throws {
        let root = StoreFixture.temporaryStore()
        _ = try StoreFixture.ingest(try StoreFixture.sampleLogs(day: "2026-11-17"), into: root)
        let before = try Store(root: root).manifest()
        let garbage = StoreFixture.temporaryStore() + ".log"
        try Data(String(repeating: "not a log line\n", count: 100).utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: (any Error).self) { try StoreFixture.ingest([garbage], into: root) }
        #expect(try Store(root: root).manifest() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/_footfall").filter { $0.hasPrefix("staging") }.isEmpty)
    }

    static let readersScript = #"""
import json, sys, duckdb, pyarrow.dataset as ds
root = sys.argv[1]
out = {}
for table in ["visits", "pageviews", "daily_hits", "daily_visits", "daily_items", "member_interest"]:
    t = ds.dataset(f"{root}/{table}", format="parquet", partitioning="hive").to_table()
    d = duckdb.sql(f"select count(*) from read_parquet('{root}/{table}/*/*.parquet', hive_partitioning=true)").fetchall()[0][0]
    out[table] = {"pyarrow_rows": t.num_rows, "duckdb_rows": d, "columns": [f.name for f in t.schema]}
out["history"] = {"pyarrow_rows": ds.dataset(f"{root}/history", format="parquet").to_table().num_rows}
out["members"] = {"pyarrow_rows": ds.dataset(f"{root}/members", format="parquet").to_table().num_rows}
out["daily"] = [list(map(str, r)) for r in duckdb.sql(f"""
    select cast(day as varchar), count(*), sum(page_views), count(distinct visitor_key),
           sum(case when first_visit then 1 else 0 end), sum(case when logged_in then 1 else 0 end)
    from read_parquet('{root}/visits/*/*.parquet', hive_partitioning=true) group by day order by day""").fetchall()]
out["rollup"] = [list(map(str, r)) for r in duckdb.sql(f"""
    select cast(day as varchar), visits, page_views, visitors, first_time_visits, logins
    from read_parquet('{root}/daily_visits/*/*.parquet', hive_partitioning=true)
    where segment is null order by day""").fetchall()]
out["rollup_segments"] = [list(map(str, r)) for r in duckdb.sql(f"""
    select r.segment, sum(r.visits), (select count(*) from read_parquet('{root}/visits/*/*.parquet') v where v.segment = r.segment)
    from read_parquet('{root}/daily_visits/*/*.parquet') r where r.segment is not null and r.channel is null group by r.segment""").fetchall()]
out["hits"] = [list(map(str, r)) for r in duckdb.sql(f"""
    select cast(day as varchar), sum(count) filter (where kind = 'hits'), sum(count) filter (where kind = 'bot_hits')
    from read_parquet('{root}/daily_hits/*/*.parquet', hive_partitioning=true) group by day order by day""").fetchall()]
# daily_items reproduced from the page views and visits.
out["items"] = duckdb.sql(f"""
    with i as (select * from read_parquet('{root}/daily_items/*/*.parquet', hive_partitioning=true)),
    p as (select * from read_parquet('{root}/pageviews/*/*.parquet', hive_partitioning=true)),
    v as (select * from read_parquet('{root}/visits/*/*.parquet', hive_partitioning=true)),
    mine as (
        select day, 'content' as kind, segment, content as name, count(*) as c, 0.0 as w from p where content is not null group by all
        union all select day, 'product_category', segment, product_category, count(*), 0.0 from p where product_category is not null group by all
        union all select day, 'product', segment, product, count(*),
               sum(1 + least(greatest(coalesce(time_on_page_s, 0), 0), 600) / 60.0 + interest_action) from p where product is not null group by all
        union all select day, 'login_member', segment, member_id, count(*), 0.0 from v where logged_in and member_id is not null group by all
        union all select day, 'hour', segment, lpad(cast(((epoch_us(ts) // 1000000 + site_offset_s) % 86400 + 86400) % 86400 // 3600 as varchar), 2, '0'),
               count(*), 0.0 from p group by all
        union all select day, 'page', segment, page, count(*), sum(coalesce(time_on_page_s, 0)) from p group by all
        union all select day, 'page_timed', segment, page, count(*), 0.0 from p where time_on_page_s is not null group by all
        union all select day, 'page_visits', segment, page, count(distinct visit_id), 0.0 from p group by all
        union all select day, 'page_content', segment, page || chr(31) || content, count(*), 0.0 from p where content is not null group by all
        union all select day, 'entry_page', segment, entry_page, count(*), 0.0 from v group by all
        union all select day, 'exit_page', segment, exit_page, count(*), 0.0 from v group by all
        union all select day, 'transition', segment, l[k] || chr(31) || l[k + 1], count(*), 0.0
               from (select day, segment, l, unnest(range(1, len(l))) as k from (select day, segment, from_json(path, '["VARCHAR"]') as l from v))
               group by all)
    select count(*), count(*) filter (where i.count is null or mine.c is null or i.count <> mine.c or abs(i.weight - mine.w) > 1e-9)
    from mine full join (select day, kind, segment, count, weight,
        case when kind in ('page_content', 'transition') then json_extract_string(name, '$[0]') || chr(31) || json_extract_string(name, '$[1]')
             else name end as name
        from i where kind <> 'path_prefix') i
      on i.day = mine.day and i.kind = mine.kind and i.segment = mine.segment and i.name = mine.name""").fetchall()[0]
out["prefix_visits"] = duckdb.sql(f"""select (select sum(count) from read_parquet('{root}/daily_items/*/*.parquet') where kind = 'path_prefix'),
    (select count(*) from read_parquet('{root}/visits/*/*.parquet'))""").fetchall()[0]
# One number per visitor key, and the same keys as distinct numbers.
out["numbers"] = duckdb.sql(f"""select count(distinct visitor_key), count(distinct visitor_no), count(distinct (visitor_key, visitor_no))
    from read_parquet('{root}/visits/*/*.parquet')""").fetchall()[0]
# The n-th run of page views starting at sequence 1 is the day's n-th visit.
import glob, os, pyarrow.parquet as pq
aligned = []
for folder in sorted(glob.glob(f"{root}/visits/day=*")):
    day = os.path.basename(folder)
    visits = pq.read_table(glob.glob(f"{folder}/part-*.parquet")[0], columns=["visit_id"]).column("visit_id").to_pylist()
    views = pq.read_table(glob.glob(f"{root}/pageviews/{day}/part-*.parquet")[0], columns=["visit_id", "sequence"]).to_pylist()
    starts = [v["visit_id"] for v in views if v["sequence"] == 1]
    runs_ok = all(views[k]["visit_id"] == views[k - 1]["visit_id"] for k in range(1, len(views)) if views[k]["sequence"] != 1)
    aligned.append(starts == visits and runs_ok)
out["aligned"] = aligned
print(json.dumps(out))
"""#

    @Test(.enabled(if: StoreFixture.hasPythonReaders))
    func duckDBAndPyarrowReadEveryTableAndReproduceTheDays() throws {
        let root = StoreFixture.temporaryStore()
        let files = try StoreFixture.sampleLogs()
        _ = try StoreFixture.ingest(files, into: root)
        let manifest = try #require(try Store(root: root).manifest())
        let report = try #require(try StoreFixture.python(Self.readersScript, [root]) as? [String: Any])
        for table in StoreTable.allCases {
            let entry = try #require(report[table.rawValue] as? [String: Any])
            let ours = try StoreFixture.rowCounts(table, in: root).values.reduce(0, +)
            #expect(entry["pyarrow_rows"] as? Int == Int(ours), "\(table)")
            #expect(entry["duckdb_rows"] as? Int == Int(ours), "\(table)")
            #expect((entry["columns"] as? [String])?.last == "day", "\(table): the partition column")
        }
        #expect((report["history"] as? [String: Any])?["pyarrow_rows"] as? Int == manifest.visitorKeys)
        #expect((report["members"] as? [String: Any])?["pyarrow_rows"] as? Int == (try Store(root: root).memberNumbers().count))

        // DuckDB's per-day visits, page views, visitors, first-time visitors and logins equal
        // footfall's own sessions figures for the same files.
        let summary = SessionsSummary()
        let configuration = try SiteConfigurationLoader.sample()
        let pipeline = try SessionPipeline(
            configuration: configuration.0, catalog: configuration.1, history: InMemoryVisitorHistory(), options: configuration.0.readOptions())
        _ = try pipeline.run(files.map(LogInputMaker.make)) { summary.add($0) }
        let expected = summary.result.map { ["\($0.day)", "\($0.visits)", "\($0.pageViews)", "\($0.visitors)", "\($0.firstTimeVisitors)", "\($0.logins)"] }
        #expect(report["daily"] as? [[String]] == expected)
        // The rollup gives the same day figures, and per-segment visits equal the visits table's.
        #expect(report["rollup"] as? [[String]] == expected)
        for row in try #require(report["rollup_segments"] as? [[String]]) { #expect(row[1] == row[2], "\(row[0])") }
        // daily_items: every tally equals DuckDB's over the page views and visits; path prefixes count every visit.
        let items = try #require(report["items"] as? [Int])
        #expect(items[0] > 0 && items[1] == 0, "daily_items rows: \(items[0]), differing from the page views: \(items[1])")
        let prefixes = try #require(report["prefix_visits"] as? [Int])
        #expect(prefixes[0] == prefixes[1])
        // visitor_no: one number per key, one key per number.
        let numbers = try #require(report["numbers"] as? [Int])
        #expect(numbers[0] == numbers[1] && numbers[1] == numbers[2], "\(numbers)")
        // Page views come visit by visit, in the order of the day's visits.
        let aligned = try #require(report["aligned"] as? [Bool])
        #expect(!aligned.isEmpty && aligned.allSatisfy { $0 })
        let hits = try #require(report["hits"] as? [[String]])
        for row in hits {
            #expect(row[1] == "\(manifest.days[row[0]]!.hits)")
            #expect(row[2] == "\(manifest.days[row[0]]!.botHits)")
        }
    }
}

@Suite("Store JSON columns")
struct StoreJSONTests {
    @Test(.enabled(if: StoreFixture.hasPythonReaders))
    func jsonColumnsParseAsJSON() throws {
        let root = StoreFixture.temporaryStore()
        _ = try StoreFixture.ingest(try StoreFixture.sampleLogs(day: "2026-11-17"), into: root)
        let script = """
            import json, sys, duckdb
            rows = duckdb.sql(f"select goals, funnel_steps, path from read_parquet('{sys.argv[1]}/visits/*/*.parquet')").fetchall()
            parsed = [(json.loads(g), json.loads(f), json.loads(p)) for g, f, p in rows]
            print(json.dumps({"rows": len(parsed), "with_goals": sum(1 for g, _, _ in parsed if g), "funnels": sorted({k for _, f, _ in parsed for k in f}), "korean_pages": sum(1 for _, _, p in parsed for x in p if any(ord(c) > 0xAC00 for c in x))}))
            """
        let result = try #require(try StoreFixture.python(script, [root]) as? [String: Any])
        #expect((result["rows"] as? Int ?? 0) > 1000)
        #expect((result["with_goals"] as? Int ?? 0) > 0)
        #expect(result["funnels"] as? [String] == ["insurance_signup"])
        #expect((result["korean_pages"] as? Int ?? 0) > 0)
    }
}
