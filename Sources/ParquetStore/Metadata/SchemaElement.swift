/// `parquet.thrift` `struct SchemaElement`: one node of the schema tree, flattened depth-first.
///
/// The root is a group (no `type`, `numChildren` set); a flat schema's other elements are leaves.
package struct SchemaElement: Hashable, Sendable {
    package var type: ParquetPhysicalType?
    package var typeLength: Int32?
    package var repetition: ParquetRepetition?
    package var name: String
    package var numChildren: Int32?
    package var convertedType: ParquetConvertedType?
    package var scale: Int32?
    package var precision: Int32?
    package var fieldID: Int32?
    package var logicalType: LogicalType?

    package init(
        name: String, type: ParquetPhysicalType? = nil, repetition: ParquetRepetition? = nil,
        numChildren: Int32? = nil, convertedType: ParquetConvertedType? = nil, logicalType: LogicalType? = nil
    ) {
        self.name = name
        self.type = type
        self.repetition = repetition
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.logicalType = logicalType
    }
}

extension SchemaElement: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        if let type { writer.field(1, i32: type.rawValue) }
        if let typeLength { writer.field(2, i32: typeLength) }
        if let repetition { writer.field(3, i32: repetition.rawValue) }
        writer.field(4, string: name)
        if let numChildren { writer.field(5, i32: numChildren) }
        if let convertedType { writer.field(6, i32: convertedType.rawValue) }
        if let scale { writer.field(7, i32: scale) }
        if let precision { writer.field(8, i32: precision) }
        if let fieldID { writer.field(9, i32: fieldID) }
        if let logicalType { writer.field(10, struct: logicalType) }
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var element = SchemaElement(name: "")
        var name: String?
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1: element.type = try reader.readEnum(type, as: ParquetPhysicalType.self)
            case 2: element.typeLength = try reader.readI32(type)
            case 3: element.repetition = try reader.readEnum(type, as: ParquetRepetition.self)
            case 4: name = try reader.readString(type)
            case 5: element.numChildren = try reader.readI32(type)
            case 6: element.convertedType = try reader.readEnum(type, as: ParquetConvertedType.self)
            case 7: element.scale = try reader.readI32(type)
            case 8: element.precision = try reader.readI32(type)
            case 9: element.fieldID = try reader.readI32(type)
            case 10: element.logicalType = try reader.readStruct(type, as: LogicalType.self)
            default: try reader.skip(type)
            }
        }
        element.name = try reader.required(name, "name", of: "SchemaElement")
        self = element
    }
}
