public import LogIngest

/// The site config, `site.toml` (SPEC §11): how to read the logs and what the site's URLs mean.
///
/// Every key is optional; the defaults are SPEC's. File paths are resolved relative to the config
/// file's folder.
public struct SiteConfiguration: Sendable {
    /// Where the member id comes from.
    public enum MemberSource: String, Sendable {
        /// The `member_cookie` cookie.
        case cookie
        /// The authenticated user (`%u`, `cs-username`).
        case authuser
    }

    /// The config file, or `nil` for the built-in defaults.
    public var file: String?
    /// The site's name.
    public var name = "site"
    /// The site's own host names: referrers from them are internal.
    public var hosts: [String] = []
    /// The site's time zone (IANA name or ±HH:MM), or `nil` for the offset written in the log.
    public var timezone: String?
    /// The log format, or `nil` for `auto`.
    public var logFormat: LogFormat?
    /// Idle seconds after which a visit ends.
    public var visitTimeout = 1800
    /// Seconds by which lines of one file may be out of time order (SPEC §1).
    public var reorderWindow = 120
    /// Page views after which a visit is taken for a robot's (docs/SESSIONS.md): it is dropped, and its
    /// visitor key's later page views of the run too, so that memory follows the visitors active at once,
    /// not the length of one visitor's run of requests.
    public var maxVisitPageViews = 10_000
    /// The visitor cookie's name.
    public var visitorCookie = "WNUID"
    /// The member cookie's name.
    public var memberCookie = "WNMID"
    /// Where the member id comes from.
    public var memberSource = MemberSource.cookie
    /// The customer master (resolved path).
    public var customersFile: String?
    /// The product catalogue (resolved path).
    public var productsFile: String?
    /// Campaign costs (resolved path).
    public var campaignCostsFile: String?
    /// Static extensions (replaces the default list when given).
    public var staticExtensions = HitRules.defaultStaticExtensions
    /// Paths that are never page views.
    public var exclude: [PathGlob] = []
    /// Extra robot User-Agent substrings.
    public var bots: [String] = []
    /// Extra social hosts.
    public var socialHosts: [String] = []
    /// Extra search hosts (SPEC §6).
    public var searchHosts: [String] = []
    /// The share of malformed lines above which a file fails.
    public var maxBadRatio = ReadOptions.defaultMaxBadRatio
    /// Mask the last IPv4 octet / last 80 bits of IPv6 before any row is produced.
    public var anonymizeIP = false
    /// Page rules, first match wins.
    public var pages: [PageRule] = []
    /// Campaign parameter aliases and the e-mail open pixel.
    public var campaigns = CampaignSettings()
    /// Goals.
    public var goals: [GoalRule] = []
    /// Funnels.
    public var funnels: [FunnelDefinition] = []
    /// Named audiences (SPEC §15).
    public var audiences: [AudienceDefinition] = []
    /// `[store] retention_hours`: how long a data file removed from a table (a replaced day, an older visitor
    /// history) is kept for readers that started before and for time travel (SPEC §16); 0 deletes at once.
    public var retentionHours: Double = 168

    /// The built-in defaults (no config file).
    public init() {}

    /// The hit classification rules of this config.
    public var hitRules: HitRules {
        HitRules(
            staticExtensions: staticExtensions, exclude: exclude, extraBotPatterns: bots,
            emailOpenPixel: campaigns.emailOpenPixel)
    }

    /// Read options for this config; `format` (from `--format`) overrides `log_format`.
    public func readOptions(format: LogFormat? = nil, salvage: Bool = false) -> ReadOptions {
        ReadOptions(format: format ?? logFormat ?? .auto, maxBadRatio: maxBadRatio, salvage: salvage)
    }
}

/// A `[[pages]]` rule (SPEC §5, §12.9).
public struct PageRule: Sendable {
    /// The path glob.
    public var match: PathGlob
    /// Query parameters that must be present, with value globs.
    public var query: [(name: String, value: PathGlob)]
    /// The display name, or `nil` for the path.
    public var page: String?
    /// Content category.
    public var content: String?
    /// Product category.
    public var productCategory: String?
    /// Product name.
    public var product: String?
    /// Query parameter holding a product code of the catalogue.
    public var productFrom: String?
}

/// The `[campaigns]` table.
public struct CampaignSettings: Sendable {
    /// The banner id parameter (`?bn=ID`).
    public var bannerParam: String? = nil
    /// The e-mail id parameter (`?em=ID`).
    public var emailParam: String? = nil
    /// The raw path of the e-mail open pixel.
    public var emailOpenPixel: String? = nil
}

/// A `[[goals]]` rule (SPEC §7).
public struct GoalRule: Sendable {
    /// The goal's name.
    public var name: String
    /// The path glob.
    public var match: PathGlob
    /// The method it requires, or `nil` for any.
    public var method: String?
    /// The interest weight, or `nil` for the default of its name.
    public var interestWeight: Double?
    /// `conversion = true`: reaching it is a conversion (SPEC §12.19).
    public var conversion: Bool = false

    public init(name: String, match: PathGlob, method: String? = nil, interestWeight: Double? = nil, conversion: Bool = false) {
        self.name = name
        self.match = match
        self.method = method
        self.interestWeight = interestWeight
        self.conversion = conversion
    }
}

extension SiteConfiguration {
    /// The goals that count as conversions (SPEC §12.19): those with `conversion = true`; when no goal says
    /// so, every goal but `login`.
    public var conversionGoals: ConversionGoals {
        let marked = goals.filter(\.conversion).map(\.name)
        return marked.isEmpty ? .allBut(["login"]) : .only(Set(marked))
    }
}

/// Which goals count as conversions (SPEC §12.19).
public enum ConversionGoals: Sendable, Equatable {
    /// These goals.
    case only(Set<String>)
    /// Every goal but these (the default: all but `login`).
    case allBut(Set<String>)

    /// Whether reaching `goal` is a conversion.
    public func contains(_ goal: String) -> Bool {
        switch self {
        case .only(let goals): goals.contains(goal)
        case .allBut(let goals): !goals.contains(goal)
        }
    }
}

/// A `[[funnels]]` definition (SPEC §7).
public struct FunnelDefinition: Sendable {
    /// The funnel's name.
    public var name: String
    /// Its steps, as path globs.
    public var steps: [PathGlob]

    public init(name: String, steps: [PathGlob]) {
        self.name = name
        self.steps = steps
    }
}
