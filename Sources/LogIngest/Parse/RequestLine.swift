/// Parses and checks request lines, methods and targets (SPEC §12.1).
enum RequestLine {
    /// Splits `METHOD SP target SP HTTP/x.y` of `range` into `fields`.
    ///
    /// The method is the bytes up to the first space, the protocol those after the last space, and
    /// the target everything between (so a target with a raw space still parses). The target must
    /// start with `/`.
    ///
    /// - Returns: `false` when the request is malformed (TLS bytes, a lone word, `-`, an absolute URL).
    @inline(__always)
    static func parse(_ line: UnsafeBufferPointer<UInt8>, _ range: ByteRange, into fields: inout HitFields) -> Bool {
        guard range.count >= 10, let base = line.baseAddress else { return false }  // "M / HTTP/2" is 10
        let start = Int(range.start)
        let end = Int(range.end)
        guard let firstSpace = findByte(UInt8(ascii: " "), from: base + start, to: base + end) else { return false }
        let methodEnd = firstSpace - base
        var lastSpace = end - 1
        if end - 9 > methodEnd, base[end - 9] == UInt8(ascii: " "),
            !Self.hasSpace(UnsafeRawPointer(base + end - 8).loadUnaligned(as: UInt64.self))
        {
            lastSpace = end - 9  // `HTTP/1.1` and the like: the last space without a byte-by-byte search back
        } else {
            while lastSpace > methodEnd, base[lastSpace] != UInt8(ascii: " ") { lastSpace -= 1 }
        }
        guard lastSpace > methodEnd + 1 else { return false }
        let method = ByteRange(start: start, end: methodEnd)
        guard isMethod(line.slice(method)) else { return false }
        let protocolRange = ByteRange(start: lastSpace + 1, end: end)
        guard isHTTPProtocol(line.slice(protocolRange)) else { return false }
        fields.method = method
        fields.httpProtocol = protocolRange
        return splitTarget(line, ByteRange(start: methodEnd + 1, end: lastSpace), into: &fields)
    }

    /// Whether any of the eight bytes of `word` is a space.
    @inline(__always)
    static func hasSpace(_ word: UInt64) -> Bool {
        let spaces = word ^ 0x2020_2020_2020_2020
        return (spaces &- 0x0101_0101_0101_0101) & ~spaces & 0x8080_8080_8080_8080 != 0
    }

    /// Splits a target (`/path?query`) into path and query; the target must start with `/`.
    @inline(__always)
    static func splitTarget(_ line: UnsafeBufferPointer<UInt8>, _ range: ByteRange, into fields: inout HitFields) -> Bool {
        guard !range.isEmpty, let base = line.baseAddress, base[Int(range.start)] == UInt8(ascii: "/") else {
            return false
        }
        let start = Int(range.start)
        let end = Int(range.end)
        if let mark = findByte(UInt8(ascii: "?"), from: base + start, to: base + end) {
            let markIndex = mark - base
            fields.path = ByteRange(start: start, end: markIndex)
            fields.query = ByteRange(start: markIndex + 1, end: end)
        } else {
            fields.path = range
            fields.query = .empty
        }
        return true
    }

    /// A method: 1 to 20 ASCII upper-case letters (WebDAV's `PROPFIND` included).
    @inline(__always)
    static func isMethod(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 1, bytes.count <= 20 else { return false }
        for byte in bytes where !(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) { return false }
        return true
    }

    /// `HTTP/` followed by a digit, then digits and dots (`HTTP/1.1`, `HTTP/2.0`, `HTTP/2`).
    @inline(__always)
    static func isHTTPProtocol(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 6, bytes.count <= 10, let p = bytes.baseAddress else { return false }
        guard p[0] == UInt8(ascii: "H"), p[1] == UInt8(ascii: "T"), p[2] == UInt8(ascii: "T"),
            p[3] == UInt8(ascii: "P"), p[4] == UInt8(ascii: "/"), p[5] &- 0x30 < 10
        else { return false }
        for index in 6..<bytes.count where !(p[index] &- 0x30 < 10 || p[index] == UInt8(ascii: ".")) { return false }
        return true
    }
}
