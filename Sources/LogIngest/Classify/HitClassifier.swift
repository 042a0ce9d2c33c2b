import ByteTables
/// What a hit is (SPEC §2, §12.2–4).
public struct HitClass: Sendable, Hashable {
    /// A robot's hit (User-Agent on the robots list, or a request for `/robots.txt`).
    public var isBot: Bool
    /// The path ends in a static extension.
    public var isStatic: Bool
    /// The path matches the config's `exclude` rules.
    public var isExcluded: Bool
    /// The path is the e-mail open pixel.
    public var isEmailOpen: Bool
    /// A page view: not a bot, GET or POST, 2xx or 304, not static, not excluded, not the pixel.
    public var isPageView: Bool
    /// Device, browser and OS of the User-Agent.
    public var agent: UserAgentInfo
}

/// Classifies parsed hits, caching the User-Agent analysis per distinct agent string.
///
/// The cache holds at most ``agentCacheLimit`` agents so that memory stays bounded on hostile
/// input with endless distinct agents; past it, agents are classified afresh each time.
public final class HitClassifier {
    /// Distinct User-Agents whose classification is cached.
    public static let agentCacheLimit = 50_000

    private let agentClassifier: UserAgentClassifier
    private let agents = ByteInterner(capacity: 4096)
    @exclusivity(unchecked) private var agentInfos: [UserAgentInfo] = []
    /// The id of the agent last looked up, `-1` before the first.
    @exclusivity(unchecked) private var previousAgent: Int32 = -1
    /// The agent before `previousAgent` (two visitors' requests often interleave).
    @exclusivity(unchecked) private var agentBeforePrevious: Int32 = -1
    /// The static extensions, packed by ``extensionKey(_:)``: a look-up is one probe, where a scan of
    /// the default list took two dozen compares for every image and script.
    private let staticExtensionKeys = IntegerInterner(capacity: 32)
    private let exclude: [PathGlob]
    private let emailOpenPixel: [UInt8]?

    /// Creates a classifier for `rules`.
    public init(rules: HitRules) {
        agentClassifier = UserAgentClassifier(extraBotPatterns: rules.extraBotPatterns)
        exclude = rules.exclude
        emailOpenPixel = rules.emailOpenPixel.map { Array($0.utf8) }
        for case let key? in rules.staticExtensions.map({ Self.extensionKey(Array($0.lowercased().utf8)[...]) }) {
            _ = staticExtensionKeys.intern(key)
        }
    }

    /// Classifies the hit whose fields are `fields` within `line`.
    @inline(__always)
    public func classify(_ line: UnsafeBufferPointer<UInt8>, _ fields: HitFields) -> HitClass {
        let path = line.slice(fields.path)
        let agent = agentInfo(line.slice(fields.userAgent), plusMeansSpace: fields.plusMeansSpace)
        let isBot = agent.isBot || path.equals("/robots.txt")
        let isStatic = isStaticPath(path)
        // Through a buffer pointer: the globs are read in place, not copied (and retained) per line.
        let isExcluded = exclude.withUnsafeBufferPointer { globs in
            for index in globs.indices where globs[index].matches(path) { return true }
            return false
        }
        var isEmailOpen = false
        if let emailOpenPixel {
            isEmailOpen = emailOpenPixel.withUnsafeBufferPointer { path.bytesEqual($0) }
        }
        let method = line.slice(fields.method)
        let status = fields.status
        let isPageView =
            !isBot && !isStatic && !isExcluded && !isEmailOpen
            && ((status >= 200 && status <= 299) || status == 304)
            && (method.equals("GET") || method.equals("POST"))
        return HitClass(
            isBot: isBot, isStatic: isStatic, isExcluded: isExcluded, isEmailOpen: isEmailOpen,
            isPageView: isPageView, agent: agent)
    }

    /// The (cached) analysis of one User-Agent.
    @inline(__always)
    public func agentInfo(_ agent: UnsafeBufferPointer<UInt8>, plusMeansSpace: Bool) -> UserAgentInfo {
        // A page and its images come one after the other: half the lines repeat the previous agent.
        if previousAgent >= 0, agents.holds(previousAgent, equalTo: agent) { return agentInfos[Int(previousAgent)] }
        if agentBeforePrevious >= 0, agents.holds(agentBeforePrevious, equalTo: agent) {
            swap(&previousAgent, &agentBeforePrevious)
            return agentInfos[Int(previousAgent)]
        }
        if let id = agents.lookup(agent) {
            agentBeforePrevious = previousAgent
            previousAgent = id
            return agentInfos[Int(id)]
        }
        let info = agentClassifier.classify(agent, plusMeansSpace: plusMeansSpace)
        if agents.count < Self.agentCacheLimit {
            _ = agents.intern(agent)
            agentInfos.append(info)
        }
        return info
    }

    /// SPEC §12.3: the text after the last `.` of the last path segment, case-insensitive.
    @inline(__always)
    func isStaticPath(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = path.count - 1
        while index >= 0 {
            let byte = path[index]
            if byte == UInt8(ascii: "/") { return false }
            if byte == UInt8(ascii: ".") {
                guard let key = Self.extensionKey(path[(index + 1)...]) else { return false }
                return staticExtensionKeys.lookup(key) != nil
            }
            index -= 1
        }
        return false
    }

    /// Packs an extension of 1 to 8 bytes, lower-cased, into an integer.
    @inline(__always)
    static func extensionKey<C: Collection>(_ bytes: C) -> UInt64? where C.Element == UInt8 {
        guard !bytes.isEmpty, bytes.count <= 8 else { return nil }
        var key: UInt64 = 0
        for byte in bytes {
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            key = key << 8 | UInt64(lowered)
        }
        return key
    }
}
