/// The type of a column, as this module writes it: a physical type and, for some, a logical
/// annotation that tells readers (DuckDB, Spark, pandas) what the numbers or bytes mean.
///
/// | Case | Physical type | Logical type | Values |
/// | --- | --- | --- | --- |
/// | ``boolean`` | `BOOLEAN` | — | ``ParquetColumnValues/boolean(_:)`` |
/// | ``int32`` | `INT32` | — | ``ParquetColumnValues/int32(_:)`` |
/// | ``int64`` | `INT64` | — | ``ParquetColumnValues/int64(_:)`` |
/// | ``double`` | `DOUBLE` | — | ``ParquetColumnValues/double(_:)`` |
/// | ``binary`` | `BYTE_ARRAY` | — | ``ParquetColumnValues/binary(_:)`` |
/// | ``string`` | `BYTE_ARRAY` | `STRING` (converted `UTF8`) | ``ParquetColumnValues/string(_:)`` |
/// | ``date`` | `INT32` | `DATE` (converted `DATE`) | ``ParquetColumnValues/int32(_:)``: days since 1970-01-01 |
/// | ``timestamp`` | `INT64` | `TIMESTAMP(isAdjustedToUTC: true, unit: MICROS)` (converted `TIMESTAMP_MICROS`) | ``ParquetColumnValues/int64(_:)``: microseconds since 1970-01-01T00:00:00Z |
public enum ParquetColumnType: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case boolean
    case int32
    case int64
    case double
    case binary
    case string
    case date
    case timestamp

    /// The physical type that stores the column.
    public var physicalType: ParquetPhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32, .date: .int32
        case .int64, .timestamp: .int64
        case .double: .double
        case .binary, .string: .byteArray
        }
    }

    public var description: String { rawValue }

    /// The deprecated annotation written beside the logical type, for old readers.
    var convertedType: ParquetConvertedType? {
        switch self {
        case .string: .utf8
        case .date: .date
        case .timestamp: .timestampMicros
        default: nil
        }
    }

    /// The logical type annotation, if any.
    var logicalType: LogicalType? {
        switch self {
        case .string: .string
        case .date: .date
        case .timestamp: .timestamp(isAdjustedToUTC: true, unit: .micros)
        default: nil
        }
    }
}
