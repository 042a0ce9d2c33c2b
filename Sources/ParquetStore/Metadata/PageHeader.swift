/// `parquet.thrift` `struct DataPageHeader`: a version-1 data page.
package struct DataPageHeader: Hashable, Sendable {
    /// Values in the page, nulls included.
    package var numValues: Int32
    package var encoding: ParquetEncoding
    package var definitionLevelEncoding: ParquetEncoding
    package var repetitionLevelEncoding: ParquetEncoding

    package init(numValues: Int32, encoding: ParquetEncoding, definitionLevelEncoding: ParquetEncoding = .rle,
                 repetitionLevelEncoding: ParquetEncoding = .rle) {
        self.numValues = numValues
        self.encoding = encoding
        self.definitionLevelEncoding = definitionLevelEncoding
        self.repetitionLevelEncoding = repetitionLevelEncoding
    }
}

extension DataPageHeader: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: numValues)
        writer.field(2, i32: encoding.rawValue)
        writer.field(3, i32: definitionLevelEncoding.rawValue)
        writer.field(4, i32: repetitionLevelEncoding.rawValue)
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var numValues: Int32?
        var encoding: ParquetEncoding?
        var definition: ParquetEncoding?
        var repetition: ParquetEncoding?
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1: numValues = try reader.readI32(type)
            case 2: encoding = try reader.readEnum(type, as: ParquetEncoding.self)
            case 3: definition = try reader.readEnum(type, as: ParquetEncoding.self)
            case 4: repetition = try reader.readEnum(type, as: ParquetEncoding.self)
            default: try reader.skip(type)
            }
        }
        let name = "DataPageHeader"
        self.init(
            numValues: try reader.required(numValues, "num_values", of: name),
            encoding: try reader.required(encoding, "encoding", of: name),
            definitionLevelEncoding: try reader.required(definition, "definition_level_encoding", of: name),
            repetitionLevelEncoding: try reader.required(repetition, "repetition_level_encoding", of: name))
    }
}

/// `parquet.thrift` `struct DataPageHeaderV2`, read only: levels stored uncompressed before the values.
package struct DataPageHeaderV2: Hashable, Sendable {
    package var numValues: Int32
    package var numNulls: Int32
    package var numRows: Int32
    package var encoding: ParquetEncoding
    package var definitionLevelsByteLength: Int32
    package var repetitionLevelsByteLength: Int32
    /// Whether the values section is compressed with the chunk's codec (default true).
    package var isCompressed: Bool
}

extension DataPageHeaderV2: ThriftDecodable {
    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var fields = [Int32?](repeating: nil, count: 7)
        var isCompressed = true
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1...6: fields[Int(id)] = try reader.readI32(type)
            case 7: isCompressed = try reader.readBool(type)
            default: try reader.skip(type)
            }
        }
        let names = ["", "num_values", "num_nulls", "num_rows", "encoding", "definition_levels_byte_length",
                     "repetition_levels_byte_length"]
        var values: [Int32] = []
        for index in 1...6 { values.append(try reader.required(fields[index], names[index], of: "DataPageHeaderV2")) }
        self.init(
            numValues: values[0], numNulls: values[1], numRows: values[2], encoding: ParquetEncoding(rawValue: values[3]),
            definitionLevelsByteLength: values[4], repetitionLevelsByteLength: values[5], isCompressed: isCompressed)
    }
}

/// `parquet.thrift` `struct DictionaryPageHeader`.
package struct DictionaryPageHeader: Hashable, Sendable {
    package var numValues: Int32
    /// PLAIN (or the deprecated PLAIN_DICTIONARY, which means the same for a dictionary page).
    package var encoding: ParquetEncoding

    package init(numValues: Int32, encoding: ParquetEncoding = .plain) {
        self.numValues = numValues
        self.encoding = encoding
    }
}

extension DictionaryPageHeader: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: numValues)
        writer.field(2, i32: encoding.rawValue)
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var numValues: Int32?
        var encoding: ParquetEncoding?
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1: numValues = try reader.readI32(type)
            case 2: encoding = try reader.readEnum(type, as: ParquetEncoding.self)
            default: try reader.skip(type)
            }
        }
        self.init(
            numValues: try reader.required(numValues, "num_values", of: "DictionaryPageHeader"),
            encoding: try reader.required(encoding, "encoding", of: "DictionaryPageHeader"))
    }
}

/// `parquet.thrift` `struct PageHeader`: precedes every page of a column chunk.
package struct PageHeader: Hashable, Sendable {
    package var type: ParquetPageType
    /// Bytes of the page after this header, before compression.
    package var uncompressedPageSize: Int32
    /// Bytes of the page after this header, as stored.
    package var compressedPageSize: Int32
    /// CRC-32 of the page's bytes as stored (after compression), when the writer gave one.
    package var crc: Int32?
    package var dataPageHeader: DataPageHeader?
    package var dictionaryPageHeader: DictionaryPageHeader?
    package var dataPageHeaderV2: DataPageHeaderV2?

    package init(type: ParquetPageType, uncompressedPageSize: Int32, compressedPageSize: Int32) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
    }
}

extension PageHeader: ThriftEncodable, ThriftDecodable {
    package func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: type.rawValue)
        writer.field(2, i32: uncompressedPageSize)
        writer.field(3, i32: compressedPageSize)
        if let crc { writer.field(4, i32: crc) }
        if let dataPageHeader { writer.field(5, struct: dataPageHeader) }
        if let dictionaryPageHeader { writer.field(7, struct: dictionaryPageHeader) }
    }

    package init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        var type: ParquetPageType?
        var uncompressed: Int32?
        var compressed: Int32?
        var data: DataPageHeader?
        var dictionary: DictionaryPageHeader?
        var dataV2: DataPageHeaderV2?
        var crc: Int32?
        try reader.readFields { (reader, id, fieldType) throws(ParquetDecodingError) in
            switch id {
            case 1: type = try reader.readEnum(fieldType, as: ParquetPageType.self)
            case 2: uncompressed = try reader.readI32(fieldType)
            case 3: compressed = try reader.readI32(fieldType)
            case 4: crc = try reader.readI32(fieldType)
            case 5: data = try reader.readStruct(fieldType, as: DataPageHeader.self)
            case 7: dictionary = try reader.readStruct(fieldType, as: DictionaryPageHeader.self)
            case 8: dataV2 = try reader.readStruct(fieldType, as: DataPageHeaderV2.self)
            default: try reader.skip(fieldType)
            }
        }
        self.init(
            type: try reader.required(type, "type", of: "PageHeader"),
            uncompressedPageSize: try reader.required(uncompressed, "uncompressed_page_size", of: "PageHeader"),
            compressedPageSize: try reader.required(compressed, "compressed_page_size", of: "PageHeader"))
        dataPageHeader = data
        dictionaryPageHeader = dictionary
        dataPageHeaderV2 = dataV2
        self.crc = crc
        guard uncompressedPageSize >= 0, compressedPageSize >= 0 else {
            throw ParquetDecodingError(.corrupt, at: reader.position, "PageHeader has a negative page size")
        }
    }
}
