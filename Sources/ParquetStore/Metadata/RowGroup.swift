/// `parquet.thrift` `struct ColumnChunk`: one column's slice of a row group.
package struct ColumnChunk: Hashable, Sendable {
    /// Set only by summary (`_metadata`) files; a chunk stored elsewhere is not supported.
    package var filePath: String?
    /// Deprecated; the specification asks writers for 0.
    package var fileOffset: Int64
    package var metaData: ColumnMetaData?

    package init(metaData: ColumnMetaData, fileOffset: Int64 = 0) {
        self.metaData = metaData
        self.fileOffset = fileOffset
    }
}

extension ColumnChunk: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        if let filePath { writer.field(1, string: filePath) }
        writer.field(2, i64: fileOffset)
        if let metaData { writer.field(3, struct: metaData) }
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var filePath: String?
        var fileOffset: Int64 = 0
        var metaData: ColumnMetaData?
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1: filePath = try reader.readString(type)
            case 2: fileOffset = try reader.readInteger(type)
            case 3: metaData = try reader.readStruct(type, as: ColumnMetaData.self)
            default: try reader.skip(type)
            }
        }
        self.filePath = filePath
        self.fileOffset = fileOffset
        self.metaData = metaData
    }
}

/// `parquet.thrift` `struct RowGroup`: a horizontal slice of the file, one chunk per column.
package struct RowGroup: Hashable, Sendable {
    package var columns: [ColumnChunk]
    /// Uncompressed bytes of all the chunks' pages.
    package var totalByteSize: Int64
    package var numRows: Int64
    /// Offset of the row group's first page.
    package var fileOffset: Int64?
    package var totalCompressedSize: Int64?
    package var ordinal: Int16?

    package init(
        columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64, fileOffset: Int64? = nil,
        totalCompressedSize: Int64? = nil, ordinal: Int16? = nil
    ) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
        self.fileOffset = fileOffset
        self.totalCompressedSize = totalCompressedSize
        self.ordinal = ordinal
    }
}

extension RowGroup: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, structList: columns)
        writer.field(2, i64: totalByteSize)
        writer.field(3, i64: numRows)
        if let fileOffset { writer.field(5, i64: fileOffset) }
        if let totalCompressedSize { writer.field(6, i64: totalCompressedSize) }
        if let ordinal { writer.field(7, i16: ordinal) }
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var columns: [ColumnChunk]?
        var totalByteSize: Int64?
        var numRows: Int64?
        var fileOffset: Int64?
        var totalCompressedSize: Int64?
        var ordinal: Int16?
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1:
                columns = try reader.readList(type) { (reader, elementType) throws(ParquetDecodingError) in
                    try reader.readStruct(elementType, as: ColumnChunk.self)
                }
            case 2: totalByteSize = try reader.readInteger(type)
            case 3: numRows = try reader.readInteger(type)
            case 5: fileOffset = try reader.readInteger(type)
            case 6: totalCompressedSize = try reader.readInteger(type)
            case 7: ordinal = Int16(truncatingIfNeeded: try reader.readInteger(type))
            default: try reader.skip(type)
            }
        }
        self.init(
            columns: try reader.required(columns, "columns", of: "RowGroup"),
            totalByteSize: try reader.required(totalByteSize, "total_byte_size", of: "RowGroup"),
            numRows: try reader.required(numRows, "num_rows", of: "RowGroup"),
            fileOffset: fileOffset, totalCompressedSize: totalCompressedSize, ordinal: ordinal)
    }
}
