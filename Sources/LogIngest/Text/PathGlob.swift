/// A path pattern of the site config (SPEC §5, §12.9): `*` matches any run of bytes without `/`,
/// `**` any run at all; everything else matches itself, case-sensitively, against the whole raw
/// (not percent-decoded) path.
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case literal([UInt8])
        case segmentWildcard
        case anyWildcard
    }

    /// The pattern as written.
    public let pattern: String
    let tokens: [Token]
    /// The first bytes (up to 16) of the literal the pattern starts with, held inline: a path that does
    /// not begin with them is refused without touching `tokens` (no reference counting per path).
    private let prefixWords: (UInt64, UInt64)
    /// The bytes of ``prefixWords`` that the prefix fills.
    private let prefixMasks: (UInt64, UInt64)
    private let prefixLength: Int

    /// Compiles `pattern`.
    public init(_ pattern: String) {
        self.pattern = pattern
        var tokens: [Token] = []
        var literal: [UInt8] = []
        let bytes = Array(pattern.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "*") {
                if !literal.isEmpty {
                    tokens.append(.literal(literal))
                    literal = []
                }
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                    while index < bytes.count, bytes[index] == UInt8(ascii: "*") { index += 1 }
                    tokens.append(.anyWildcard)
                } else {
                    index += 1
                    tokens.append(.segmentWildcard)
                }
            } else {
                literal.append(bytes[index])
                index += 1
            }
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        self.tokens = tokens
        var prefix: [UInt8] = []
        if case .literal(let first)? = tokens.first { prefix = Array(first.prefix(16)) }
        prefixLength = prefix.count
        prefixWords = prefix.withUnsafeBufferPointer { Self.words($0, count: $0.count) }
        let filled = [UInt8](repeating: 0xFF, count: prefix.count)
        prefixMasks = filled.withUnsafeBufferPointer { Self.words($0, count: $0.count) }
    }

    /// Globs are equal when their patterns are (the rest is compiled from it).
    public static func == (lhs: PathGlob, rhs: PathGlob) -> Bool { lhs.pattern == rhs.pattern }

    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    /// The first `count` (at most 16) bytes of `bytes` as two little-endian words, zero-padded.
    @inline(__always)
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> (UInt64, UInt64) {
        var first: UInt64 = 0
        var second: UInt64 = 0
        for index in 0..<count {
            if index < 8 {
                first |= UInt64(bytes[index]) << UInt64(8 * index)
            } else {
                second |= UInt64(bytes[index]) << UInt64(8 * (index - 8))
            }
        }
        return (first, second)
    }

    public var description: String { pattern }

    /// `true` when the whole of `path` matches.
    public func matches(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        if prefixLength > 0 {
            guard path.count >= prefixLength, let base = path.baseAddress else { return false }
            if path.count >= 16 {
                // Two loads instead of a byte-by-byte build: every path is tried against every exclude rule.
                let raw = UnsafeRawPointer(base)
                let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & prefixMasks.0
                let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & prefixMasks.1
                guard first == prefixWords.0, second == prefixWords.1 else { return false }
            } else {
                guard Self.words(path, count: prefixLength) == prefixWords else { return false }
            }
        }
        return Self.match(tokens[...], path[...])
    }

    /// `true` when the whole of `path` matches.
    public func matches(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { matches($0) }
    }

    private static func match(_ tokens: ArraySlice<Token>, _ path: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let first = tokens.first else { return path.isEmpty }
        let rest = tokens.dropFirst()
        switch first {
        case .literal(let literal):
            guard path.count >= literal.count else { return false }
            var index = path.startIndex
            for byte in literal {
                if path[index] != byte { return false }
                index += 1
            }
            return match(rest, path[index...])
        case .segmentWildcard, .anyWildcard:
            let crossesSlash = first == .anyWildcard
            if rest.isEmpty {
                return crossesSlash || !path.contains(UInt8(ascii: "/"))
            }
            var index = path.startIndex
            while true {
                if match(rest, path[index...]) { return true }
                if index == path.endIndex { return false }
                if !crossesSlash, path[index] == UInt8(ascii: "/") { return false }
                index += 1
            }
        }
    }
}
