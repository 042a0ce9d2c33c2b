import ArgumentParser
import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import SiteConfig

extension Footfall {
    /// `footfall ingest`: the nightly rollup into the Parquet store.
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sessionise log files and publish the days they cover into the Parquet store, replacing those days.",
            discussion: "The store is written as a new version and published atomically: a crash or a full disk leaves it as it was. Ingesting the same files again changes nothing. A second ingest of the same store waits for the first (or, with --no-wait, refuses). Exit codes as for parse; 3 when --no-wait finds the store busy.")

        @OptionGroup var input: InputOptions

        @Option(help: "The store folder (created if missing).")
        var store: String

        @Flag(help: "Refuse at once when another ingest is writing the store, instead of waiting.")
        var noWait = false

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @Option(help: "Rebuild from this day (YYYY-MM-DD): the logs given cover it and every later stored day; the history is taken as it stood before it. Needed when the logs hold a day before a stored day (docs/STORE.md).")
        var rebuildFrom: String?

        @Flag(help: "Replace the store's fingerprint key (.fingerprint-key) with a new one: a deliberate reset, after which returning cookie-less visitors count as first-time once. Without it, a missing or garbled key is refused.")
        var newFingerprintKey = false

        func validate() throws {
            if input.config == nil { throw ValidationError("ingest needs --config site.toml") }
            if let rebuildFrom, SiteDay(rebuildFrom) == nil { throw ValidationError("--rebuild-from '\(rebuildFrom)' is not a date YYYY-MM-DD") }
        }

        func run() throws {
            AllocatorTuning.forBatchJob()
            try reportingFailures {
                let configuration = try input.loadConfiguration()
                let catalog: SiteCatalog
                do { catalog = try SiteCatalog.load(for: configuration) } catch { throw CommandFailure(message: "\(error)", exitCode: 64) }
                var options = configuration.readOptions(format: try input.parsedFormat(), salvage: input.salvage)
                options.keepsBadLineText = input.verbose
                let progress = ReadProgress()
                options.progress = progress
                let display = ProgressLine(progress: progress, files: input.files)
                defer { display.finish() }
                let started = Date()
                let job = StoreIngest(
                    store: Store(root: store), configuration: configuration, catalog: catalog,
                    configHash: ConfigHash.of(configuration))
                let summary: StoreIngest.Summary
                let overview = SessionsSummary()
                do {
                    summary = try job.run(
                        input.files, options: options, wait: !noWait,
                        onWait: { printError("footfall: waiting for another ingest of \(store) to finish…") },
                        newFingerprintKey: newFingerprintKey, rebuildFrom: rebuildFrom.flatMap(SiteDay.init),
                        onNote: { printError("footfall: note: \($0)") },
                        onVisit: { overview.add($0) })
                } catch let error as StoreError {
                    throw CommandFailure(message: "\(error)", exitCode: error.message.contains("another ingest") ? 3 : 2)
                } catch let error as LogIngestError {
                    throw CommandFailure(message: "\(error); the store is unchanged", exitCode: error.code == .badFormat ? 64 : 2)
                } catch let error as AnalyticsError {
                    throw CommandFailure(message: "\(error)", exitCode: 64)
                }
                display.finish()
                for damage in summary.reports.compactMap(\.salvagedDamage) { printError(salvageWarning(damage)) }
                if summary.robotLikeVisitors > 0 {
                    printError("footfall: note: \(summary.robotLikeVisitors) visitor key(s) taken for robots and left out: a visit passed max_visit_page_views (\(configuration.maxVisitPageViews)); \(summary.robotLikePageViews) page views dropped")
                }
                let seconds = Date().timeIntervalSince(started)
                if json {
                    let object: [String: Any] = [
                        "version": summary.version as Any, "days": summary.days, "visits": summary.visits,
                        "page_views": summary.pageViews, "hits": summary.hits, "bot_hits": summary.botHits,
                        "changed": summary.version != nil,
                    ]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                } else if let version = summary.version {
                    let bad = summary.reports.reduce(0) { $0 + $1.badLines.total }
                    print(SessionsText.render(overview.result))
                    print("ingested \(summary.days.count) day(s) (\(summary.days.joined(separator: ", "))) into \(store) as \(version): \(summary.visits) visits, \(summary.pageViews) page views, \(summary.hits) hits, \(summary.botHits) bot hits, \(bad) malformed lines, in \(String(format: "%.1f", seconds)) s")
                } else if summary.days.isEmpty {
                    print("nothing to do: the files hold no dated hit (no day to publish); the store is unchanged")
                } else {
                    print("nothing to do: these files were already ingested (\(summary.days.joined(separator: ", "))); the store is unchanged")
                }
            }
        }
    }
}

/// A hash of what decides the rows: the config file and the CSV files it names.
enum ConfigHash {
    static func of(_ configuration: SiteConfiguration) -> String {
        var bytes: [UInt8] = []
        for path in [configuration.file, configuration.customersFile, configuration.productsFile, configuration.campaignCostsFile] {
            bytes.append(contentsOf: Array((path ?? "").utf8))
            if let path, let data = FileManager.default.contents(atPath: path) { bytes.append(contentsOf: data) }
            bytes.append(0)
        }
        // FNV-1a, 64 bits: a change detector, not a security measure.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
