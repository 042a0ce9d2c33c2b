import ArgumentParser
import Console
import Foundation
import Logging
import Reports

#if canImport(Glibc)
import Glibc
#endif

extension Footfall {
    /// `footfall serve`: the web console (SPEC §13).
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the web console over the store: every report as a page, with filters, comparison, downloads and an API.",
            discussion: "Users and their roles are in users.toml (footfall users add). Stops gracefully on SIGTERM or SIGINT. docs/CONSOLE.md says how to run it behind a reverse proxy with TLS.")

        @Option(help: "The store folder.")
        var store: String

        @Option(help: "The site config (funnels, customers.csv for the customer pages, campaigns.csv for costs).")
        var config: String?

        @Option(help: "The users file (footfall users add NAME --role admin --users FILE makes it).")
        var users: String

        @Option(help: "Address and port to listen on (HOST:PORT; port 0 picks a free one).")
        var listen = "127.0.0.1:8080"

        @Flag(help: "Listen on an address other than loopback over plain HTTP (only behind a TLS-terminating proxy on the same host).")
        var insecureHTTP = false

        @Flag(help: "Behind a reverse proxy on this host that terminates TLS: Secure session cookies, client addresses from X-Forwarded-For.")
        var behindProxy = false

        @Option(help: "The labels' language for everyone: en or ko (default: each browser's Accept-Language).")
        var lang: ReportStyle.Language?

        func validate() throws {
            guard let (host, _) = Self.split(listen) else { throw ValidationError("--listen '\(listen)' is not HOST:PORT (e.g. 127.0.0.1:8080)") }
            if !Self.isLoopback(host), !insecureHTTP {
                throw ValidationError(
                    "--listen \(host) is not a loopback address: serve on 127.0.0.1 behind a reverse proxy that terminates TLS (docs/CONSOLE.md), or pass --insecure-http if that proxy is in front of it")
            }
        }

        static func split(_ listen: String) -> (String, Int)? {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
            var host = String(listen[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return host.isEmpty ? nil : (host, port)
        }

        static func isLoopback(_ host: String) -> Bool {
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }

        func run() throws {
            try reportingFailures {
                let (host, port) = Self.split(listen)!
                var options = ConsoleOptions(store: store, config: config, users: users)
                options.host = host
                options.port = port
                options.language = lang
                options.behindProxy = behindProxy
                try Self.serve(options)
            }
        }

        /// Runs the console until it is stopped; prints its address when it listens.
        static func serve(_ options: ConsoleOptions, banner: String = "") throws {
            let server: ConsoleServer
            do { server = try ConsoleServer(options: options) } catch let error as ConsoleUsersError {
                throw CommandFailure(message: error.message, exitCode: 64)
            } catch {
                throw CommandFailure(message: "\(error)", exitCode: 64)
            }
            var logger = Logger(label: "footfall.console")
            logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
            let finished = DispatchSemaphore(value: 0)
            let failure = LockedBox<(any Error)?>(nil)
            Task {
                do {
                    try await server.run(logger: logger) { url in
                        let line = Array("footfall console: \(url)\(banner)\n".utf8)
                        _ = line.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                    }
                } catch {
                    failure.set(error)
                }
                finished.signal()
            }
            finished.wait()
            if let error = failure.get() { throw CommandFailure(message: "the console stopped: \(error)", exitCode: 2) }
        }
    }
}

/// A value shared with a task, behind a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}
