import ArgumentParser
import Foundation
import FootfallStore
import ParquetStore
import Reports

extension Footfall {
    /// `footfall store`: commands about the store itself.
    struct StoreCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store", abstract: "Commands about the store itself: check, versions, migrate.", subcommands: [Check.self, Versions.self, Migrate.self])
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
                    for name in report.unlisted { print("note: \(TerminalText.sanitized(name)) is not in this version (removed by a later ingest and kept for [store] retention_hours, or left by an interrupted one; the next ingest deletes it when due)") }
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

extension Footfall.StoreCommand {
    /// `footfall store versions`: the versions a report can read with `--as-of`.
    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the store's versions, newest first: when each was committed, its days, the days it wrote, each table's Delta Lake version, and whether its files are still there (removed files are deleted after [store] retention_hours).")

        @Option(help: "The store folder.")
        var store: String

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            try reportingFailures {
                let versions: [StoreVersionInfo]
                do { versions = try Store(root: store).versions() } catch { throw CommandFailure(message: "\(error)", exitCode: 2) }
                if json {
                    let list: [[String: Any]] = versions.map { version in
                        [
                            "version": version.name, "created": version.createdMs.map(Self.time) ?? NSNull(), "days": version.days,
                            "days_written": version.daysWritten, "visits": version.visits, "tables": version.tables, "readable": version.readable,
                        ]
                    }
                    let data = try JSONSerialization.data(withJSONObject: ["versions": list], options: [.prettyPrinted, .sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                guard !versions.isEmpty else {
                    print("no version yet: run footfall ingest first")
                    return
                }
                let rows = versions.enumerated().map { index, version in
                    [
                        version.name, version.createdMs.map(Self.time) ?? "-", "\(version.days.count)",
                        version.daysWritten.isEmpty ? "-" : Self.span(version.daysWritten), "\(version.visits)",
                        index == 0 ? "latest" : version.readable ? "readable (--as-of \(version.name))" : "files deleted after the retention",
                    ]
                }
                print(TextTable(headers: ["version", "committed (UTC)", "days", "days written", "visits", "state"], rows: rows, rightAligned: [2, 4]).text)
            }
        }

        static func time(_ ms: Int64) -> String {
            let formatter = ISO8601DateFormatter()
            return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
        }

        static func span(_ days: [String]) -> String {
            days.count == 1 ? days[0] : "\(days.first!) … \(days.last!) (\(days.count))"
        }
    }

    /// `footfall store migrate`: convert a store of schema 5 to Delta Lake tables.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a store of schema 5 (a current link and versions/) into Delta Lake tables (schema 6), keeping every day: its files are hard-linked, not copied. Safe to interrupt and run again.")

        @Option(help: "The store folder.")
        var store: String

        func run() throws {
            try reportingFailures {
                let summary: StoreMigration.Summary?
                do {
                    summary = try StoreMigration.run(Store(root: store)) { printError("waiting for another command writing the store…") }
                } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 2)
                }
                if let summary {
                    print("migrated \(summary.version): \(summary.days) day(s), \(summary.files) files, now Delta Lake tables (footfall store versions lists it)")
                } else {
                    print("the store is already of Delta Lake tables (schema \(StoreTable.schemaVersion)): nothing to do")
                }
            }
        }
    }
}
