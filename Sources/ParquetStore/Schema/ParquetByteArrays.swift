/// A text or binary column held as one buffer of bytes and the end of each row's value (the layout of an
/// Arrow string array): reading or writing it makes no `String` per row, which is what costs when most
/// values are distinct (visitor keys, visit ids) — each string is an object of its own, so touching it
/// is a cache miss, a retain and a release.
///
/// ```swift
/// var keys = ParquetByteArrays()
/// try reader.readColumn("visitor_key", bytesInto: &keys)
/// let longest = (0..<keys.count).map { keys[$0]?.count ?? 0 }.max()
/// ```
///
/// A writer takes it as ``ParquetColumnValues/byteArrays(_:)`` for a `STRING` or `BINARY` column, and
/// writes it PLAIN (see there).
public struct ParquetByteArrays: Hashable, Sendable {
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

    /// Appends a row holding `value` (a string's `utf8`, an array or a buffer of bytes).
    public mutating func append<Bytes: Collection<UInt8>>(_ value: Bytes) {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
        isNull.append(false)
    }

    /// Appends a row holding the bytes `value` (not generic: fast from other modules too).
    public mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
        isNull.append(false)
    }

    /// Appends a row holding the bytes `value`.
    public mutating func append(_ value: [UInt8]) {
        value.withUnsafeBufferPointer { append($0) }
    }

    /// Appends a row holding the UTF-8 bytes of `string`.
    public mutating func append(_ string: String) {
        if string.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil { append(string.utf8) }
    }

    /// Appends `count` null rows.
    public mutating func appendNulls(_ count: Int) {
        ends.append(contentsOf: repeatElement(bytes.count, count: count))
        isNull.append(contentsOf: repeatElement(true, count: count))
        nullCount += count
    }

    /// The bytes of the values of the rows `range` (nulls add none).
    func byteRange(rows range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else { return 0..<0 }
        return (range.lowerBound == 0 ? 0 : ends[range.lowerBound - 1])..<ends[range.upperBound - 1]
    }

    /// The rows `range` as byte arrays of their own.
    ///
    /// - Complexity: O(*k*) in the rows and bytes of `range`.
    public subscript(rows range: Range<Int>) -> ParquetByteArrays {
        var result = ParquetByteArrays()
        result.append(rows: range, of: self)
        return result
    }

    /// Appends the rows `range` of `other`: one copy of their bytes.
    ///
    /// - Complexity: O(*k*) in the rows and bytes of `range`.
    public mutating func append(rows range: Range<Int>, of other: ParquetByteArrays) {
        guard !range.isEmpty else { return }
        let source = other.byteRange(rows: range)
        let shift = bytes.count - source.lowerBound
        bytes.append(contentsOf: other.bytes[source])
        Self.reserve(range.count, in: &ends)
        for row in range { ends.append(other.ends[row] + shift) }
        isNull.append(contentsOf: other.isNull[range])
        if other.nullCount > 0 { nullCount += other.isNull[range].reduce(0) { $0 + ($1 ? 1 : 0) } }
    }

    /// Reserves room for `rows` more rows.
    ///
    /// Grows the arrays at least twofold when they must grow (`reserveCapacity` takes the size asked
    /// for, so reserving a little at a time would copy the whole column each time).
    public mutating func reserveRows(_ rows: Int) {
        Self.reserve(rows, in: &ends)
        Self.reserve(rows, in: &isNull)
    }

    /// Reserves room for `count` more bytes of values (growing at least twofold, as ``reserveRows(_:)``).
    public mutating func reserveBytes(_ count: Int) { Self.reserve(count, in: &bytes) }

    private static func reserve<Element>(_ more: Int, in array: inout [Element]) {
        let needed = array.count + more
        if needed > array.capacity { array.reserveCapacity(Swift.max(needed, 2 * array.capacity)) }
    }

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
