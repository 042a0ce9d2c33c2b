/// `parquet.thrift` `struct ColumnMetaData`: where a column chunk's pages are and what they hold.
package struct ColumnMetaData: Hashable, Sendable {
    package var type: ParquetPhysicalType
    package var encodings: [ParquetEncoding]
    package var pathInSchema: [String]
    package var codec: ParquetCodec
    package var numValues: Int64
    /// Bytes of all pages, headers included, before compression.
    package var totalUncompressedSize: Int64
    /// Bytes of all pages, headers included, as stored.
    package var totalCompressedSize: Int64
    package var dataPageOffset: Int64
    package var dictionaryPageOffset: Int64?
    package var statistics: Statistics?

    package init(
        type: ParquetPhysicalType, encodings: [ParquetEncoding], pathInSchema: [String], codec: ParquetCodec,
        numValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64,
        dictionaryPageOffset: Int64? = nil, statistics: Statistics? = nil
    ) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
    }

    /// The file offset of the chunk's first page: the dictionary page when there is one.
    ///
    /// Some old writers set `dictionary_page_offset` to 0 when there is none; such values, and any
    /// past the first data page, are ignored.
    package var firstPageOffset: Int64 {
        if let dictionaryPageOffset, dictionaryPageOffset > 0, dictionaryPageOffset < dataPageOffset {
            return dictionaryPageOffset
        }
        return dataPageOffset
    }
}

extension ColumnMetaData: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: type.rawValue)
        writer.field(2, i32List: encodings.map(\.rawValue))
        writer.field(3, stringList: pathInSchema)
        writer.field(4, i32: codec.rawValue)
        writer.field(5, i64: numValues)
        writer.field(6, i64: totalUncompressedSize)
        writer.field(7, i64: totalCompressedSize)
        writer.field(9, i64: dataPageOffset)
        if let dictionaryPageOffset { writer.field(11, i64: dictionaryPageOffset) }
        if let statistics { writer.field(12, struct: statistics) }
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var type: ParquetPhysicalType?
        var encodings: [ParquetEncoding]?
        var path: [String]?
        var codec: ParquetCodec?
        var numValues: Int64?
        var uncompressed: Int64?
        var compressed: Int64?
        var dataPageOffset: Int64?
        var dictionaryPageOffset: Int64?
        var statistics: Statistics?
        try reader.readFields { (reader, id, fieldType) throws(ParquetDecodingError) in
            switch id {
            case 1: type = try reader.readEnum(fieldType, as: ParquetPhysicalType.self)
            case 2:
                encodings = try reader.readList(fieldType) { (reader, elementType) throws(ParquetDecodingError) in
                    try reader.readEnum(elementType, as: ParquetEncoding.self)
                }
            case 3:
                path = try reader.readList(fieldType) { (reader, elementType) throws(ParquetDecodingError) in
                    try reader.readString(elementType)
                }
            case 4: codec = try reader.readEnum(fieldType, as: ParquetCodec.self)
            case 5: numValues = try reader.readInteger(fieldType)
            case 6: uncompressed = try reader.readInteger(fieldType)
            case 7: compressed = try reader.readInteger(fieldType)
            case 9: dataPageOffset = try reader.readInteger(fieldType)
            case 11: dictionaryPageOffset = try reader.readInteger(fieldType)
            case 12: statistics = try reader.readStruct(fieldType, as: Statistics.self)
            default: try reader.skip(fieldType)
            }
        }
        let name = "ColumnMetaData"
        self.init(
            type: try reader.required(type, "type", of: name),
            encodings: try reader.required(encodings, "encodings", of: name),
            pathInSchema: try reader.required(path, "path_in_schema", of: name),
            codec: try reader.required(codec, "codec", of: name),
            numValues: try reader.required(numValues, "num_values", of: name),
            totalUncompressedSize: try reader.required(uncompressed, "total_uncompressed_size", of: name),
            totalCompressedSize: try reader.required(compressed, "total_compressed_size", of: name),
            dataPageOffset: try reader.required(dataPageOffset, "data_page_offset", of: name),
            dictionaryPageOffset: dictionaryPageOffset, statistics: statistics)
    }
}
