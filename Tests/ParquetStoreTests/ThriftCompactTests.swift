import ParquetStore
import Testing

/// A struct with every kind of field the compact protocol has, to test the writer against known
/// bytes and the reader's skipping of fields it does not know.
private struct Everything: ThriftEncodable {
    func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: -1)
        writer.field(2, bool: true)
        writer.field(3, bool: false)
        writer.field(4, double: 1.5)
        writer.field(5, binary: [0xFF, 0x00])
        writer.field(6, i32List: Array(0..<20))
        writer.field(40, i64: 1 << 40)  // a delta over 15: long field header
        writer.field(41, struct: KeyValue(key: "k", value: "v"))
        writer.field(42, structList: [KeyValue(key: "a", value: nil), KeyValue(key: "b", value: "c")])
        writer.field(43, i8: -3)
        writer.field(44, i16: 300)
        writer.field(45, string: "end")
    }
}

private struct TwoFields: ThriftEncodable {
    func encode(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: 1)
        writer.field(40, i64: 0)
    }
}

/// Reads fields 1, 43, 44 and 45 of ``Everything`` and skips the rest.
private struct FewFields: ThriftDecodable {
    var first: Int32?
    var byte: Int64?
    var short: Int64?
    var last: String?

    init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError) {
        try reader.readFields { (reader, id, type) throws(ParquetDecodingError) in
            switch id {
            case 1: first = try reader.readI32(type)
            case 43: byte = try reader.readInteger(type)
            case 44: short = try reader.readInteger(type)
            case 45: last = try reader.readString(type)
            default: try reader.skip(type)
            }
        }
    }
}

@Suite("Thrift compact protocol")
struct ThriftCompactTests {
    @Test func fieldHeadersUseDeltasAndZigzagVarints() {
        var writer = ThriftCompactWriter()
        writer.writeStruct(KeyValue(key: "ab", value: nil))
        // field 1, type binary (8): 0x18; length 2; "ab"; stop.
        #expect(writer.bytes == [0x18, 0x02, 0x61, 0x62, 0x00])

        var wide = ThriftCompactWriter()
        wide.writeStruct(Statistics(nullCount: -1))
        // field 3 i64 (6): 0x36, zigzag(-1) = 1; then field 9? no: doubles only. Stop.
        #expect(wide.bytes == [0x36, 0x01, 0x00])
    }

    @Test func longFieldHeaderForBigDeltas() {
        var writer = ThriftCompactWriter()
        writer.writeStruct(TwoFields())
        // Field 1 i32 = 1: 0x15, zigzag 2. Field 40 i64 = 0 follows: delta 39 > 15, so the type
        // byte 0x06 alone, then zigzag(40) = 80, then the value 0. Stop.
        #expect(writer.bytes == [0x15, 0x02, 0x06, 80, 0x00, 0x00])
    }

    @Test func readerSkipsUnknownFieldsOfEveryType() throws {
        var writer = ThriftCompactWriter()
        writer.writeStruct(Everything())
        var reader = ThriftCompactReader(bytes: writer.bytes)
        let decoded = try reader.read(FewFields.self)
        #expect(decoded.first == -1)
        #expect(decoded.byte == -3)
        #expect(decoded.short == 300)
        #expect(decoded.last == "end")
        #expect(reader.position == writer.bytes.count)
    }

    @Test func metadataStructsRoundTrip() throws {
        let meta = ColumnMetaData(
            type: .byteArray, encodings: [.plain, .rle, .rleDictionary], pathInSchema: ["path"], codec: .gzip,
            numValues: 1_000_000, totalUncompressedSize: 123_456_789_012, totalCompressedSize: 42,
            dataPageOffset: 4, dictionaryPageOffset: nil,
            statistics: Statistics(nullCount: 3, minValue: Array("a".utf8), maxValue: Array("한".utf8)))
        let file = FileMetaData(
            schema: ParquetSchema([.init(name: "path", type: .string, optional: true)]).schemaElements,
            numRows: 1_000_000,
            rowGroups: [RowGroup(columns: [ColumnChunk(metaData: meta)], totalByteSize: 9, numRows: 1_000_000, ordinal: 0)],
            keyValueMetadata: [KeyValue(key: "k", value: "v")], createdBy: "test", columnOrders: [1])
        var writer = ThriftCompactWriter()
        writer.writeStruct(file)
        var reader = ThriftCompactReader(bytes: writer.bytes)
        #expect(try reader.read(FileMetaData.self) == file)

        var header = PageHeader(type: .dataPage, uncompressedPageSize: 10, compressedPageSize: 8)
        header.dataPageHeader = DataPageHeader(numValues: 5, encoding: .rleDictionary)
        var pageWriter = ThriftCompactWriter()
        pageWriter.writeStruct(header)
        var pageReader = ThriftCompactReader(bytes: pageWriter.bytes)
        #expect(try pageReader.read(PageHeader.self) == header)
    }

    @Test(arguments: [
        [UInt8](),  // nothing at all
        [0x18, 0x05, 0x61],  // binary longer than the buffer
        [0x19, 0xF8, 0xFF, 0xFF, 0xFF, 0x0F],  // a list claiming billions of elements
        [0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // an 11-byte varint
        [0x1D],  // type code 13 does not exist
    ])
    func malformedInputThrowsInsteadOfCrashing(bytes: [UInt8]) {
        var reader = ThriftCompactReader(bytes: bytes)
        #expect(throws: ParquetDecodingError.self) { try reader.read(FileMetaData.self) }
    }

    @Test func deepNestingIsRefused() {
        // 100 nested structs in field 1 of each other: past the nesting limit.
        let bytes = [UInt8](repeating: 0x1C, count: 100) + [UInt8](repeating: 0x00, count: 101)
        var reader = ThriftCompactReader(bytes: bytes)
        #expect(throws: ParquetDecodingError.self) { try reader.read(FewFields.self) }
    }
}
