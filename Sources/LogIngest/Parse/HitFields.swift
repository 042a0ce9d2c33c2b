/// The fields of one parsed log line, as byte ranges into the line plus decoded numbers.
///
/// Absent text fields are empty ranges; the values `-` are kept as written (consumers treat
/// `-` as "none" where the format means it so: user, referrer, cookie).
public struct HitFields: Sendable {
    /// The client: IP address or resolved host name (`%a` wins over `%h`).
    public var client = ByteRange.empty
    /// The authenticated user (`%u`, `cs-username`).
    public var user = ByteRange.empty
    /// The request method (`GET`).
    public var method = ByteRange.empty
    /// The raw path, not percent-decoded, without the query.
    public var path = ByteRange.empty
    /// The raw query string without `?`.
    public var query = ByteRange.empty
    /// The protocol (`HTTP/1.1`), when logged.
    public var httpProtocol = ByteRange.empty
    /// The Referer header.
    public var referrer = ByteRange.empty
    /// The User-Agent header.
    public var userAgent = ByteRange.empty
    /// The Cookie header.
    public var cookieHeader = ByteRange.empty
    /// The virtual host or Host header.
    public var virtualHost = ByteRange.empty
    /// Values of `%{NAME}C` / `$cookie_NAME` fields, in the order of the format's cookie names.
    public var namedCookies: (ByteRange, ByteRange, ByteRange, ByteRange) = (.empty, .empty, .empty, .empty)
    /// The HTTP status code, or 0 when the format has none.
    public var status: UInt16 = 0
    /// Response bytes; 0 for `-`.
    public var bytes: Int64 = 0
    /// The request's duration in microseconds, or -1 when not logged.
    public var durationMicroseconds: Int64 = -1
    /// The time of the request in seconds since 1970-01-01 UTC.
    public var timestamp: Int64 = 0
    /// The UTC offset written in the log, in seconds (0 for W3C, which is UTC).
    public var utcOffsetSeconds: Int32 = 0
    /// `true` for W3C lines, where `+` in header values stands for a space.
    public var plusMeansSpace = false
    /// `true` when the client came from `%a` (and a later `%h` must not replace it).
    var clientFromIP = false

    /// Creates empty fields.
    public init() {}

    /// The range of the cookie with index `index` among the format's named cookies.
    public func namedCookie(at index: Int) -> ByteRange {
        switch index {
        case 0: namedCookies.0
        case 1: namedCookies.1
        case 2: namedCookies.2
        case 3: namedCookies.3
        default: .empty
        }
    }

    mutating func setNamedCookie(at index: Int, _ range: ByteRange) {
        switch index {
        case 0: namedCookies.0 = range
        case 1: namedCookies.1 = range
        case 2: namedCookies.2 = range
        case 3: namedCookies.3 = range
        default: break
        }
    }
}
