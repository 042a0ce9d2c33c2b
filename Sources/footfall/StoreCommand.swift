import ArgumentParser
import Foundation
import FootfallStore
import ParquetStore

extension Footfall {
    /// `footfall store`: commands about the store itself.
    struct StoreCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store", abstract: "Commands about the store itself: check.", subcommands: [Check.self])
    }
}

extension Footfall.StoreCommand {
    /// `footfall store check`: verify every file of the published version.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the published version of the store: every file the manifest lists is there, has its recorded size, CRC-32 and footer, and decodes in full (page CRCs checked); row counts match the manifest.",
            discussion: "Exit code 0 when the store is whole, 2 when a problem is found (each is printed with its file and what to do).")

        @Option(help: "The store folder.")
        var store: String

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            try reportingFailures {
                let pinned = Store(root: store).pinned()
                let report: StoreCheck.Report
                do {
                    report = try StoreCheck.run(pinned) { reader, column, group in
                        _ = try InspectColumnReader.nonNullCount(reader, column, rowGroup: group)
                    }
                } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 2)
                }
                if json {
                    let object: [String: Any] = [
                        "version": report.version, "days": report.days, "files": report.files, "bytes": report.bytes,
                        "ok": report.problems.isEmpty,
                        "problems": report.problems.map { ["path": $0.path, "message": $0.message] },
                        "unlisted": report.unlisted, "notes": report.notes,
                    ]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    for problem in report.problems { print("damaged: \(TerminalText.sanitized(problem.path)): \(TerminalText.sanitized(problem.message))") }
                    for note in report.notes { print("note: \(note)") }
                    for name in report.unlisted { print("note: \(TerminalText.sanitized(name)) is not listed in the manifest (footfall does not read it)") }
                    let megabytes = String(format: "%.1f", Double(report.bytes) / 1_048_576)
                    if report.problems.isEmpty {
                        print("ok: \(report.version), \(report.days) day(s), \(report.files) files (\(megabytes) MB) verified whole")
                    } else {
                        print("\(report.problems.count) problem(s) in \(report.version): ingest the logs of each damaged day again (with --rebuild-from DAY and every later day's logs when it is not the latest day), or restore the store from a backup")
                    }
                }
                if !report.problems.isEmpty { throw ExitCode(2) }
            }
        }
    }
}
