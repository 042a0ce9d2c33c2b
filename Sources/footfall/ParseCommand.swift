import ArgumentParser
import Foundation
import LogIngest
import SiteConfig

extension Footfall {
    /// `footfall parse`: read logs and print counts that can be checked against other tools.
    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse log files and print a summary: lines, hits, bots, page views, malformed lines, statuses, top pages, devices.",
            discussion: "Exit code 0 when all files were read; 2 when a file is unreadable, its gzip stream is damaged (without --salvage), or more lines are malformed than max_bad_ratio allows.")

        @OptionGroup var input: InputOptions

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @Option(help: "How many top pages to list (0 to 100000).")
        var top = 10

        func validate() throws {
            if !(0...100_000).contains(top) { throw ValidationError("--top must be from 0 to 100000, found \(top)") }
        }

        func run() throws {
            try reportingFailures {
                let configuration = try input.loadConfiguration()
                var options = configuration.readOptions(format: try input.parsedFormat(), salvage: input.salvage)
                options.keepsBadLineText = input.verbose
                let summary = ParseSummary()
                do {
                    let reader = try LogFileReader(options: options, rules: configuration.hitRules)
                    for file in input.files {
                        let report = try reader.read(LogInput(path: file)) { hit in summary.add(hit) }
                        summary.add(report)
                    }
                } catch let error as LogIngestError {
                    throw CommandFailure(message: "\(error)", exitCode: error.code == .badFormat ? 64 : 2)
                }
                for damage in summary.salvagedDamage {
                    printError(salvageWarning(damage))
                }
                if json {
                    print(try ParseReport(summary: summary, top: top).jsonText())
                } else {
                    print(ParseReport(summary: summary, top: top).text)
                }
            }
        }
    }
}

/// The JSON contract of `footfall parse` (issue: ingest).
struct ParseReport: Encodable {
    struct Page: Encodable {
        var path: String
        var pageViews: Int

        enum CodingKeys: String, CodingKey {
            case path
            case pageViews = "page_views"
        }
    }

    var lines: Int
    var hits: Int
    var botHits: Int
    var pageViews: Int
    var badLines: [String: Int]
    var statuses: [String: Int]
    var topPages: [Page]
    var devices: [String: Int]
    var badLineExamples: [String]
    var formats: [String: String]

    enum CodingKeys: String, CodingKey {
        case lines, hits, statuses, devices, formats
        case botHits = "bot_hits"
        case pageViews = "page_views"
        case badLines = "bad_lines"
        case topPages = "top_pages"
        case badLineExamples = "bad_line_examples"
    }

    init(summary: ParseSummary, top: Int) {
        lines = summary.lines
        hits = summary.hits
        botHits = summary.botHits
        pageViews = summary.pageViews
        badLines = Dictionary(uniqueKeysWithValues: summary.badLines.counts.map { ($0.key.rawValue, $0.value) })
        statuses = Dictionary(uniqueKeysWithValues: summary.statuses.map { (String($0.key), $0.value) })
        topPages = summary.topPages(limit: top).map { Page(path: $0.path, pageViews: $0.pageViews) }
        devices = Dictionary(uniqueKeysWithValues: summary.devices.map { ($0.key.rawValue, $0.value) })
        badLineExamples = summary.badLines.examples.map(\.description)
        formats = Dictionary(summary.formats.map { ($0.file, $0.format.description) }, uniquingKeysWith: { $1 })
    }

    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    var text: String {
        var lines: [String] = []
        func row(_ label: String, _ value: Int) {
            let padded = label.count >= 22 ? label + " " : label + String(repeating: " ", count: 22 - label.count)
            lines.append(padded + String(value))
        }
        row("lines", self.lines)
        row("hits", hits)
        row("bot hits", botHits)
        row("page views", pageViews)
        row("bad lines", badLines.values.reduce(0, +))
        for (reason, count) in badLines.sorted(by: { $0.key < $1.key }) { row("  " + reason, count) }
        if !badLineExamples.isEmpty {
            lines.append("first malformed lines:")
            lines.append(contentsOf: badLineExamples.map { "  " + TerminalText.sanitized($0) })
        }
        lines.append("statuses:")
        for (code, count) in statuses.sorted(by: { $0.key < $1.key }) { row("  " + code, count) }
        lines.append("devices (page views):")
        for (device, count) in devices.sorted(by: { $0.key < $1.key }) { row("  " + device, count) }
        lines.append("top pages:")
        for page in topPages { lines.append("  \(String(page.pageViews).leftPadded(to: 8))  \(TerminalText.sanitized(page.path))") }
        return lines.joined(separator: "\n")
    }
}

/// Log-derived text made safe for a terminal: control and bidirectional formatting characters shown as
/// visible escapes (``SafeText``).
enum TerminalText {
    static func sanitized(_ text: String) -> String {
        SafeText.visible(text)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
