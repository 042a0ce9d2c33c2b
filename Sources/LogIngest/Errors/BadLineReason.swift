/// Why a line was skipped as malformed (SPEC §1, §12.1).
///
/// The raw values are the stable snake_case keys used in JSON output.
public enum BadLineReason: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Fewer fields than the format asks for, or a field that does not end where it should.
    case wrongFieldCount = "wrong_field_count"
    /// A timestamp that does not parse or is out of range.
    case badDate = "bad_date"
    /// A request that is not `METHOD SP /target SP HTTP/x.y` (TLS handshake bytes, a lone word, `-`).
    case badRequestLine = "bad_request_line"
    /// A status that is not a three-digit code from 100 to 599.
    case badStatus = "bad_status"
    /// A numeric field (bytes, duration) that is not a number or `-`.
    case badNumber = "bad_number"
    /// Bytes that are not valid UTF-8.
    case invalidUTF8 = "invalid_utf8"
    /// More than 65,536 bytes before the line end.
    case lineTooLong = "line_too_long"
    /// A NUL byte in the line.
    case nulByte = "nul_byte"
    /// A W3C data line before any `#Fields:` directive.
    case noFieldsDirective = "no_fields_directive"

    /// A short human description, for messages.
    public var explanation: String {
        switch self {
        case .wrongFieldCount: "wrong field count for the log format"
        case .badDate: "timestamp does not parse, or is before 1990 or more than a day after now"
        case .badRequestLine: "request is not 'METHOD /path HTTP/x.y'"
        case .badStatus: "status is not a 3-digit HTTP code"
        case .badNumber: "numeric field is not a number"
        case .invalidUTF8: "invalid UTF-8"
        case .lineTooLong: "line longer than 65536 bytes"
        case .nulByte: "NUL byte in line"
        case .noFieldsDirective: "W3C data line before any #Fields directive"
        }
    }

    public static func < (lhs: BadLineReason, rhs: BadLineReason) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
