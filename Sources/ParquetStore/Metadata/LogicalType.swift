/// `parquet.thrift` `union LogicalType`, for the annotations this module writes and maps.
///
/// Any other annotation decodes as ``other(fieldID:)``, so that the reader can name it in an
/// "unsupported" error instead of failing on the whole footer.
package enum LogicalType: Hashable, Sendable {
    /// The unit of a `TIMESTAMP` or `TIME`: `union TimeUnit`.
    package enum TimeUnit: Hashable, Sendable {
        case millis, micros, nanos

        /// The union's field id.
        var fieldID: Int16 {
            switch self {
            case .millis: 1
            case .micros: 2
            case .nanos: 3
            }
        }
    }

    /// `StringType` (field 1): UTF-8 text on `BYTE_ARRAY`.
    case string
    /// `EnumType` (field 4): UTF-8 text on `BYTE_ARRAY`.
    case enumeration
    /// `DateType` (field 6): days since 1970-01-01 on `INT32`.
    case date
    /// `TimestampType` (field 8): time since the epoch on `INT64`.
    case timestamp(isAdjustedToUTC: Bool, unit: TimeUnit)
    /// `IntType` (field 10): an integer of `bitWidth` bits on `INT32` or `INT64`.
    case integer(bitWidth: Int8, isSigned: Bool)
    /// `JsonType` (field 12): UTF-8 JSON text on `BYTE_ARRAY`.
    case json
    /// Any other member of the union, by its field id.
    case other(fieldID: Int16)
}

/// An empty Thrift struct (`StringType`, `DateType`, `MicroSeconds`…), written as a lone stop byte.
struct EmptyThriftStruct: ThriftEncodable, ThriftDecodable {
    init() {}
    init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        try reader.readFields { (reader, _, type) throws(ParquetDecodingError) in try reader.skip(type) }
    }
    func encode(to writer: inout ThriftCompactWriter) {}
}

/// The fields of `TimestampType`.
private struct TimestampFields: ThriftEncodable {
    var isAdjustedToUTC: Bool
    var unit: LogicalType.TimeUnit

    func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, bool: isAdjustedToUTC)
        writer.field(2, struct: UnionOfEmpty(fieldID: unit.fieldID))
    }
}

/// A union whose chosen member is an empty struct (`TimeUnit`, `ColumnOrder`).
struct UnionOfEmpty: ThriftEncodable, ThriftDecodable {
    var fieldID: Int16

    init(fieldID: Int16) { self.fieldID = fieldID }

    init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var chosen: Int16 = 0
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            chosen = id
            try reader.skip(type)
        }
        fieldID = chosen
    }

    func encode(to writer: inout ThriftCompactWriter) {
        writer.field(fieldID, struct: EmptyThriftStruct())
    }
}

extension LogicalType: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        switch self {
        case .string: writer.field(1, struct: EmptyThriftStruct())
        case .enumeration: writer.field(4, struct: EmptyThriftStruct())
        case .date: writer.field(6, struct: EmptyThriftStruct())
        case .timestamp(let utc, let unit): writer.field(8, struct: TimestampFields(isAdjustedToUTC: utc, unit: unit))
        case .integer(let bitWidth, let isSigned): writer.field(10, struct: IntegerFields(bitWidth: bitWidth, isSigned: isSigned))
        case .json: writer.field(12, struct: EmptyThriftStruct())
        case .other(let id): writer.field(id, struct: EmptyThriftStruct())
        }
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var result = LogicalType.other(fieldID: 0)
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch (id, type) {
            case (1, .structure): result = .string
            case (4, .structure): result = .enumeration
            case (6, .structure): result = .date
            case (12, .structure): result = .json
            case (8, .structure):
                var utc = false
                var unit = LogicalType.TimeUnit.micros
                var unitID: Int16 = 0
                try reader.readFields { (reader, field, fieldType) throws(ParquetDecodingError) in
                    switch (field, fieldType) {
                    case (1, _) where fieldType.isBoolean: utc = try reader.readBool(fieldType)
                    case (2, .structure): unitID = try reader.readStruct(fieldType, as: UnionOfEmpty.self).fieldID
                    default: try reader.skip(fieldType)
                    }
                }
                switch unitID {
                case 1: unit = .millis
                case 2: unit = .micros
                case 3: unit = .nanos
                default: throw ParquetDecodingError(.corrupt, at: reader.position, "TimestampType has no known unit")
                }
                result = .timestamp(isAdjustedToUTC: utc, unit: unit)
                return
            case (10, .structure):
                let fields = try reader.readStruct(type, as: IntegerFields.self)
                result = .integer(bitWidth: fields.bitWidth, isSigned: fields.isSigned)
                return
            default: result = .other(fieldID: id)
            }
            try reader.skip(type)
        }
        self = result
    }
}

/// The fields of `IntType`.
private struct IntegerFields: ThriftEncodable, ThriftDecodable {
    var bitWidth: Int8
    var isSigned: Bool

    init(bitWidth: Int8, isSigned: Bool) {
        self.bitWidth = bitWidth
        self.isSigned = isSigned
    }

    init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var bitWidth: Int8?
        var isSigned: Bool?
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1:
                let wide = try reader.readInteger(type)
                bitWidth = Int8(exactly: wide)
            case 2 where type.isBoolean: isSigned = try reader.readBool(type)
            default: try reader.skip(type)
            }
        }
        self.bitWidth = try reader.required(bitWidth, "bitWidth", of: "IntType")
        self.isSigned = try reader.required(isSigned, "isSigned", of: "IntType")
    }

    func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, i8: bitWidth)
        writer.field(2, bool: isSigned)
    }
}
