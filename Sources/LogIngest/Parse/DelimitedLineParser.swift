/// Parses lines of a delimited format (named formats, Apache LogFormat, nginx log_format) by
/// walking the compiled steps: literals must match exactly; a field runs to its terminator.
///
/// A quoted field ends at the first `"` that is not escaped by a backslash *and* is followed by the
/// rest of the next literal, so an unescaped quote inside a User-Agent does not end it early.
/// Bytes after the last step (extra fields some servers append) are ignored, as GoAccess does; a
/// missing field makes the line malformed.
final class DelimitedLineParser: Sendable {
    /// One step with no reference-counted payload, so the hot loop does no ARC traffic.
    struct Step: Sendable {
        /// `nil` for a literal step.
        var kind: FieldKind?
        var quoted: Bool
        var terminator: UInt8
        var hasTerminator: Bool
        /// The literal of a literal step, or the literal that follows a field step, in `literals`.
        var literalStart: Int
        var literalCount: Int
        /// The literal's first eight bytes as a little-endian word, and the mask of its bytes in it: a
        /// literal of up to eight bytes is matched with one compare.
        var literalWord: UInt64 = 0
        var literalMask: UInt64 = 0

        /// Fills ``literalWord`` and ``literalMask`` from `bytes`.
        mutating func setWord(_ bytes: [UInt8]) {
            for (index, byte) in bytes.prefix(8).enumerated() {
                literalWord |= UInt64(byte) << (8 * UInt64(index))
                literalMask |= 0xFF << (8 * UInt64(index))
            }
        }

        /// Whether the literal is at `at` in a line of `count` bytes.
        @inline(__always)
        func literalMatches(_ base: UnsafePointer<UInt8>, at position: Int, count: Int, literals: UnsafePointer<UInt8>) -> Bool {
            guard position + literalCount <= count else { return false }
            if literalCount <= 8, position + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                return word & literalMask == literalWord
            }
            let literal = literals + literalStart
            for offset in 0..<literalCount where base[position + offset] != literal[offset] { return false }
            return true
        }
    }

    let format: CompiledFormat
    private let steps: [Step]
    private let literals: [UInt8]
    /// Straight-line parsing when the format is the common log format or one of its extensions.
    private let fastPath: CommonLogFastPath?

    init(format: CompiledFormat, fastPath enablesFastPath: Bool = true) {
        self.format = format
        fastPath = enablesFastPath ? CommonLogFastPath(format) : nil
        var literals: [UInt8] = []
        var steps: [Step] = []
        for (index, step) in format.steps.enumerated() {
            switch step {
            case .literal(let bytes):
                var step = Step(kind: nil, quoted: false, terminator: 0, hasTerminator: false, literalStart: literals.count, literalCount: bytes.count)
                step.setWord(bytes)
                steps.append(step)
                literals.append(contentsOf: bytes)
            case .field(let kind, let quoted, let terminator):
                var following: [UInt8] = []
                if index + 1 < format.steps.count, case .literal(let bytes) = format.steps[index + 1] { following = bytes }
                var step = Step(
                    kind: kind, quoted: quoted, terminator: terminator ?? 0, hasTerminator: terminator != nil,
                    literalStart: literals.count, literalCount: following.count)
                step.setWord(following)
                steps.append(step)
                literals.append(contentsOf: following)
            }
        }
        self.steps = steps
        self.literals = literals
    }

    /// Parses `line` into `fields`.
    ///
    /// - Returns: `nil` on success, or the reason the line is malformed.
    /// - Complexity: O(*n*) in the line's length.
    @inline(__always)
    func parse(
        _ line: UnsafeBufferPointer<UInt8>, into fields: inout HitFields, cache: inout TimestampCache
    ) -> BadLineReason? {
        steps.withUnsafeBufferPointer { steps in
            literals.withUnsafeBufferPointer { literals in
                parse(line, steps: steps, literals: literals.baseAddress ?? UnsafePointer(bitPattern: 1)!, into: &fields, cache: &cache)
            }
        }
    }

    @inline(__always)
    private func parse(
        _ line: UnsafeBufferPointer<UInt8>, steps: UnsafeBufferPointer<Step>, literals: UnsafePointer<UInt8>,
        into fields: inout HitFields, cache: inout TimestampCache
    ) -> BadLineReason? {
        guard let base = line.baseAddress else { return .wrongFieldCount }
        var count = line.count
        // Trailing spaces (DreamHost writes one on every line) are not part of any field.
        while count > 0, base[count - 1] == UInt8(ascii: " ") { count -= 1 }
        if let fastPath {
            if fastPath.parse(line, count: count, into: &fields, cache: &cache) { return nil }
            fields = HitFields()  // the step loop decides the line afresh
        }
        var position = 0
        for step in steps {
            guard let kind = step.kind else {
                guard step.literalMatches(base, at: position, count: count, literals: literals) else { return .wrongFieldCount }
                position += step.literalCount
                continue
            }
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
            } else if step.quoted {
                guard let end = quotedFieldEnd(base, from: position, count: count, step: step, literals: literals)
                else { return .wrongFieldCount }
                valueStart = position
                valueEnd = end
                next = end
            } else if step.hasTerminator {
                guard let found = findByte(step.terminator, from: base + position, to: base + count) else {
                    return .wrongFieldCount
                }
                valueStart = position
                valueEnd = found - base
                next = valueEnd
            } else if kind.isSpaceFree, let space = findByte(UInt8(ascii: " "), from: base + position, to: base + count) {
                // The last field, followed by extra fields: those are ignored.
                valueStart = position
                valueEnd = space - base
                next = count
            } else {
                valueStart = position
                valueEnd = count
                next = count
            }
            if let problem = Self.assign(kind, ByteRange(start: valueStart, end: valueEnd), line, &fields, &cache) {
                return problem
            }
            position = next
        }
        return nil
    }

    @inline(__always)
    private func quotedFieldEnd(
        _ base: UnsafePointer<UInt8>, from start: Int, count: Int, step: Step, literals: UnsafePointer<UInt8>
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
                if step.literalCount == 0 {
                    if index == count - 1 { return index }
                } else if step.literalMatches(base, at: index, count: count, literals: literals) {
                    return index
                }
            }
            searchFrom = index + 1
        }
        return nil
    }

    /// Stores the field of `kind` at `range` in `fields`, checking and decoding it.
    @inline(__always)
    static func assign(
        _ kind: FieldKind, _ range: ByteRange, _ line: UnsafeBufferPointer<UInt8>, _ fields: inout HitFields,
        _ cache: inout TimestampCache
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
            guard let time = cache.parseCommonLog(line.slice(range)) else { return .badDate }
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
