/// `parquet.thrift` `struct KeyValue`: application metadata in the footer.
package struct KeyValue: Hashable, Sendable {
    package var key: String
    package var value: String?

    package init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}

extension KeyValue: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, string: key)
        if let value { writer.field(2, string: value) }
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var key: String?
        var value: String?
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1: key = try reader.readString(type)
            case 2: value = try reader.readString(type)
            default: try reader.skip(type)
            }
        }
        self.init(key: try reader.required(key, "key", of: "KeyValue"), value: value)
    }
}

/// `parquet.thrift` `struct FileMetaData`: the footer, which describes the whole file.
package struct FileMetaData: Hashable, Sendable {
    /// The `ColumnOrder` union member meaning "the order of the column's logical type".
    package static let typeDefinedOrder: Int16 = 1

    /// 1 (readers should accept 2 as well).
    package var version: Int32
    /// The schema tree, depth-first, root first.
    package var schema: [SchemaElement]
    package var numRows: Int64
    package var rowGroups: [RowGroup]
    package var keyValueMetadata: [KeyValue]?
    package var createdBy: String?
    /// One `ColumnOrder` union member id per leaf column (1 = TYPE_ORDER).
    package var columnOrders: [Int16]?

    package init(
        version: Int32 = 1, schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup],
        keyValueMetadata: [KeyValue]? = nil, createdBy: String? = nil, columnOrders: [Int16]? = nil
    ) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
        self.keyValueMetadata = keyValueMetadata
        self.createdBy = createdBy
        self.columnOrders = columnOrders
    }
}

extension FileMetaData: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: version)
        writer.field(2, structList: schema)
        writer.field(3, i64: numRows)
        writer.field(4, structList: rowGroups)
        if let keyValueMetadata { writer.field(5, structList: keyValueMetadata) }
        if let createdBy { writer.field(6, string: createdBy) }
        if let columnOrders { writer.field(7, structList: columnOrders.map { UnionOfEmpty(fieldID: $0) }) }
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var version: Int32?
        var schema: [SchemaElement]?
        var numRows: Int64?
        var rowGroups: [RowGroup]?
        var keyValues: [KeyValue]?
        var createdBy: String?
        var columnOrders: [Int16]?
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1: version = try reader.readI32(type)
            case 2:
                schema = try reader.readList(type) { (reader, elementType) throws(ParquetDecodingError) in
                    try reader.readStruct(elementType, as: SchemaElement.self)
                }
            case 3: numRows = try reader.readInteger(type)
            case 4:
                rowGroups = try reader.readList(type) { (reader, elementType) throws(ParquetDecodingError) in
                    try reader.readStruct(elementType, as: RowGroup.self)
                }
            case 5:
                keyValues = try reader.readList(type) { (reader, elementType) throws(ParquetDecodingError) in
                    try reader.readStruct(elementType, as: KeyValue.self)
                }
            case 6: createdBy = try reader.readString(type)
            case 7:
                columnOrders = try reader.readList(type) { (reader, elementType) throws(ParquetDecodingError) in
                    try reader.readStruct(elementType, as: UnionOfEmpty.self).fieldID
                }
            default: try reader.skip(type)
            }
        }
        self.init(
            version: try reader.required(version, "version", of: "FileMetaData"),
            schema: try reader.required(schema, "schema", of: "FileMetaData"),
            numRows: try reader.required(numRows, "num_rows", of: "FileMetaData"),
            rowGroups: try reader.required(rowGroups, "row_groups", of: "FileMetaData"),
            keyValueMetadata: keyValues, createdBy: createdBy, columnOrders: columnOrders)
    }
}
