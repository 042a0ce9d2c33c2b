/// Reads a Cookie header: `;`-separated `name=value` pairs, trimmed; the first occurrence of a
/// name wins (SPEC §12.5).
public enum CookieHeader {
    /// The value of the cookie `name`, or `nil` when absent. The header `-` holds no cookie.
    public static func value(named name: String, in header: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var name = name
        return name.withUTF8 { key -> UnsafeBufferPointer<UInt8>? in
            let count = header.count
            var start = 0
            while start < count {
                var end = start
                while end < count, header[end] != UInt8(ascii: ";") { end += 1 }
                var nameStart = start
                while nameStart < end, header[nameStart] == UInt8(ascii: " ") || header[nameStart] == 0x09 { nameStart += 1 }
                var equals = nameStart
                while equals < end, header[equals] != UInt8(ascii: "=") { equals += 1 }
                if equals < end {
                    var nameEnd = equals
                    while nameEnd > nameStart, header[nameEnd - 1] == UInt8(ascii: " ") { nameEnd -= 1 }
                    if UnsafeBufferPointer(rebasing: header[nameStart..<nameEnd]).bytesEqual(key) {
                        var valueStart = equals + 1
                        var valueEnd = end
                        while valueStart < valueEnd, header[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
                        while valueEnd > valueStart, header[valueEnd - 1] == UInt8(ascii: " ") { valueEnd -= 1 }
                        return UnsafeBufferPointer(rebasing: header[valueStart..<valueEnd])
                    }
                }
                start = end + 1
            }
            return nil
        }
    }

    /// The value of the cookie `name` in a header `String`.
    public static func value(named name: String, in header: String) -> String? {
        var header = header
        return header.withUTF8 { value(named: name, in: $0).map { String(decoding: $0, as: UTF8.self) } }
    }
}
