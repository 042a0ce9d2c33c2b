import ParquetStore
import Testing

/// String columns given as codes into byte arrays stored once each (``ParquetCodedByteArrays``): the same
/// file as the strings themselves, the dictionary limit per column, the PLAIN fallbacks, batches appended
/// in slices and mixed with other kinds, and codes that do not fit.
@Suite("Coded byte array columns", .temporaryFiles)
struct CodedByteArraysTests {
    /// Visit ids, some unused, one Korean, one long.
    static let ids = [
        "2d6f7441a25f9313@1794896820", "unused@1", "m:홍길동@1794896999", "fp:0123456789abcdef@1794897000",
        String(repeating: "long-key-", count: 12) + "@7", "",
    ]

    static func values(_ strings: [String]) -> ParquetByteArrays {
        var values = ParquetByteArrays()
        for string in strings { values.append(string.utf8) }
        return values
    }

    /// Codes in runs, as a visit's page views come: every seventh row null when `nulls`.
    static func codes(count: Int, nulls: Bool) -> [Int32] {
        let used: [Int32] = [0, 2, 3, 4, 5, 0, 3]
        return (0..<count).map { row in nulls && row % 7 == 6 ? -1 : used[row / 3 % used.count] }
    }

    static func strings(_ codes: [Int32], _ strings: [String]) -> [String?] {
        codes.map { $0 < 0 ? nil : strings[Int($0)] }
    }

    static func schema(optional: Bool) -> ParquetSchema {
        ParquetSchema([ParquetColumn(name: "visit_id", type: .string, optional: optional)])
    }

    @Test(arguments: [(false, true), (true, true), (true, false)])
    func sameFileAsTheStrings(optional: Bool, dictionary: Bool) throws {
        let codes = Self.codes(count: 3_000, nulls: optional)
        let options = TestFiles.options(.gzip, dictionary: dictionary)
        let fromCodes = try TestFiles.write(Self.schema(optional: optional), [.coded(codes, Self.values(Self.ids))], options: options)
        let expected = Self.strings(codes, Self.ids)
        let fromStrings = try TestFiles.write(Self.schema(optional: optional), [.string(expected)], options: options)
        #expect(try TestFiles.bytes(fromCodes) == TestFiles.bytes(fromStrings))
        let reader = try ParquetFileReader(path: fromCodes)
        #expect(try reader.readColumn("visit_id") == .string(expected))
        let chunk = reader.rowGroups[0].columns[0]
        #expect(chunk.encodings == (dictionary ? [.plain, .rle, .rleDictionary] : [.plain, .rle]))
        // Statistics cover the values used ("" is the least, the unused "unused@1" would be the greatest).
        #expect(chunk.statistics?.min == .string(""))
        #expect(chunk.statistics?.max == .string("m:홍길동@1794896999"))
        #expect(chunk.statistics?.nullCount == Int64(codes.filter { $0 < 0 }.count))
    }

    /// A dictionary past ``ParquetWriterOptions/maxDictionaryBytes`` is kept for a column allowed more,
    /// and falls back to PLAIN for the others; the strings follow the same limits.
    @Test(arguments: [nil, 100_000])
    func theDictionaryLimitIsPerColumn(columnLimit: Int?) throws {
        let ids = (0..<2_000).map { "visitor-\($0)@1794896820" }
        let codes = (0..<6_000).map { Int32($0 / 3) }
        var options = ParquetWriterOptions()
        options.maxDictionaryBytes = 10_000
        if let columnLimit { options.maxDictionaryBytesByColumn = ["visit_id": columnLimit] }
        let fromCodes = try TestFiles.write(Self.schema(optional: false), [.coded(codes, Self.values(ids))], options: options)
        let fromStrings = try TestFiles.write(Self.schema(optional: false), [.string(Self.strings(codes, ids))], options: options)
        #expect(try TestFiles.bytes(fromCodes) == TestFiles.bytes(fromStrings))
        let reader = try ParquetFileReader(path: fromCodes)
        #expect(reader.rowGroups[0].columns[0].encodings == (columnLimit == nil ? [.plain, .rle] : [.plain, .rle, .rleDictionary]))
        #expect(try reader.readColumn("visit_id") == .string(Self.strings(codes, ids)))
    }

