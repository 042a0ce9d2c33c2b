/// One parsed and classified hit, handed to the consumer of ``LogFileReader``.
///
/// The view borrows the reader's buffers: read what you need during the callback and do not keep
/// the view or ``line`` beyond it.
public struct HitView {
    /// The bytes of the line (valid only during the callback).
    public let line: UnsafeBufferPointer<UInt8>
    /// The parsed fields, as ranges into ``line``.
    public let fields: HitFields
    /// What the hit is.
    public let kind: HitClass
    /// The 1-based line number in its file.
    public let lineNumber: Int
    /// The names of the format's named-cookie fields (`%{NAME}C`), matching `fields.namedCookies`.
    public let cookieNames: [String]

    /// The bytes of a field.
    @inline(__always)
    public func bytes(_ range: ByteRange) -> UnsafeBufferPointer<UInt8> { line.slice(range) }

    /// A field as a `String` (invalid UTF-8 repaired); W3C `+` read as a space when `plusIsSpace`.
    public func string(_ range: ByteRange, plusIsSpace: Bool = false) -> String {
        let bytes = line.slice(range)
        guard plusIsSpace, fields.plusMeansSpace else { return bytes.string }
        return String(decoding: bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// The value of cookie `name`: from a `%{NAME}C` field, else from the Cookie header; `nil` when absent.
    public func cookie(named name: String) -> UnsafeBufferPointer<UInt8>? {
        if let index = cookieNames.firstIndex(of: name) {
            let range = fields.namedCookie(at: index)
            let value = line.slice(range)
            return value.equals("-") ? nil : value
        }
        let header = line.slice(fields.cookieHeader)
        guard !header.isEmpty, !header.equals("-") else { return nil }
        return CookieHeader.value(named: name, in: header)
    }
}
