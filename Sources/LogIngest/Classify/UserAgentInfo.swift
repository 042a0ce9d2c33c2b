/// The device class of a page view (SPEC §12.4).
public enum DeviceClass: String, Sendable, Hashable, CaseIterable, Codable {
    case desktop, mobile, tablet
}

/// What footfall reads from a User-Agent: bot or not, device class, browser and OS family.
///
/// Plain data: the families are positions in fixed lists, so that copying the analysis of a hit
/// (done for every line) touches no reference counts.
public struct UserAgentInfo: Sendable, Hashable {
    /// The browser families, in the order they are tested (`Other` last).
    public static let browsers = [
        "Edge", "Samsung Internet", "Whale", "Opera", "Internet Explorer", "Firefox", "Chrome", "Safari", "Other",
    ]
    /// The OS families, in the order they are tested (`Other` last).
    public static let operatingSystems = ["Windows", "iOS", "Android", "macOS", "ChromeOS", "Linux", "Other"]

    /// `true` when the agent matches the robots list (SPEC §2).
    public var isBot: Bool
    /// The device class.
    public var device: DeviceClass
    /// The position of the browser family in ``browsers``.
    public var browserIndex: UInt8
    /// The position of the OS family in ``operatingSystems``.
    public var operatingSystemIndex: UInt8

    /// The browser family (`Chrome`, `Safari`, `Edge`, `Firefox`, `Samsung Internet`, `Whale`, …, `Other`).
    public var browser: String { Self.browsers[Int(browserIndex)] }
    /// The OS family (`Windows`, `macOS`, `iOS`, `Android`, `Linux`, `Other`).
    public var operatingSystem: String { Self.operatingSystems[Int(operatingSystemIndex)] }
}