    /// Batches appended in slices split row groups by bytes exactly as the strings do (nulls count 4 bytes
    /// in both estimates).
    @Test func sameRowGroupsAsTheStrings() throws {
        let codes = Self.codes(count: 4_000, nulls: true)
        let coded = ParquetColumnValues.coded(codes, Self.values(Self.ids))
        let strings = ParquetColumnValues.string(Self.strings(codes, Self.ids))
        var options = ParquetWriterOptions()
        options.maxRowGroupBytes = 9_000
        let fromCodes = TestFiles.temporaryPath(), fromStrings = TestFiles.temporaryPath()
        for (path, values) in [(fromCodes, coded), (fromStrings, strings)] {
            let writer = try ParquetFileWriter(path: path, schema: Self.schema(optional: true), options: options)
            for start in stride(from: 0, to: 4_000, by: 300) { try writer.append([values[rows: start..<min(start + 300, 4_000)]]) }
            try writer.close()
        }
        #expect(try ParquetFileReader(path: fromCodes).rowGroups.count > 3)
        #expect(try TestFiles.bytes(fromCodes) == TestFiles.bytes(fromStrings))
    }

    /// Values used once each: the dictionary would not be smaller, so the chunk is PLAIN.
    @Test func aDictionaryThatDoesNotPayIsNotWritten() throws {
        let ids = (0..<500).map { "v\($0)" }
        let codes = (0..<500).map { Int32(499 - $0) }
        let path = try TestFiles.write(Self.schema(optional: false), [.coded(codes, Self.values(ids))])
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroups[0].columns[0].encodings == [.plain, .rle])
        #expect(try reader.readColumn("visit_id") == .string(Self.strings(codes, ids)))
    }

    /// Slices of one coded batch stay coded (one dictionary per row group); byte arrays, strings and
    /// codes into other values mixed in make the buffered rows byte arrays.
    @Test func batchesAppendedInSlicesAndMixedWithOtherKinds() throws {
        var options = ParquetWriterOptions()
        options.maxRowsPerRowGroup = 700
        let path = TestFiles.temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: Self.schema(optional: true), options: options)
        let values = Self.values(Self.ids)
        let codes = Self.codes(count: 1_400, nulls: true)
        var expected: [String?] = []
        for start in stride(from: 0, to: 1_400, by: 350) {
            try writer.append([ParquetColumnValues.coded(codes, values)[rows: start..<start + 350]])
        }
        expected += Self.strings(codes, Self.ids)
        var plain = ParquetByteArrays()
        plain.append("plain-a".utf8)
        plain.appendNulls(1)
        let other = ["x", "y"]
        for batch: ParquetColumnValues in [.coded([1, 0], values), .byteArrays(plain), .coded([1, -1, 0], Self.values(other)), .string(["s", nil])] {
            try writer.append([batch])
        }
        expected += [Self.ids[1], Self.ids[0], "plain-a", nil, "y", nil, "x", "s", nil]
        try writer.close()
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroups.count == 3)
        #expect(reader.rowGroups[0].columns[0].encodings == [.plain, .rle, .rleDictionary])
        #expect(reader.rowGroups[1].columns[0].encodings == [.plain, .rle, .rleDictionary])
        #expect(try reader.readColumn("visit_id") == .string(expected))
        var bytes = ParquetByteArrays()
        try reader.readColumn("visit_id", bytesInto: &bytes)
        #expect((0..<bytes.count).map { bytes.string(at: $0) } == expected)
    }

    @Test func codesThatDoNotFitAreRefused() throws {
        var values = Self.values(["a", "b"])
        values.appendNulls(1)
        let writer = try ParquetFileWriter(path: TestFiles.temporaryPath(), schema: Self.schema(optional: true))
        for codes: [Int32] in [[0, 7], [0, -2], [0, 2]] {
            let error = try #require(throws: ParquetError.self) { try writer.append([.coded(codes, values)]) }
            #expect(error.code == .invalidArgument)
        }
        try writer.append([.coded([1, -1, 0], values)])
        try writer.close()
    }
}
