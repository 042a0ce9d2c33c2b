/// A text or binary column held as one buffer of bytes and the end of each row's value (the layout of an
/// Arrow string array): reading it makes no `String` per row, which is what costs when most values are
/// distinct (visitor keys, visit ids).
///
/// ```swift
/// var keys = ParquetByteArrays()
/// try reader.readColumn("visitor_key", bytesInto: &keys)
/// let longest = (0..<keys.count).map { keys[$0]?.count ?? 0 }.max()
/// ```
public struct ParquetByteArrays: Sendable {
    /// The values' bytes, one after the other.
    public private(set) var bytes: [UInt8] = []
    /// Where each row's value ends in ``bytes`` (a null row's value is empty).
    public private(set) var ends: [Int] = []
    /// Whether each row is null.
    public private(set) var isNull: [Bool] = []
    /// The number of null rows.
    public private(set) var nullCount = 0

    public init() {}

    /// The number of rows.
    public var count: Int { ends.count }

    /// The bytes of `row`, `nil` for a null.
    public subscript(row: Int) -> ArraySlice<UInt8>? {
        isNull[row] ? nil : bytes[(row == 0 ? 0 : ends[row - 1])..<ends[row]]
    }

    /// The value of `row` as UTF-8 text, `nil` for a null.
    public func string(at row: Int) -> String? { self[row].map { String(decoding: $0, as: UTF8.self) } }

    /// Appends a row holding `value`.
    mutating func append<Bytes: Collection<UInt8>>(_ value: Bytes) {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
        isNull.append(false)
    }

    /// Appends `count` null rows.
    mutating func appendNulls(_ count: Int) {
        ends.append(contentsOf: repeatElement(bytes.count, count: count))
        isNull.append(contentsOf: repeatElement(true, count: count))
        nullCount += count
    }

    /// Reserves room for `rows` more rows.
    mutating func reserveRows(_ rows: Int) {
        ends.reserveCapacity(ends.count + rows)
        isNull.reserveCapacity(isNull.count + rows)
    }

    /// Reserves room for `count` more bytes of values.
    mutating func reserveBytes(_ count: Int) { bytes.reserveCapacity(bytes.count + count) }

    /// Appends `count` PLAIN-encoded values (each a 4-byte little-endian length, then its bytes) from
    /// `content[position...]`, moving `position` past them.
    ///
    /// - Throws: `.truncated` when a value runs past the end of `content`.
    mutating func appendPlain(_ content: [UInt8], at position: inout Int, count: Int) throws(ParquetDecodingError) {
        guard count >= 0 else { throw ParquetDecodingError(.corrupt, at: position, "negative value count") }
        // First the lengths (checked), then one copy per value into room made once.
        var start = position, total = 0
        for _ in 0..<count {
            try [UInt8].requireBytes(4, at: start, end: content.count, "a byte array's length")
            let length = Int(content.loadLittleEndian(at: start, as: UInt32.self))
            try [UInt8].requireBytes(length, at: start + 4, end: content.count, "a byte array")
            start += 4 + length
            total += length
        }
        reserveRows(count)
        let first = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: total))
        var end = first
        content.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBufferPointer { destination in
                for _ in 0..<count {
                    let length = Int(UInt32(littleEndian: UnsafeRawPointer(source.baseAddress! + position).loadUnaligned(as: UInt32.self)))
                    if length > 0 {
                        (destination.baseAddress! + end).update(from: source.baseAddress! + position + 4, count: length)
                    }
                    position += 4 + length
                    end += length
                    ends.append(end)
                }
            }
        }
        isNull.append(contentsOf: repeatElement(false, count: count))
    }
}
