import Foundation
public import FootfallStore
import Hummingbird
import HummingbirdAuth
import LogAnalytics
public import Logging
import NIOCore
import NIOPosix
public import Reports
import ServiceLifecycle
import UnixSignals
public import SiteConfig
import Synchronization

/// How `footfall serve` runs (SPEC §13).
public struct ConsoleOptions: Sendable {
    public var store: String
    public var config: String?
    public var users: String
    public var host = "127.0.0.1"
    public var port = 8080
    /// The labels' language for everyone (`--lang`); `nil`: each browser's Accept-Language (a `lang=` in the URL wins).
    public var language: ReportStyle.Language?
    /// Behind a TLS-terminating reverse proxy on this host (`--behind-proxy`): the session cookie is `Secure` and
    /// the client's address is taken from the proxy's `X-Forwarded-For`.
    public var behindProxy = false
    /// Sessions end after this long without a request.
    public var sessionIdle: Duration = .seconds(8 * 3600)

    public init(store: String, config: String?, users: String) {
        self.store = store
        self.config = config
        self.users = users
    }
}

/// The console's state shared by every request: the users, the failed-login counts, the access log, the cache of
/// rendered views and the config's catalogs (read once).
final class ConsoleState: Sendable {
    let options: ConsoleOptions
    let configuration: SiteConfiguration?
    let users: UserDirectory
    let limiter = LoginLimiter()
    let accessLog: AccessLog
    let cache = ReportCache()
    private let catalogs = Mutex<[Int: SiteCatalog]>([:])
    private let storedValues = Mutex<(version: String, campaigns: [String], genders: [String])?>(nil)

    /// The campaigns and genders of the store's visits, read once per version (the filter bar's choices).
    func storedChoices(_ store: Store) -> (campaigns: [String], genders: [String]) {
        let version = store.versionName ?? "-"
        if let cached = storedValues.withLock({ $0 }), cached.version == version { return (cached.campaigns, cached.genders) }
        let known = (try? ReportFilterCheck.knownValues(store: store)) ?? (campaigns: [], genders: [])
        let value = (version: version, campaigns: known.campaigns.sorted(), genders: known.genders.sorted())
        storedValues.withLock { $0 = value }
        return (value.campaigns, value.genders)
    }

    init(options: ConsoleOptions) throws {
        self.options = options
        configuration = try options.config.map { try SiteConfiguration.load(path: $0) }
        users = try UserDirectory(path: options.users)
        accessLog = AccessLog(store: options.store)
    }

    /// The config's catalog parts, loaded once each.
    func catalog(_ parts: SiteCatalog.Parts) throws -> SiteCatalog {
        if let cached = catalogs.withLock({ $0[parts.rawValue] }) { return cached }
        guard let configuration else { return SiteCatalog() }
        let loaded = try SiteCatalog.load(for: configuration, parts: parts)
        catalogs.withLock { $0[parts.rawValue] = loaded }
        return loaded
    }

    /// A runner over the store's published version, resolved once for this request (SPEC §9, §13).
    func runner() -> ReportRunner {
        ReportRunner(store: Store(root: options.store).pinned(), configuration: configuration, catalog: { [self] parts in try self.catalog(parts) })
    }

    /// The language of a request: `lang=` in its URL, else `--lang`, else the browser's Accept-Language.
    func language(query: ConsoleQuery, acceptLanguage: String?) -> ReportStyle.Language {
        if let lang = query["lang"], let language = ReportStyle.Language(rawValue: lang) { return language }
        if let fixed = options.language { return fixed }
        guard let accept = acceptLanguage else { return .en }
        // The first language listed with the highest weight.
        let ranked = accept.split(separator: ",").enumerated().map { index, part -> (String, Double, Int) in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let weight = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (pieces.first?.lowercased() ?? "", weight, index)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }
        for (tag, _, _) in ranked {
            if tag.hasPrefix("ko") { return .ko }
            if tag.hasPrefix("en") { return .en }
        }
        return .en
    }
}

/// `footfall serve`: the web console of SPEC §13 on Hummingbird, stopped gracefully by SIGTERM or SIGINT
/// (requests in flight finish).
public struct ConsoleServer: Sendable {
    let state: ConsoleState

    /// Loads the config and users.toml; without users.toml it refuses, saying how to add the first admin.
    public init(options: ConsoleOptions) throws {
        state = try ConsoleState(options: options)
    }

    /// Serves until SIGTERM or SIGINT; `onReady` gets the address it listens on (the real port when 0 was asked).
    public func run(logger: Logger, onReady: @escaping @Sendable (String) -> Void) async throws {
        let persist = MemoryPersistDriver()
        let router = ConsoleRoutes(state: state, persist: persist).router()
        let host = state.options.host
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: state.options.port), serverName: "footfall"),
            services: [persist],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? state.options.port
                onReady("http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
