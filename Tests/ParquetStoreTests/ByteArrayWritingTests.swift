import ParquetStore
import Testing

/// Text and binary columns written from one buffer of bytes (``ParquetColumnValues/byteArrays(_:)``): the
/// same file as the strings written PLAIN, statistics by byte order, long values, and batches mixed with
/// strings and appended in slices.
@Suite("Byte-array columns written from bytes", .temporaryFiles)
struct ByteArrayWritingTests {
    /// Mostly distinct keys, some empty, some Korean, one (the greatest) longer than the statistics keep;
    /// every 11th row null when `nulls`.
    static func values(count: Int, nulls: Bool, long: Bool = false) -> [String?] {
        (0..<count).map { row in
            if nulls, row % 11 == 5 { return nil }
            if long, row == count / 2 { return String(repeating: "힣", count: 2_000) }
            return row % 7 == 0 ? "" : row % 3 == 0 ? "방문자-\(row % 90)" : "key-\(row * 7_919 % 10_007)"
        }
    }

    static func arrays(_ values: [String?]) -> ParquetByteArrays {
        var arrays = ParquetByteArrays()
        for value in values {
            if let value { arrays.append(value.utf8) } else { arrays.appendNulls(1) }
        }
        return arrays
    }

    static func schema(optional: Bool) -> ParquetSchema {
        ParquetSchema([ParquetColumn(name: "key", type: .string, optional: optional)])
    }

    @Test(arguments: [(false, false), (true, false), (true, true)])
    func sameFileAsTheStringsWrittenPlain(optional: Bool, long: Bool) throws {
        let values = Self.values(count: 5_000, nulls: optional, long: long)
        var options = TestFiles.options(.gzip, dictionary: false)
        options.maxRowsPerPage = 700
        options.maxPageBytes = 9_000
        let fromBytes = try TestFiles.write(Self.schema(optional: optional), [.byteArrays(Self.arrays(values))], options: options)
        let fromStrings = try TestFiles.write(Self.schema(optional: optional), [.string(values)], options: options)
        #expect(try TestFiles.bytes(fromBytes) == TestFiles.bytes(fromStrings))
        let reader = try ParquetFileReader(path: fromBytes)
        #expect(try reader.readColumn("key") == .string(values))
        let chunk = reader.rowGroups[0].columns[0]
        #expect(chunk.encodings == [.plain, .rle])
        #expect(chunk.statistics?.nullCount == Int64(values.filter { $0 == nil }.count))
        if long {
            #expect(chunk.statistics?.min == nil)
        } else {
            #expect(chunk.statistics?.min == .string(""))
            #expect(chunk.statistics?.max == .string("방문자-9"))
        }
    }

    /// Byte arrays are written PLAIN even when a dictionary would pay: the caller chose them for
    /// distinct values.
    @Test func noDictionaryIsTried() throws {
        let values: [String?] = (0..<3_000).map { _ in "the same value" }
        let path = try TestFiles.write(Self.schema(optional: false), [.byteArrays(Self.arrays(values))])
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroups[0].columns[0].encodings == [.plain, .rle])
        #expect(try reader.readColumn("key") == .string(values))
    }

    /// A binary column given byte arrays over several row groups, mixed with binary batches: nothing lost.
    @Test func binaryBatchesMixedWithByteArraysOverRowGroups() throws {
        var options = ParquetWriterOptions()
        options.maxRowsPerRowGroup = 100
        let schema = ParquetSchema([
            ParquetColumn(name: "n", type: .int32, optional: false), ParquetColumn(name: "b", type: .binary, optional: true),
        ])
        let path = TestFiles.temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
        var expected: [[UInt8]?] = []
        for batch in 0..<4 {
            let values: [[UInt8]?] = (0..<(batch == 0 ? 250 : 70)).map { $0 % 9 == 4 ? nil : [UInt8(batch), UInt8($0 % 256), 0xFF] }
            var arrays = ParquetByteArrays()
            for value in values {
                if let value { arrays.append(value) } else { arrays.appendNulls(1) }
            }
            let numbers = (0..<values.count).map { Int32?(Int32(expected.count + $0)) }
            try writer.append([.int32(numbers), batch == 2 ? .binary(values) : .byteArrays(arrays)])
            expected += values
        }
        try writer.close()
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowCount == Int64(expected.count))
        #expect(try reader.readColumn("b") == .binary(expected))
        #expect(try reader.readColumn("n") == .int32((0..<expected.count).map { Int32($0) }))
    }

    @Test func binaryColumns() throws {
        var arrays = ParquetByteArrays()
        arrays.append([0, 255] as [UInt8])
        arrays.appendNulls(2)
        arrays.append([] as [UInt8])
        let schema = ParquetSchema([ParquetColumn(name: "b", type: .binary, optional: true)])
        let path = try TestFiles.write(schema, [.byteArrays(arrays)])
        #expect(try ParquetFileReader(path: path).readColumn("b") == .binary([[0, 255], nil, nil, []]))
    }

    /// Batches buffered into row groups in slices, some given as strings or codes: all become bytes.
    @Test func batchesMixedWithStringsAndAppendedInSlices() throws {
        var options = ParquetWriterOptions()
        options.maxRowsPerRowGroup = 700
        let path = TestFiles.temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: Self.schema(optional: true), options: options)
        var expected: [String?] = []
        for batch in 0..<6 {
            let values = Self.values(count: 450 + batch, nulls: true).map { $0.map { "\(batch)/\($0)" } }
            switch batch {
            case 2: try writer.append([.string(values)])
            case 4: try writer.append([.coded(values.map { $0 == nil ? -1 : 0 }, [values.compactMap { $0 }.first!])])
            default: try writer.append([.byteArrays(Self.arrays(values))])
            }
            expected += batch == 4 ? values.map { $0 == nil ? nil : values.compactMap { $0 }.first! } : values
        }
        try writer.close()
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroups.count == 4)
        #expect(try reader.readColumn("key") == .string(expected))
    }

    @Test func aNullInARequiredColumnIsRefused() throws {
        var arrays = ParquetByteArrays()
        arrays.append("a".utf8)
        arrays.appendNulls(1)
        let writer = try ParquetFileWriter(path: TestFiles.temporaryPath(), schema: Self.schema(optional: false))
        let error = try #require(throws: ParquetError.self) { try writer.append([.byteArrays(arrays)]) }
        #expect(error.code == .invalidArgument)
    }

    @Test func rowsAreSlicedAndAppended() {
        let values = Self.values(count: 100, nulls: true)
        let arrays = Self.arrays(values)
        var joined = arrays[rows: 0..<40]
        joined.append(rows: 40..<100, of: arrays)
        #expect(joined == arrays)
        #expect(arrays[rows: 20..<30].nullCount == values[20..<30].filter { $0 == nil }.count)
        #expect((0..<10).map { arrays[rows: 20..<30].string(at: $0) } == Array(values[20..<30]))
    }
}
