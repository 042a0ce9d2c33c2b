/// Straight-line parsing of Apache's common log format, `%h %l %u %t "%r" %>s %b`, and of the formats
/// that extend it with up to four quoted fields (`combined`, `combined_cookie`, and Apache LogFormat
/// strings of that shape).
///
/// ``DelimitedLineParser`` walks a compiled format's steps one by one: for every field it loads the
/// step, dispatches on its kind and matches the literal that follows. On the 5-million-line day that
/// loop was about a third of the parser's instructions. This path does the same work with the
/// shape known in advance: the same searches, the same checks, the same field assignments, in
/// straight-line code, and the time's closing bracket is looked for at its fixed place.
///
/// It only ever *accepts* a line: when anything is not as expected (a `"` inside a quoted field,
/// an escaped quote, a bad date, status or request), it gives up and the step loop parses the line
/// from the start, so that every line the fast path does not take is decided exactly as before.
/// The tests parse real logs both ways and compare every field.
struct CommonLogFastPath: Sendable {
    /// `.remoteHost` (`%h`) or `.clientIP` (`%a`).
    private let clientKind: FieldKind
    /// The kinds of the quoted fields after `%b`, in order; `trailingCount` of them are used.
    private let trailing: (FieldKind, FieldKind, FieldKind, FieldKind)
    private let trailingCount: Int

    /// The most quoted fields after `%b` that the fast path takes.
    static let maximumTrailingFields = 4

    /// The fast path of `format`, or `nil` when its steps are not of the common log format's shape.
    init?(_ format: CompiledFormat) {
        let steps = format.steps
        let space = UInt8(ascii: " ")
        let quote = UInt8(ascii: "\"")
        let prefix: [FormatStep?] = [
            nil, .literal([space]),
            .field(.ident, quoted: false, terminator: space), .literal([space]),
            .field(.user, quoted: false, terminator: space), .literal([space]),
            .field(.timeBracketed, quoted: false, terminator: space), .literal([space, quote]),
            .field(.request, quoted: true, terminator: quote), .literal([quote, space]),
            .field(.status, quoted: false, terminator: space), .literal([space]),
        ]
        guard steps.count >= prefix.count + 1 else { return nil }
        for (step, expected) in zip(steps, prefix) where expected != nil && step != expected { return nil }
        switch steps[0] {
        case .field(.remoteHost, quoted: false, terminator: space): clientKind = .remoteHost
        case .field(.clientIP, quoted: false, terminator: space): clientKind = .clientIP
        default: return nil
        }
        var rest = steps[prefix.count...]
        // `%b` alone at the end, or followed by ` "` and the quoted fields.
        if rest.count == 1 {
            guard rest.first == .field(.bytes, quoted: false, terminator: nil) else { return nil }
            trailing = (.ignored, .ignored, .ignored, .ignored)
            trailingCount = 0
            return
        }
        guard rest.popFirst() == .field(.bytes, quoted: false, terminator: space),
            rest.popFirst() == .literal([space, quote])
        else { return nil }
        var kinds: [FieldKind] = []
        while let step = rest.popFirst() {
            // `%t` is the one kind the step loop reads its own way (brackets, not quotes): left to it.
            guard case .field(let kind, quoted: true, terminator: quote) = step, kind != .timeBracketed else { return nil }
            kinds.append(kind)
            if rest.count == 1 {
                guard rest.popFirst() == .literal([quote]) else { return nil }
            } else {
                guard rest.popFirst() == .literal([quote, space, quote]) else { return nil }
            }
        }
        guard !kinds.isEmpty, kinds.count <= Self.maximumTrailingFields else { return nil }
        trailingCount = kinds.count
        while kinds.count < Self.maximumTrailingFields { kinds.append(.ignored) }
        trailing = (kinds[0], kinds[1], kinds[2], kinds[3])
    }

