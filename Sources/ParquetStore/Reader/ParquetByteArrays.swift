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
}
