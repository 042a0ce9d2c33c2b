extension Array where Element == UInt8 {
    /// Appends `value` in little-endian byte order (Parquet's order for all fixed-width values).
    @inline(__always)
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// The little-endian integer at `position`; the caller has checked the bounds.
    @inline(__always)
    func loadLittleEndian<T: FixedWidthInteger>(at position: Int, as: T.Type) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
    }

    /// Throws `.truncated` unless `count` bytes are left from `position` before `end`.
    @inline(__always)
    static func requireBytes(_ count: Int, at position: Int, end: Int, _ what: @autoclosure () -> String)
        throws(ParquetDecodingError)
    {
        guard count >= 0, end - position >= count else {
            throw ParquetDecodingError(.truncated, at: position, "\(what()) runs past the end of its page")
        }
    }
}

/// The number of bits needed to write `value` (0 for 0).
@inline(__always)
func bitsNeeded(_ value: UInt64) -> Int {
    64 - value.leadingZeroBitCount
}
