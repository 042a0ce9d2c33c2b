import ByteTables
/// Classifies User-Agent strings: robots list, device class, browser and OS family.
///
/// All tests are case-insensitive substring tests on the agent (with `+` read as a space in W3C
/// logs). Pure and allocation-light; ``HitClassifier`` caches its answers per distinct agent.
public struct UserAgentClassifier: Sendable {
    /// SPEC §2's robots list.
    public static let defaultBotPatterns = [
        "bot", "crawl", "spider", "slurp", "yeti", "daumoa", "mediapartners", "facebookexternalhit",
        "python-requests", "curl/", "wget", "go-http-client", "java/", "libwww", "headless",
        "httpclient", "scrapy",
    ]

    private let botPatterns: [[UInt8]]

    /// Creates a classifier with the default robots list plus `extraBotPatterns` (the config's `bots`).
    public init(extraBotPatterns: [String] = []) {
        botPatterns = (Self.defaultBotPatterns + extraBotPatterns)
            .map { Array($0.lowercased().utf8) }
            .filter { !$0.isEmpty }
    }

    /// Classifies `agent`; `plusMeansSpace` for W3C logs.
    public func classify(_ agent: UnsafeBufferPointer<UInt8>, plusMeansSpace: Bool = false) -> UserAgentInfo {
        var lowered = [UInt8](repeating: 0, count: agent.count)
        for index in 0..<agent.count {
            var byte = agent[index]
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if plusMeansSpace, byte == UInt8(ascii: "+") { byte = UInt8(ascii: " ") }
            lowered[index] = byte
        }
        return lowered.withUnsafeBufferPointer { text in
            func has(_ needle: StaticString) -> Bool {
                Self.contains(text, UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
            }
            var isBot = false
            for pattern in botPatterns where pattern.withUnsafeBufferPointer({ Self.contains(text, $0) }) {
                isBot = true
                break
            }
            let device: DeviceClass
            if has("ipad") || has("tablet") || (has("android") && !has("mobile")) {
                device = .tablet
            } else if has("mobile") || has("iphone") || has("ipod") || has("android") || has("windows phone") {
                device = .mobile
            } else {
                device = .desktop
            }
            let browser: UInt8
            if has("edg/") || has("edge/") || has("edga/") || has("edgios/") {
                browser = 0  // Edge
            } else if has("samsungbrowser") {
                browser = 1  // Samsung Internet
            } else if has("whale/") {
                browser = 2  // Whale
            } else if has("opr/") || has("opera") {
                browser = 3  // Opera
            } else if has("msie") || has("trident/") {
                browser = 4  // Internet Explorer
            } else if has("firefox/") || has("fxios/") {
                browser = 5  // Firefox
            } else if has("chrome/") || has("crios/") || has("chromium/") {
                browser = 6  // Chrome
            } else if has("safari/") || has("applewebkit/") {
                browser = 7  // Safari
            } else {
                browser = 8  // Other
            }
            let system: UInt8
            if has("windows") {
                system = 0  // Windows
            } else if has("iphone") || has("ipad") || has("ipod") {
                system = 1  // iOS
            } else if has("android") {
                system = 2  // Android
            } else if has("mac os x") || has("macintosh") {
                system = 3  // macOS
            } else if has("cros") {
                system = 4  // ChromeOS
            } else if has("linux") {
                system = 5  // Linux
            } else {
                system = 6  // Other
            }
            return UserAgentInfo(isBot: isBot, device: device, browserIndex: browser, operatingSystemIndex: system)
        }
    }

    /// Substring test on lower-cased bytes.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = needle.count
        guard length > 0 else { return true }
        guard haystack.count >= length, let base = haystack.baseAddress, let needleBase = needle.baseAddress else {
            return false
        }
        let first = needleBase[0]
        var cursor = base
        let lastStart = base + (haystack.count - length)
        while cursor <= lastStart {
            guard let found = findByte(first, from: cursor, to: lastStart + 1) else { return false }
            if memcmpBytes(found, needleBase, length) == 0 { return true }
            cursor = found + 1
        }
        return false
    }
}
