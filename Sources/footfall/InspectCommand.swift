import ArgumentParser
import Foundation
import FootfallStore
import ParquetStore

extension Footfall {
    /// `footfall inspect`: read a table of the store back, column by column.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a table of the store back (all days or one) and print its rows and each column's non-null count.")

        @Option(help: "The store folder.")
        var store: String

        @Option(help: "visits, pageviews, daily_hits, daily_visits or daily_items.")
        var table: String = "visits"

        @Option(help: "One day (YYYY-MM-DD); all days when omitted.")
        var day: String?

        @Option(help: "Comma-separated columns to read (all when omitted).")
        var columns: String?

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @Flag(help: "Also print the time spent opening and reading the files (not the command's start), on standard error.")
        var timing = false

        func run() throws {
            try reportingFailures {
                guard let table = StoreTable(rawValue: table) else {
                    throw CommandFailure(
                        message: "unknown table '\(self.table)'; expected \(StoreTable.allCases.map(\.rawValue).joined(separator: ", "))", exitCode: 64)
                }
                let store = Store(root: store).pinned()  // one version for the whole command (SPEC §9)
                guard let manifest = try store.manifest() else {
                    throw CommandFailure(message: "\(self.store): not a footfall store (no published version)", exitCode: 2)
                }
                let days = day.map { [$0] } ?? manifest.days.keys.sorted()
                // Each column once, in the order given (a repeated name made the count table trap).
                var seen = Set<String>()
                let wanted = columns?.split(separator: ",").map(String.init).filter { seen.insert($0).inserted }
                var rows: Int64 = 0
                var nonNull: [String: Int] = [:]
                let clock = ContinuousClock()
                let started = clock.now
                for day in days {
                    guard let reader = try store.openDayFile(table, day: day) else {
                        let known = manifest.days.keys.sorted()
                        throw CommandFailure(
                            message: "\(self.store): no day \(day) in the store; its days: \(known.first ?? "none")\(known.count > 1 ? " … " + known.last! : "")",
                            exitCode: 64)
                    }
                    do {
                        rows += reader.rowCount
                        let counts = try InspectColumnReader.nonNullCounts(reader, columns: wanted ?? reader.schema.columns.map(\.name))
                        nonNull.merge(counts) { $0 + $1 }
                    } catch let error as ParquetError {
                        throw CommandFailure(message: "\(error)", exitCode: 2)
                    }
                }
                if timing {
                    let elapsed = clock.now - started
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    FileHandle.standardError.write(Data("read in \(String(format: "%.4f", seconds)) s\n".utf8))
                }
                if json {
                    let data = try JSONSerialization.data(withJSONObject: ["rows": rows, "non_null": nonNull], options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    print("\(table.rawValue): \(rows) rows over \(days.count) day(s)")
                    for (name, count) in nonNull.sorted(by: { $0.key < $1.key }) { print("  \(name): \(count) non-null") }
                }
            }
        }
    }
}