    /// Parses the first `count` bytes of `line` (trailing spaces already dropped) into `fields`.
    ///
    /// - Returns: `false` when the line is left to the step loop (`fields` may then be partly set).
    @inline(__always)
    func parse(
        _ line: UnsafeBufferPointer<UInt8>, count: Int, into fields: inout HitFields, cache: inout TimestampCache
    ) -> Bool {
        guard let base = line.baseAddress else { return false }
        let end = base + count
        let space = UInt8(ascii: " ")
        // %h %l %u: each runs to the next space.
        guard let hostEnd = findByte(space, from: base, to: end) else { return false }
        let client = ByteRange(start: 0, end: hostEnd - base)
        guard let identEnd = findByte(space, from: hostEnd + 1, to: end),
            let userEnd = findByte(space, from: identEnd + 1, to: end)
        else { return false }
        // %t: `[` and 26 bytes, which the time parser checks one by one (so none of them is `]`), then `] "`.
        let timeStart = userEnd + 1 - base
        guard timeStart + 30 <= count, base[timeStart] == UInt8(ascii: "["), base[timeStart + 27] == UInt8(ascii: "]"),
            base[timeStart + 28] == space, base[timeStart + 29] == UInt8(ascii: "\""),
            let time = cache.parseCommonLog(line.slice(ByteRange(start: timeStart + 1, end: timeStart + 27)))
        else { return false }
        // "%r" then `" `.
        let requestStart = timeStart + 30
        guard let requestEnd = quotedFieldEnd(base, from: requestStart, count: count),
            requestEnd + 2 <= count, base[requestEnd + 1] == space,
            RequestLine.parse(line, ByteRange(start: requestStart, end: requestEnd), into: &fields)
        else { return false }
        // %>s then a space.
        let statusStart = requestEnd + 2
        guard let statusEnd = findByte(space, from: base + statusStart, to: end),
            let status = NumberField.status(line.slice(ByteRange(start: statusStart, end: statusEnd - base)))
        else { return false }
        // %b, last or followed by ` "`.
        let bytesStart = statusEnd + 1 - base
        let bytesEnd: Int
        if trailingCount == 0 {
            bytesEnd = count
        } else {
            guard let found = findByte(space, from: base + bytesStart, to: end), found + 2 <= end,
                found[1] == UInt8(ascii: "\"")
            else { return false }
            bytesEnd = found - base
        }
        guard let bytes = NumberField.integer(line.slice(ByteRange(start: bytesStart, end: bytesEnd)), dash: 0) else {
            return false
        }
        if clientKind == .clientIP {
            fields.client = client
            fields.clientFromIP = true
        } else if !fields.clientFromIP {
            fields.client = client
        }
        fields.user = ByteRange(start: identEnd + 1 - base, end: userEnd - base)
        fields.timestamp = time.seconds
        fields.utcOffsetSeconds = time.offset
        fields.status = status
        fields.bytes = bytes
        // The quoted fields: `" "` between them, `"` after the last (bytes after it are ignored).
        var fieldStart = bytesEnd + 2
        for index in 0..<trailingCount {
            guard let fieldEnd = quotedFieldEnd(base, from: fieldStart, count: count) else { return false }
            if index + 1 < trailingCount {
                guard fieldEnd + 3 <= count, base[fieldEnd + 1] == space, base[fieldEnd + 2] == UInt8(ascii: "\"") else {
                    return false
                }
            }
            let range = ByteRange(start: fieldStart, end: fieldEnd)
            switch trailingKind(at: index) {
            case .referrer: fields.referrer = range
            case .userAgent: fields.userAgent = range
            case .cookieHeader: fields.cookieHeader = range
            case let kind:
                guard DelimitedLineParser.assign(kind, range, line, &fields, &cache) == nil else { return false }
            }
            fieldStart = fieldEnd + 3
        }
        return true
    }

    @inline(__always)
    private func trailingKind(at index: Int) -> FieldKind {
        switch index {
        case 0: trailing.0
        case 1: trailing.1
        case 2: trailing.2
        default: trailing.3
        }
    }

    /// The first `"` at or after `start`, when no backslash comes right before it; `nil` otherwise
    /// (an escaped or missing quote: the step loop's fuller search decides).
    @inline(__always)
    private func quotedFieldEnd(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        guard start <= count, let quote = findByte(UInt8(ascii: "\""), from: base + start, to: base + count) else {
            return nil
        }
        let index = quote - base
        if index > start, base[index - 1] == UInt8(ascii: "\\") { return nil }
        return index
    }
}
