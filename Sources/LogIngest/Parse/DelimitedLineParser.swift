/// Parses lines of a delimited format (named formats, Apache LogFormat, nginx log_format) by
/// walking the compiled steps: literals must match exactly; a field runs to its terminator.
///
/// A quoted field ends at the first `"` that is not escaped by a backslash *and* is followed by the
/// rest of the next literal, so an unescaped quote inside a User-Agent does not end it early.
/// Bytes after the last step (extra fields some servers append) are ignored, as GoAccess does; a
/// missing field makes the line malformed.
struct DelimitedLineParser: Sendable {
    let format: CompiledFormat
    private let steps: [FormatStep]
    /// For each step index holding a field, the literal that follows it (empty at the end).
    private let followingLiterals: [[UInt8]]

    init(format: CompiledFormat) {
        self.format = format
        steps = format.steps
        followingLiterals = format.steps.indices.map { index in
            if index + 1 < format.steps.count, case .literal(let bytes) = format.steps[index + 1] { return bytes }
            return []
        }
    }

    /// Parses `line` into `fields`.
    ///
    /// - Returns: `nil` on success, or the reason the line is malformed.
    /// - Complexity: O(*n*) in the line's length.
    func parse(_ line: UnsafeBufferPointer<UInt8>, into fields: inout HitFields) -> BadLineReason? {
        guard let base = line.baseAddress else { return .wrongFieldCount }
        var count = line.count
        // Trailing spaces (DreamHost writes one on every line) are not part of any field.
        while count > 0, base[count - 1] == UInt8(ascii: " ") { count -= 1 }
        var position = 0
        for stepIndex in steps.indices {
            switch steps[stepIndex] {
            case .literal(let literal):
                let length = literal.count
                guard position + length <= count else { return .wrongFieldCount }
                let same = literal.withUnsafeBufferPointer { memcmpBytes(base + position, $0.baseAddress!, length) == 0 }
                guard same else { return .wrongFieldCount }
                position += length
            case .field(let kind, let quoted, let terminator):
                let valueStart: Int
                let valueEnd: Int
                let next: Int
                if kind == .timeBracketed {
                    guard position < count, base[position] == UInt8(ascii: "["),
                        let close = findByte(UInt8(ascii: "]"), from: base + position, to: base + count)
                    else { return .wrongFieldCount }
                    valueStart = position + 1
                    valueEnd = close - base
                    next = valueEnd + 1
                } else if quoted {
                    guard let end = quotedFieldEnd(base, from: position, count: count, following: followingLiterals[stepIndex])
                    else { return .wrongFieldCount }
                    valueStart = position
                    valueEnd = end
                    next = end
                } else if let terminator {
                    guard let found = findByte(terminator, from: base + position, to: base + count) else {
                        return .wrongFieldCount
                    }
                    valueStart = position
                    valueEnd = found - base
                    next = valueEnd
                } else {
                    valueStart = position
                    valueEnd = count
                    next = count
                }
                if let problem = assign(kind, ByteRange(start: valueStart, end: valueEnd), line, &fields) {
                    return problem
                }
                position = next
            }
        }
        return nil
    }

    @inline(__always)
    private func quotedFieldEnd(
        _ base: UnsafePointer<UInt8>, from start: Int, count: Int, following: [UInt8]
    ) -> Int? {
        var searchFrom = start
        while let quote = findByte(UInt8(ascii: "\""), from: base + searchFrom, to: base + count) {
            let index = quote - base
            var backslashes = 0
            var back = index - 1
            while back >= start, base[back] == UInt8(ascii: "\\") {
                backslashes += 1
                back -= 1
            }
            if backslashes % 2 == 0 {
                // Does the rest of the line continue with the following literal?
                let length = following.count
                if length == 0 {
                    if index == count - 1 { return index }
                } else if index + length <= count {
                    let same = following.withUnsafeBufferPointer { memcmpBytes(base + index, $0.baseAddress!, length) == 0 }
                    if same { return index }
                }
            }
            searchFrom = index + 1
        }
        return nil
    }

    @inline(__always)
    private func assign(
        _ kind: FieldKind, _ range: ByteRange, _ line: UnsafeBufferPointer<UInt8>, _ fields: inout HitFields
    ) -> BadLineReason? {
        switch kind {
        case .remoteHost:
            if !fields.clientFromIP { fields.client = range }
        case .clientIP:
            fields.client = range
            fields.clientFromIP = true
        case .ident, .ignored:
            break
        case .user:
            fields.user = range
        case .timeBracketed, .timeLocal:
            guard let time = Timestamp.parseCommonLog(line.slice(range)) else { return .badDate }
            fields.timestamp = time.seconds
            fields.utcOffsetSeconds = time.offset
        case .timeISO8601:
            guard let time = Timestamp.parseISO8601(line.slice(range)) else { return .badDate }
            fields.timestamp = time.seconds
            fields.utcOffsetSeconds = time.offset
        case .request:
            guard RequestLine.parse(line, range, into: &fields) else { return .badRequestLine }
        case .method:
            guard RequestLine.isMethod(line.slice(range)) else { return .badRequestLine }
            fields.method = range
        case .path:
            guard !range.isEmpty, line[Int(range.start)] == UInt8(ascii: "/") else { return .badRequestLine }
            fields.path = range
        case .queryWithMark:
            if !range.isEmpty, line[Int(range.start)] == UInt8(ascii: "?") {
                fields.query = ByteRange(start: Int(range.start) + 1, end: Int(range.end))
            }
        case .query:
            if !(range.count == 1 && line[Int(range.start)] == UInt8(ascii: "-")) { fields.query = range }
        case .target:
            guard RequestLine.splitTarget(line, range, into: &fields) else { return .badRequestLine }
        case .httpProtocol:
            fields.httpProtocol = range
        case .status:
            guard let status = NumberField.status(line.slice(range)) else { return .badStatus }
            fields.status = status
        case .bytes:
            guard let bytes = NumberField.integer(line.slice(range), dash: 0) else { return .badNumber }
            fields.bytes = bytes
        case .durationMicroseconds:
            guard let value = NumberField.integer(line.slice(range), dash: -1) else { return .badNumber }
            fields.durationMicroseconds = value
        case .durationSeconds:
            guard let value = NumberField.integer(line.slice(range), dash: -1) else { return .badNumber }
            fields.durationMicroseconds = value < 0 ? -1 : value &* 1_000_000
        case .durationFractionalSeconds:
            guard let value = NumberField.fractionalSecondsAsMicroseconds(line.slice(range)) else { return .badNumber }
            fields.durationMicroseconds = value
        case .virtualHost:
            fields.virtualHost = range
        case .referrer:
            fields.referrer = range
        case .userAgent:
            fields.userAgent = range
        case .cookieHeader:
            fields.cookieHeader = range
        case .namedCookie(let index):
            fields.setNamedCookie(at: index, range)
        }
        return nil
    }
}
