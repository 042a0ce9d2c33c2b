/// The format of the lines of an access log (SPEC §1).
///
/// A format is chosen by `--format` or the config's `log_format`: a named format, an Apache
/// `LogFormat` string, an nginx `log_format` string, or `auto`.
public enum LogFormat: Sendable, Hashable, CustomStringConvertible {
    /// NCSA common: `%h %l %u %t "%r" %>s %b`.
    case common
    /// NCSA combined: common plus `"%{Referer}i" "%{User-Agent}i"`.
    case combined
    /// Combined plus a trailing quoted Cookie header.
    case combinedCookie
    /// nginx's default `combined` log_format (the same shape as Apache combined).
    case nginxCombined
    /// W3C extended (IIS): `#Fields:` directives name the columns; times are UTC.
    case w3c
    /// Detect among the named formats from the first lines of each file.
    case auto
    /// An Apache `LogFormat` string, e.g. `%h %l %u %t "%r" %>s %b`.
    case apache(String)
    /// An nginx `log_format` string, e.g. `$remote_addr - $remote_user [$time_local] "$request" …`.
    case nginx(String)

    /// The names accepted for the named formats.
    public static let names: [String: LogFormat] = [
        "common": .common, "clf": .common, "ncsa": .common,
        "combined": .combined, "ncsa_combined": .combined,
        "combined_cookie": .combinedCookie,
        "nginx_combined": .nginxCombined, "nginx": .nginxCombined,
        "w3c": .w3c, "iis": .w3c,
        "auto": .auto,
    ]

    /// Reads a format as written in `--format` or `log_format`: a name, a string with Apache `%`
    /// directives, or a string with nginx `$` variables.
    ///
    /// - Throws: ``LogIngestError`` (`.badFormat`) when the text is none of these.
    public init(parsing text: String) throws(LogIngestError) {
        let trimmed = text.trimmingSpaces
        if let named = Self.names[trimmed.lowercased()] {
            self = named
        } else if trimmed.contains("%") {
            self = .apache(trimmed)
        } else if trimmed.contains("$") {
            self = .nginx(trimmed)
        } else {
            throw LogIngestError(
                .badFormat, file: "--format", message: "unknown log format '\(trimmed)'",
                hint: "Use one of common, combined, combined_cookie, nginx_combined, w3c, auto, an Apache LogFormat string (%h %t \"%r\" …) or an nginx log_format string ($remote_addr [$time_local] …)")
        }
    }

    /// The Apache LogFormat string of a named delimited format.
    var apacheEquivalent: String? {
        switch self {
        case .common: #"%h %l %u %t "%r" %>s %b"#
        case .combined: #"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i""#
        case .combinedCookie: #"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{Cookie}i""#
        case .apache(let text): text
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .common: "common"
        case .combined: "combined"
        case .combinedCookie: "combined_cookie"
        case .nginxCombined: "nginx_combined"
        case .w3c: "w3c"
        case .auto: "auto"
        case .apache(let text): "apache:\(text)"
        case .nginx(let text): "nginx:\(text)"
        }
    }

    /// The formats `auto` chooses among, most specific first (ties go to the earlier one).
    static let autoCandidates: [LogFormat] = [.combinedCookie, .combined, .common]

    /// The nginx log_format of nginx's built-in `combined`.
    static let nginxCombinedString =
        #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" {
            scalars.removeFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" {
            scalars.removeLast()
        }
        return String(scalars)
    }
}
