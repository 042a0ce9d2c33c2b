import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import ParquetStore
import SiteConfig
import Testing

/// The `visits` and `pageviews` tables hold, column for column, the rows that the sessions pipeline
/// makes for the same files (``CompletedVisit/rows()``): the store writes them from coded visits and
/// page views, a second way of making the same values.
@Suite("Store rows")
struct StoreRowsTests {
    /// Every file of `table` in the published version, its columns read as text (nulls as `nil`).
    static func read(_ table: StoreTable, in root: String, _ names: [String]) throws -> [[String?]] {
        let store = Store(root: root)
        var rows: [[String?]] = []
        for day in try #require(try store.manifest()).days.keys.sorted() {
            let reader = try #require(try store.openDayFile(table, day: day))
            let columns = try names.map { try text(reader.readColumn($0)) }
            for row in 0..<Int(reader.rowCount) { rows.append(columns.map { $0[row] }) }
        }
        return rows
    }

    static func text(_ values: ParquetColumnValues) -> [String?] {
        switch values {
        case .boolean(let values): values.map { $0.map { "\($0)" } }
        case .int32(let values): values.map { $0.map { "\($0)" } }
        case .int64(let values): values.map { $0.map { "\($0)" } }
        case .double(let values): values.map { $0.map { "\($0)" } }
        case .string(let values): values
        case .codedString(let coded): coded.values
        case .byteArrays(let arrays): (0..<arrays.count).map { arrays.string(at: $0) }
        case .codedByteArrays(let coded): { arrays in (0..<arrays.count).map { arrays.string(at: $0) } }(coded.byteArrays)
        case .binary(let values): values.map { $0.map { "\($0)" } }
        }
    }

    static func json(_ values: [String]) -> String {
        "[" + values.map { JSONString.quote($0) }.joined(separator: ",") + "]"
    }

    /// Compares rows by visit id (and sequence), naming the first columns that differ. Fingerprint keys
    /// are keyed hashes whose key is the store's own, so rows of fingerprint visitors are only counted.
    static func compare(_ actual: [[String?]], _ expected: [[String?]], _ names: [String]) throws {
        func split(_ rows: [[String?]]) -> (keyed: [String: [String?]], fingerprints: Int) {
            var keyed: [String: [String?]] = [:]
            var fingerprints = 0
            for row in rows {
                if row[1]!.hasPrefix("fp:") {
                    fingerprints += 1
                } else {
                    keyed[row[0]! + "#" + (names[4] == "sequence" ? row[4]! : "")] = row
                }
            }
            return (keyed, fingerprints)
        }
        let (ours, ourFingerprints) = split(actual)
        let (theirs, theirFingerprints) = split(expected)
        #expect(actual.count == expected.count && actual.count > 100)
        #expect(ourFingerprints == theirFingerprints && ourFingerprints > 0)
        #expect(ours.count == theirs.count)
        var differences: [String] = []
        for (key, row) in theirs {
            guard let stored = ours[key] else {
                differences.append("\(key): missing")
                continue
            }
            for (index, name) in names.enumerated() where stored[index] != row[index] {
                differences.append("\(key) \(name): \(stored[index] ?? "null") ≠ \(row[index] ?? "null")")
            }
        }
        #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.prefix(5))")
    }

    @Test func visitsAndPageViewsAreThePipelinesRows() throws {
        let root = StoreFixture.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = try StoreFixture.sampleLogs()
        _ = try StoreFixture.ingest(files, into: root)

        let (configuration, catalog) = try SiteConfigurationLoader.sample()
        let pipeline = try SessionPipeline(
            configuration: configuration, catalog: catalog, history: InMemoryVisitorHistory(), options: configuration.readOptions())
        var expectedVisits: [[String?]] = []
        var expectedPageViews: [[String?]] = []
        _ = try pipeline.run(files.map(LogInputMaker.make)) { completed in
            let (visit, pageViews) = completed.rows()
            let funnels = visit.funnelSteps.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { JSONString.quote($0) + ":\(visit.funnelSteps[$0]!)" }.joined(separator: ",")
            expectedVisits.append([
                visit.visitId, visit.visitorKey, "\(visit.isFingerprint)", visit.memberId, "\(visit.loggedIn)",
                "\(visit.recognisedMember)", visit.segment.rawValue, "\(visit.firstVisit)", visit.grade, visit.gender,
                visit.birthYear.map { "\($0)" }, "\(visit.start * 1_000_000)", "\(visit.end * 1_000_000)", "\(visit.siteOffset)",
                "\(visit.durationSeconds)", "\(visit.pageViews)", visit.entryPage, visit.exitPage, "\(visit.bounce)",
                visit.device.rawValue, visit.browser, visit.operatingSystem, visit.channel.channel.rawValue,
                visit.channel.campaign, visit.channel.source, visit.channel.medium, visit.channel.searchEngine,
                visit.channel.keyword, visit.channel.referrerHost, Self.json(visit.goals), "{\(funnels)}", Self.json(visit.path),
            ])
            for view in pageViews {
                expectedPageViews.append([
                    view.visitId, view.visitorKey, view.memberId, view.segment.rawValue, "\(view.sequence)",
                    "\(view.timestamp * 1_000_000)", "\(view.siteOffset)", view.page, view.path, view.query, view.content,
                    view.productCategory, view.product, view.method, "\(view.status)", view.timeOnPage.map { "\($0)" },
                    Self.json(view.goals), "\(view.interestAction)", view.device.rawValue, view.client,
                ])
            }
        }
        let visitColumns = [
            "visit_id", "visitor_key", "is_fingerprint", "member_id", "logged_in", "recognised_member", "segment",
            "first_visit", "grade", "gender", "birth_year", "start", "end", "site_offset_s", "duration_s", "page_views",
            "entry_page", "exit_page", "bounce", "device", "browser", "os", "channel", "campaign", "source", "medium",
            "search_engine", "keyword", "referrer_host", "goals", "funnel_steps", "path",
        ]
        let pageViewColumns = [
            "visit_id", "visitor_key", "member_id", "segment", "sequence", "ts", "site_offset_s", "page", "path", "query",
            "content", "product_category", "product", "method", "status", "time_on_page_s", "goals", "interest_action",
            "device", "client",
        ]
        try Self.compare(Self.read(.visits, in: root, visitColumns), expectedVisits, visitColumns)
        try Self.compare(Self.read(.pageviews, in: root, pageViewColumns), expectedPageViews, pageViewColumns)
    }
}
