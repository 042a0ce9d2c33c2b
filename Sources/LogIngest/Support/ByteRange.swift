/// A half-open range of byte offsets into one line.
///
/// Parsers return ranges, not strings: a `String` is made only for values that are kept.
public struct ByteRange: Sendable, Hashable {
    /// Offset of the first byte.
    public var start: Int32
    /// Offset one past the last byte.
    public var end: Int32

    /// Creates a range; `end` must not be below `start`.
    @inline(__always)
    public init(start: Int, end: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
    }

    /// The empty range, for a field that is absent.
    public static let empty = ByteRange(start: 0, end: 0)

    /// The number of bytes.
    @inline(__always)
    public var count: Int { Int(end &- start) }

    /// `true` when the range holds no byte.
    @inline(__always)
    public var isEmpty: Bool { end <= start }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes of `range` within this line.
    @inline(__always)
    public func slice(_ range: ByteRange) -> UnsafeBufferPointer<UInt8> {
        guard !range.isEmpty, let base = baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base + Int(range.start), count: range.count)
    }

    /// `true` when these bytes equal `other`'s.
    @inline(__always)
    public func bytesEqual(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        guard count > 0 else { return true }
        return memcmpBytes(baseAddress!, other.baseAddress!, count) == 0
    }

    /// `true` when these bytes are exactly the ASCII text `literal`.
    @inline(__always)
    public func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        guard count > 0 else { return true }
        return memcmpBytes(baseAddress!, literal.utf8Start, count) == 0
    }

    /// A `String` of these bytes, with invalid UTF-8 repaired.
    public var string: String { String(decoding: self, as: UTF8.self) }
}
