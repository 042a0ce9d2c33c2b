/// The device class of a page view (SPEC §12.4).
public enum DeviceClass: String, Sendable, Hashable, CaseIterable, Codable {
    case desktop, mobile, tablet
}

/// What footfall reads from a User-Agent: bot or not, device class, browser and OS family.
public struct UserAgentInfo: Sendable, Hashable {
    /// `true` when the agent matches the robots list (SPEC §2).
    public var isBot: Bool
    /// The device class.
    public var device: DeviceClass
    /// The browser family (`Chrome`, `Safari`, `Edge`, `Firefox`, `Samsung Internet`, `Whale`, …, `Other`).
    public var browser: String
    /// The OS family (`Windows`, `macOS`, `iOS`, `Android`, `Linux`, `Other`).
    public var operatingSystem: String
}
