import Foundation
import FootfallStore
import LogAnalytics
import SiteConfig
import TestScratch
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 18.3 and 18.5: one version per command, and a fingerprint key that is never silently replaced.
@Suite("Store safety", .serialized)
struct StoreSafetyTests {
    /// A pinned store reads the version published when it was pinned, even after an ingest publishes another
    /// (a report used to resolve `current` at each read and could mix versions).
    @Test func aPinnedStoreKeepsReadingItsVersion() throws {
        let root = StoreFixture.temporaryStore()
        _ = try StoreFixture.ingest(try StoreFixture.sampleLogs(day: "2026-11-17"), into: root)
        let pinned = Store(root: root).pinned()
        #expect(pinned.versionName == "v000001")
        _ = try StoreFixture.ingest(try StoreFixture.sampleLogs(day: "2026-11-18"), into: root)
        #expect(Store(root: root).versionName == "v000002")
        #expect(pinned.versionName == "v000001")
        #expect(try pinned.manifest()?.days.keys.sorted() == ["2026-11-17"])
        #expect(try Store(root: root).manifest()?.days.keys.sorted() == ["2026-11-17", "2026-11-18"])
        #expect(try pinned.physicalPath("visits/day=2026-11-17/part-0.parquet")?.contains("/visits/day=2026-11-17/part-v000001-") == true)
    }

    static func ingest(_ files: [String], into root: String, newKey: Bool = false) throws -> StoreIngest.Summary {
        let configuration = try SiteConfiguration.load(path: StoreFixture.sampleConfig)
        let job = StoreIngest(store: Store(root: root), configuration: configuration, catalog: try SiteCatalog.load(for: configuration), configHash: "test")
        return try job.run(files, options: configuration.readOptions(), newFingerprintKey: newKey)
    }

    @Test(arguments: ["missing", "garbled", "short", "upper-case"])
    func aLostFingerprintKeyIsRefusedUnlessAskedFor(_ damage: String) throws {
        let root = StoreFixture.temporaryStore()
        _ = try Self.ingest(try StoreFixture.sampleLogs(day: "2026-11-17"), into: root)
        let keyPath = root + "/.fingerprint-key"
        let original = try String(contentsOfFile: keyPath, encoding: .utf8)
        var info = stat()
        #expect(stat(keyPath, &info) == 0 && info.st_mode & 0o777 == 0o600)
        switch damage {
        case "missing": try FileManager.default.removeItem(atPath: keyPath)
        case "garbled": try Data("zz\(original.dropFirst(2))".utf8).write(to: URL(fileURLWithPath: keyPath))
        case "short": try Data(original.prefix(20).utf8).write(to: URL(fileURLWithPath: keyPath))
        default: try Data(original.uppercased().utf8).write(to: URL(fileURLWithPath: keyPath))
        }
        let day18 = try StoreFixture.sampleLogs(day: "2026-11-18")
        #expect {
            _ = try Self.ingest(day18, into: root)
        } throws: { error in
            "\(error)".contains(".fingerprint-key") && "\(error)".contains("--new-fingerprint-key")
        }
        #expect(try Store(root: root).manifest()?.days.keys.sorted() == ["2026-11-17"])
        // Asked for: a new key, and the ingest goes on.
        let summary = try Self.ingest(day18, into: root, newKey: true)
        #expect(summary.days == ["2026-11-18"])
        let renewed = try String(contentsOfFile: keyPath, encoding: .utf8)
        #expect(renewed.count == 33 && renewed != original)
        #expect(stat(keyPath, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    /// With the key kept, cookie-less returning visitors stay returning (the figure the lost key zeroed).
    @Test func theKeptKeyRecognisesCookielessVisitorsTheNextDay() throws {
        let root = StoreFixture.temporaryStore()
        _ = try Self.ingest(try StoreFixture.sampleLogs(day: "2026-11-17"), into: root)
        var returningCookieless = 0
        let configuration = try SiteConfiguration.load(path: StoreFixture.sampleConfig)
        let job = StoreIngest(store: Store(root: root), configuration: configuration, catalog: try SiteCatalog.load(for: configuration), configHash: "test")
        _ = try job.run(try StoreFixture.sampleLogs(day: "2026-11-18"), options: configuration.readOptions(), onVisit: { visit in
            if visit.visitorKey.hasPrefix("fp:"), !visit.firstVisit { returningCookieless += 1 }
        })
        #expect(returningCookieless > 0)
    }
}
