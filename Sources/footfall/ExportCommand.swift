import ArgumentParser
import Foundation
import FootfallStore
import LogAnalytics
import Reports
import SiteConfig

extension Footfall {
    /// `footfall export interest`: product interest per member for the web site's personalisation layer.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export each member's top products by interest (with their gender and age band's popular products as fallback).")

        enum Kind: String, ExpressibleByArgument { case interest }
        enum Format: String, ExpressibleByArgument { case csv, json }

        @Argument(help: "What to export: interest.")
        var kind: Kind

        @Option(help: "The store folder.")
        var store: String

        @Option(help: "The site config (for customers.csv).")
        var config: String

        @Option(help: "Products per member.")
        var top = 5

        @Option(help: "First day (default: the store's first).")
        var from: String?

        @Option(help: "Last day (default: the store's last; the day interest is measured at).")
        var to: String?

        @Option(help: "csv or json.")
        var format: Format = .csv

        @Option(help: "Write to this file instead of standard output.")
        var output: String?

        func validate() throws {
            if !(1...1_000).contains(top) { throw ValidationError("--top must be from 1 to 1000, found \(top)") }
            for (label, value) in [("from", from), ("to", to)] {
                if let value, SiteDay(value) == nil { throw ValidationError("--\(label) '\(value)' is not a date YYYY-MM-DD") }
            }
        }

        func run() throws {
            try reportingFailures {
                let store = Store(root: store).pinned()  // one version for the whole command (SPEC §9)
                guard let manifest = try? store.manifest(), let first = from.flatMap(SiteDay.init) ?? manifest.days.keys.min().flatMap(SiteDay.init),
                    let last = to.flatMap(SiteDay.init) ?? manifest.days.keys.max().flatMap(SiteDay.init)
                else { throw CommandFailure(message: "\(self.store): not a footfall store with days; run footfall ingest first", exitCode: 2) }
                let customers: [String: CustomerRecord]
                do { customers = try SiteCatalog.load(for: try SiteConfiguration.load(path: config), parts: .customers).customers } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 64)
                }
                let export: InterestExport
                do { export = try InterestExport.make(store: store, query: ReportQuery(from: first, to: last), customers: customers, top: top) } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 2)
                }
                let text = format == .csv ? export.csvText : export.jsonValue.text() + "\n"
                if let output {
                    do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                        throw CommandFailure(message: "\(output): cannot write (\(error.localizedDescription))", exitCode: 2)
                    }
                } else {
                    print(text, terminator: "")
                }
            }
        }
    }
}
