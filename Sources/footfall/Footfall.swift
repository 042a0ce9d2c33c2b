import ArgumentParser
import LogIngest

#if canImport(Glibc)
import Glibc
#endif

/// The `footfall` command: eCRM web-log analytics.
@main
struct Footfall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footfall",
        abstract: "eCRM web-log analytics: gzipped access logs in, customer-centred reports out.",
        version: "0.1.0",
        subcommands: [Demo.self, Parse.self, Sessions.self, Ingest.self, Inspect.self, Report.self, SQL.self, AudienceCommand.self, Export.self, StoreCommand.self, Serve.self, Users.self]
    )

    /// ArgumentParser's `main`, with its messages made safe to print: a usage error repeats the value given
    /// (`--from $'\e[2J'`), whose control and bidirectional characters are shown as visible escapes
    /// (issue 18.16).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let message = SafeText.visible(fullMessage(for: error), keepingNewlines: true)
            let code = exitCode(for: error)
            if !message.isEmpty {
                let text = Array((message + "\n").utf8)
                _ = text.withUnsafeBytes { write(code == .success ? STDOUT_FILENO : STDERR_FILENO, $0.baseAddress, $0.count) }
            }
            Glibc.exit(code.rawValue)
        }
    }
}
