import ArgumentParser
import LogIngest
import SiteConfig

/// Flags shared by every command that reads logs.
struct InputOptions: ParsableArguments {
    @Argument(help: "Log files: gzip or plain text; '-' reads standard input.")
    var files: [String]

    @Option(help: "Log format: common, combined, combined_cookie, nginx_combined, w3c, auto, an Apache LogFormat string or an nginx log_format string. Overrides log_format in the config.")
    var format: String?

    @Option(help: "The site config (site.toml).")
    var config: String?

    @Flag(help: "Keep the lines before damage in a truncated or corrupt gzip file instead of failing.")
    var salvage = false

    @Flag(help: "Show the text of the first malformed lines (log lines hold personal data: off by default).")
    var verbose = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one log file (or '-' for standard input).") }
    }

    /// The site config, or the defaults when none is given.
    func loadConfiguration() throws -> SiteConfiguration {
        guard let config else { return SiteConfiguration() }
        do {
            return try SiteConfiguration.load(path: config)
        } catch {
            throw CommandFailure(message: "\(error)", exitCode: 64)
        }
    }

    /// The format given with --format, if any.
    func parsedFormat() throws -> LogFormat? {
        guard let format else { return nil }
        do {
            return try LogFormat(parsing: format)
        } catch {
            throw ValidationError("\(error.message). \(error.hint)")
        }
    }
}
