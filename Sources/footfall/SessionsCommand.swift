import ArgumentParser
import Foundation
import LogAnalytics
import LogIngest
import SiteConfig

extension Footfall {
    /// `footfall sessions`: sessionise log files and print per-day visit figures.
    struct Sessions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cut page views into visits and print, per site day: visits, visitors, first-time visitors, page views, logins, and visits by segment, channel and device.",
            discussion: "Files from several web servers are merged by time. With --history, what is known about visitor keys (first seen, last member id) is read from that file and written back when the run succeeds. Exit codes as for parse.")

        @OptionGroup var input: InputOptions

        @Option(help: "A visitor history file (read if it exists, updated when the run succeeds).")
        var history: String?

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            AllocatorTuning.forBatchJob()
            try reportingFailures {
                let configuration = try input.loadConfiguration()
                let catalog: SiteCatalog
                do {
                    catalog = try SiteCatalog.load(for: configuration)
                } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 64)
                }
                let store = try HistoryFile(path: history)
                var options = configuration.readOptions(format: try input.parsedFormat(), salvage: input.salvage)
                options.keepsBadLineText = input.verbose
                let summary = SessionsSummary()
                let result: SessionPipeline.Result
                do {
                    let pipeline = try SessionPipeline(
                        configuration: configuration, catalog: catalog, history: store.history, options: options)
                    result = try pipeline.run(input.files.map(LogInput.init(path:))) { summary.add($0) }
                } catch let error as LogIngestError {
                    throw CommandFailure(message: "\(error)", exitCode: error.code == .badFormat ? 64 : 2)
                } catch let error as AnalyticsError {
                    throw CommandFailure(message: "\(error)", exitCode: 64)
                }
                for report in result.reports {
                    if let damage = report.salvagedDamage {
                        printError(salvageWarning(damage))
                    }
                }
                if result.robotLikeVisitors > 0 {
                    printError("footfall: note: \(result.robotLikeVisitors) visitor key(s) taken for robots and left out: a visit passed max_visit_page_views (\(configuration.maxVisitPageViews)); \(result.robotLikePageViews) page views dropped")
                }
                if input.verbose {
                    printError("footfall: \(result.visitors) visitor keys; at most \(result.peakOpenVisits) visits open, \(result.peakPendingPageViews) page views waiting in the merge and \(result.peakOpenFiles) of \(input.files.count) files read at once; \(result.latePageViews) page views out of order")
                }
                try store.save(merging: result.historyUpdates)
                let days = summary.result
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(["days": days]), as: UTF8.self))
                } else {
                    print(SessionsText.render(days))
                }
            }
        }
    }
}

/// The text form of `footfall sessions`.
enum SessionsText {
    static func render(_ days: [SessionsSummary.Day]) -> String {
        var lines: [String] = []
        for day in days {
            lines.append("\(day.day)")
            lines.append("  visits \(day.visits)   visitors \(day.visitors)   first-time \(day.firstTimeVisitors)   page views \(day.pageViews)   logins \(day.logins)")
            lines.append("  segments: " + Segment.allCases.map { "\($0.rawValue) \(day.segments[$0.rawValue] ?? 0)" }.joined(separator: ", "))
            lines.append("  channels: " + Channel.allCases.map { "\($0.rawValue) \(day.channels[$0.rawValue] ?? 0)" }.joined(separator: ", "))
            lines.append("  devices:  " + DeviceClass.allCases.map { "\($0.rawValue) \(day.devices[$0.rawValue] ?? 0)" }.joined(separator: ", "))
        }
        return lines.isEmpty ? "no page views" : lines.joined(separator: "\n")
    }
}

/// The file-backed visitor history of `--history` (until the store keeps it).
struct HistoryFile {
    let path: String?
    let history: InMemoryVisitorHistory

    init(path: String?) throws {
        self.path = path
        guard let path, FileManager.default.fileExists(atPath: path) else {
            history = InMemoryVisitorHistory()
            return
        }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            history = try InMemoryVisitorHistory(parsing: text, file: path)
        } catch let error as AnalyticsError {
            throw CommandFailure(message: "\(error)", exitCode: 2)
        } catch {
            throw CommandFailure(message: "\(path): cannot read the visitor history (\(error.localizedDescription))", exitCode: 2)
        }
    }

    /// Writes the merged history next to the file and renames it into place, so a crash leaves the old one.
    /// The file holds the fingerprint secret, visitor cookies and member ids: it is created readable by its
    /// owner only (mode 0600, like the store's key; issue 18.15), whatever the umask.
    func save(merging updates: VisitorHistoryUpdates) throws {
        guard let path else { return }
        var merged = history
        merged.merge(updates)
        try PrivateFile.write(Array(merged.serialized().utf8), to: path, what: "the visitor history")
    }
}
