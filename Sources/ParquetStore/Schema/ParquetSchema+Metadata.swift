extension ParquetSchema {
    /// The name of the schema's root group, as pyarrow and parquet-mr write it.
    static let rootName = "schema"

    /// The Thrift schema elements: the root group, then one leaf per column.
    package var schemaElements: [SchemaElement] {
        var elements = [SchemaElement(name: Self.rootName, numChildren: Int32(columns.count))]
        for column in columns {
            elements.append(column.schemaElement)
        }
        return elements
    }
}

extension ParquetColumn {
    /// The column's leaf element.
    var schemaElement: SchemaElement {
        SchemaElement(
            name: name, type: type.physicalType, repetition: optional ? .optional : .required,
            convertedType: type.convertedType, logicalType: type.logicalType)
    }

    /// The column described by a leaf element of another writer's file, or why it cannot be read.
    ///
    /// Integers narrower than 32 bits read as ``ParquetColumnType/int32``; strings, enums and JSON
    /// as ``ParquetColumnType/string``; `TIMESTAMP(MICROS)` adjusted to UTC (or the legacy
    /// `TIMESTAMP_MICROS` annotation alone) as ``ParquetColumnType/timestamp``. Other types
    /// (FLOAT, INT96, FIXED_LEN_BYTE_ARRAY, unsigned 32/64-bit, decimals, other timestamp units,
    /// local timestamps) are unsupported.
    static func from(_ element: SchemaElement) -> Result<ParquetColumn, UnsupportedColumn> {
        let optional = element.repetition == .optional
        func column(_ type: ParquetColumnType) -> Result<ParquetColumn, UnsupportedColumn> {
            .success(ParquetColumn(name: element.name, type: type, optional: optional))
        }
        func unsupported(_ what: String) -> Result<ParquetColumn, UnsupportedColumn> {
            .failure(UnsupportedColumn(name: element.name, reason: what))
        }
        guard let physical = element.type else { return unsupported("it is a group") }
        if element.repetition == .repeated { return unsupported("it is repeated") }
        let logical = element.logicalType
        let converted = element.convertedType
        switch physical {
        case .boolean:
            return column(.boolean)
        case .double:
            return column(.double)
        case .int32:
            if logical == .date || converted == .date { return column(.date) }
            if case .integer(let width, let signed)? = logical {
                return signed || width < 32 ? column(.int32) : unsupported("it is an unsigned 32-bit integer")
            }
            if logical == nil, converted == nil || [.int8, .int16, .int32, .uint8, .uint16].contains(converted!) {
                return column(.int32)
            }
        case .int64:
            if case .timestamp(let utc, let unit)? = logical {
                return utc && unit == .micros ? column(.timestamp) : unsupported("it is a \(utc ? "" : "local ")timestamp in \(unit)")
            }
            if logical == nil, converted == .timestampMicros { return column(.timestamp) }
            if case .integer(_, let signed)? = logical {
                return signed ? column(.int64) : unsupported("it is an unsigned 64-bit integer")
            }
            if logical == nil, converted == nil || converted == .int64 { return column(.int64) }
        case .byteArray:
            switch logical {
            case .string?, .enumeration?, .json?: return column(.string)
            case nil:
                if converted == nil { return column(.binary) }
                if [.utf8, .enumeration, .json].contains(converted!) { return column(.string) }
            default: break
            }
        default:
            return unsupported("its physical type \(physical) is not supported")
        }
        return unsupported("its annotation (\(logical.map { "\($0)" } ?? "converted type \(converted!.rawValue)")) on \(physical) is not supported")
    }
}

/// A column of a file that this module cannot decode, and why.
struct UnsupportedColumn: Error, Hashable, Sendable {
    var name: String
    var reason: String
}
