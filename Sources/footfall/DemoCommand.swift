import ArgumentParser
import Console
import Foundation
import FootfallStore
import LogAnalytics
import LogIngest
import Reports
import SiteConfig

extension Footfall {
    /// `footfall demo`: the whole job on the bundled sample, with no setup.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ingest the bundled SampleLogs/ into a store, print the overview and write it as an HTML page.")

        @Option(help: "The sample folder (default: SampleLogs/ here, else the one in footfall's source tree).")
        var sample: String?

        @Option(help: "The store folder (default: a new temporary folder).")
        var store: String?

        @Option(help: "The HTML report to write (default: footfall-overview.html in the store folder).")
        var html: String?

        @Flag(help: "Then serve the web console over the sample store (an admin with a one-time password printed here).")
        var serve = false

        @Option(help: "With --serve: address and port to listen on (loopback only).")
        var listen = "127.0.0.1:8080"

        func validate() throws {
            guard let (host, _) = Serve.split(listen), Serve.isLoopback(host) else {
                throw ValidationError("--listen '\(listen)' is not a loopback HOST:PORT (e.g. 127.0.0.1:8080): the demo console is for this machine only")
            }
        }

        /// A new folder of the temporary directory, made by `mkdtemp` (a name no one can guess or plant a link
        /// at beforehand, mode 0700; issue 18.17: the folder was named after the process id and followed a
        /// symlink planted there).
        static func newTemporaryFolder() throws -> String {
            var template = Array((FileManager.default.temporaryDirectory.path + "/footfall-demo-XXXXXX").utf8CString)
            let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            guard made != nil else {
                throw CommandFailure(message: "cannot make a temporary folder: \(String(cString: strerror(errno)))", exitCode: 2)
            }
            return String(cString: template)
        }

        func run() throws {
            try reportingFailures {
                let folder = try sampleFolder()
                let root = try store ?? Self.newTemporaryFolder()
                let configuration: SiteConfiguration
                let catalog: SiteCatalog
                do {
                    configuration = try SiteConfiguration.load(path: folder + "/site.toml")
                    catalog = try SiteCatalog.load(for: configuration)
                } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 64)
                }
                let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                    .filter { $0.hasSuffix(".log.gz") || $0.hasSuffix(".log") }.sorted().map { folder + "/" + $0 }
                guard !files.isEmpty else { throw CommandFailure(message: "\(folder): no .log or .log.gz files", exitCode: 2) }
                let job = StoreIngest(store: Store(root: root), configuration: configuration, catalog: catalog, configHash: ConfigHash.of(configuration))
                let summary: StoreIngest.Summary
                do {
                    summary = try job.run(files, options: configuration.readOptions())
                } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 2)
                }
                let store = Store(root: root).pinned()  // one version for the whole command (SPEC §9)
                guard let manifest = try? store.manifest(), let first = manifest.days.keys.min().flatMap(SiteDay.init),
                    let last = manifest.days.keys.max().flatMap(SiteDay.init)
                else { throw CommandFailure(message: "\(root): the store has no days", exitCode: 2) }
                let report: OverviewReport
                do {
                    report = try OverviewReport.make(store: store, query: ReportQuery(from: first, to: last))
                } catch {
                    throw CommandFailure(message: "\(error)", exitCode: 2)
                }
                // Labels in the language of LC_ALL/LANG (issue 19), as `footfall report` writes them.
                let style = ReportStyle(language: ReportStyle.language(fromEnvironment: ProcessInfo.processInfo.environment))
                let (table, htmlText) = ReportStyle.$current.withValue(style) { (report.tableText, report.htmlText) }
                print(table)
                let page = html ?? root + "/footfall-overview.html"
                do {
                    try htmlText.write(toFile: page, atomically: true, encoding: .utf8)
                } catch {
                    throw CommandFailure(message: "\(page): cannot write the HTML report (\(error.localizedDescription))", exitCode: 2)
                }
                print("")
                print("\(files.count) files, \(summary.visits) visits ingested into \(root) (\(manifest.version)); HTML report: \(page)")
                print("Query it with DuckDB: select * from read_parquet('\(root)/current/visits/*/*.parquet', hive_partitioning = true) limit 10;")
                if serve { try serveConsole(root: root, sample: folder) }
            }
        }

        /// Serves the console over the demo store: a users file beside the store's data with one admin, `demo`,
        /// whose random password is printed once (it is stored only as a bcrypt hash).
        private func serveConsole(root: String, sample: String) throws {
            let usersPath = root + "/demo-users.toml"
            var generator = SystemRandomNumberGenerator()
            let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
            let password = String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            var users = ConsoleUsers()
            let made = Result { () throws(ConsoleUsersError) in
                try users.add(name: "demo", role: .admin, password: password)
                try users.write(path: usersPath)
            }
            if case .failure(let error) = made { throw CommandFailure(message: error.message, exitCode: 2) }
            let (host, port) = Serve.split(listen)!
            var options = ConsoleOptions(store: root, config: sample + "/site.toml", users: usersPath)
            options.host = host
            options.port = port
            print("")
            print("Console: log in as demo with the one-time password \(password) (stored only as a hash in \(usersPath)); Ctrl-C stops it.")
            fflush(nil)  // the lines above before the server's own
            try Serve.serve(options)
        }

        private func sampleFolder() throws -> String {
            let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("SampleLogs").path
            let candidates: [String] = [sample, FileManager.default.currentDirectoryPath + "/SampleLogs", sourceTree].compactMap { $0 }
            for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/site.toml") {
                return candidate
            }
            throw CommandFailure(message: "no sample found (looked for site.toml in \(candidates.joined(separator: ", "))); pass --sample FOLDER", exitCode: 64)
        }
    }
}
