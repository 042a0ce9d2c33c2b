/// The site's rules for classifying hits (SPEC §2, §11): static extensions, excluded paths,
/// extra robots, the e-mail open pixel.
public struct HitRules: Sendable {
    /// SPEC §2's static extensions.
    public static let defaultStaticExtensions = [
        "css", "js", "png", "jpg", "jpeg", "gif", "ico", "svg", "webp", "bmp", "woff", "woff2", "ttf",
        "eot", "otf", "map", "swf", "mp4", "mp3", "pdf", "zip", "json", "xml", "txt",
    ]

    /// Extensions (lower case, without the dot) of static files.
    public var staticExtensions: [String]
    /// Paths that are hits but never page views.
    public var exclude: [PathGlob]
    /// Substrings of User-Agents that mark robots, beyond the default list.
    public var extraBotPatterns: [String]
    /// The raw path of the e-mail open pixel (a hit, never a page view), if any.
    public var emailOpenPixel: String?

    /// Creates rules; the defaults are SPEC §2's.
    public init(
        staticExtensions: [String] = HitRules.defaultStaticExtensions, exclude: [PathGlob] = [],
        extraBotPatterns: [String] = [], emailOpenPixel: String? = nil
    ) {
        self.staticExtensions = staticExtensions
        self.exclude = exclude
        self.extraBotPatterns = extraBotPatterns
        self.emailOpenPixel = emailOpenPixel
    }
}
