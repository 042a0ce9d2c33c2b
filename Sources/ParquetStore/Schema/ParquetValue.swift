/// A single value of a column, as found in statistics.
///
/// Dates are ``int32(_:)`` days and timestamps ``int64(_:)`` microseconds, as in
/// ``ParquetColumnValues``.
public enum ParquetValue: Hashable, Sendable, CustomStringConvertible {
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case binary([UInt8])
    case string(String)

    public var description: String {
        switch self {
        case .boolean(let value): "\(value)"
        case .int32(let value): "\(value)"
        case .int64(let value): "\(value)"
        case .double(let value): "\(value)"
        case .binary(let value): "\(value.count) bytes"
        case .string(let value): value.debugDescription
        }
    }
}

/// A column chunk's statistics, decoded from the footer.
public struct ParquetColumnStatistics: Hashable, Sendable {
    /// Nulls in the chunk, when the writer recorded it (absent is not zero).
    public var nullCount: Int64?
    /// The smallest value, by the column's order (unsigned bytes for strings and binary).
    public var min: ParquetValue?
    /// The largest value, by the column's order.
    public var max: ParquetValue?
    /// NaNs in a double column, when recorded.
    public var nanCount: Int64?
    /// Distinct values, when recorded (this module does not write it).
    public var distinctCount: Int64?

    /// Creates statistics.
    public init(nullCount: Int64? = nil, min: ParquetValue? = nil, max: ParquetValue? = nil,
                nanCount: Int64? = nil, distinctCount: Int64? = nil) {
        self.nullCount = nullCount
        self.min = min
        self.max = max
        self.nanCount = nanCount
        self.distinctCount = distinctCount
    }
}
