/// `parquet.thrift` `struct Statistics` for a column chunk (or page).
///
/// This module writes `null_count`, `min_value`/`max_value` (fields 6/5, ordered as the column's
/// logical type says, with `column_orders` in the footer), their exactness flags and, for doubles,
/// `nan_count`. It reads the deprecated `min`/`max` (fields 2/1) too, since old writers set only those.
package struct Statistics: Hashable, Sendable {
    /// Deprecated `max` (field 1): signed order.
    package var legacyMax: [UInt8]?
    /// Deprecated `min` (field 2): signed order.
    package var legacyMin: [UInt8]?
    package var nullCount: Int64?
    package var distinctCount: Int64?
    package var maxValue: [UInt8]?
    package var minValue: [UInt8]?
    package var isMaxValueExact: Bool?
    package var isMinValueExact: Bool?
    package var nanCount: Int64?

    package init(nullCount: Int64? = nil, minValue: [UInt8]? = nil, maxValue: [UInt8]? = nil, nanCount: Int64? = nil) {
        self.nullCount = nullCount
        self.minValue = minValue
        self.maxValue = maxValue
        self.nanCount = nanCount
        if minValue != nil { isMinValueExact = true }
        if maxValue != nil { isMaxValueExact = true }
    }
}

extension Statistics: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        if let legacyMax { writer.field(1, binary: legacyMax) }
        if let legacyMin { writer.field(2, binary: legacyMin) }
        if let nullCount { writer.field(3, i64: nullCount) }
        if let distinctCount { writer.field(4, i64: distinctCount) }
        if let maxValue { writer.field(5, binary: maxValue) }
        if let minValue { writer.field(6, binary: minValue) }
        if let isMaxValueExact { writer.field(7, bool: isMaxValueExact) }
        if let isMinValueExact { writer.field(8, bool: isMinValueExact) }
        if let nanCount { writer.field(9, i64: nanCount) }
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var statistics = Statistics()
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1: statistics.legacyMax = try reader.readBinary(type)
            case 2: statistics.legacyMin = try reader.readBinary(type)
            case 3: statistics.nullCount = try reader.readInteger(type)
            case 4: statistics.distinctCount = try reader.readInteger(type)
            case 5: statistics.maxValue = try reader.readBinary(type)
            case 6: statistics.minValue = try reader.readBinary(type)
            case 7: statistics.isMaxValueExact = try reader.readBool(type)
            case 8: statistics.isMinValueExact = try reader.readBool(type)
            case 9: statistics.nanCount = try reader.readInteger(type)
            default: try reader.skip(type)
            }
        }
        self = statistics
    }
}
