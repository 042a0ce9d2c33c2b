/// Reads a Cookie header: `;`-separated `name=value` pairs, trimmed; the first occurrence of a
/// name wins (SPEC §12.5).
public enum CookieHeader {
    /// The value of the cookie `name`, or `nil` when absent. The header `-` holds no cookie.
    public static func value(named name: String, in header: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let base = header.baseAddress, !header.isEmpty else { return nil }
        var name = name
        return name.withUTF8 { key -> UnsafeBufferPointer<UInt8>? in
            let headerEnd = base + header.count
            var start = base
            // Pairs found with `findByte` (a word at a time, then memchr), not byte by byte.
            while start < headerEnd {
                let end = findByte(UInt8(ascii: ";"), from: start, to: headerEnd) ?? headerEnd
                var nameStart = start
                while nameStart < end, nameStart.pointee == UInt8(ascii: " ") || nameStart.pointee == 0x09 { nameStart += 1 }
                if let equals = findByte(UInt8(ascii: "="), from: nameStart, to: end) {
                    var nameEnd = equals
                    while nameEnd > nameStart, (nameEnd - 1).pointee == UInt8(ascii: " ") { nameEnd -= 1 }
                    if nameEnd - nameStart == key.count, key.isEmpty || memcmpBytes(nameStart, key.baseAddress!, key.count) == 0 {
                        var valueStart = equals + 1
                        var valueEnd = end
                        while valueStart < valueEnd, valueStart.pointee == UInt8(ascii: " ") { valueStart += 1 }
                        while valueEnd > valueStart, (valueEnd - 1).pointee == UInt8(ascii: " ") { valueEnd -= 1 }
                        return UnsafeBufferPointer(start: valueStart, count: valueEnd - valueStart)
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
