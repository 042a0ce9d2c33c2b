import ParquetStore
import Testing

/// String columns given as codes into a list of strings (``ParquetCodedStrings``): the same file as the
/// strings themselves, nulls, unused and Korean strings, the PLAIN fallback, batches appended in slices,
/// and codes that do not fit.
@Suite("Coded string columns", .temporaryFiles)
struct CodedStringsTests {
    /// Pages, some unused, one Korean, one long enough to live on the heap.
    static let strings = [
        "/main", "unused-a", "상품/보험/어린이보험", "/product/insurance/detail.do", "unused-b", "/event/winter",
        String(repeating: "long page name ", count: 8),
    ]

    /// Codes for `count` rows; every fifth row null when `nulls`.
    static func codes(count: Int, nulls: Bool) -> [Int32] {
        let used: [Int32] = [3, 0, 2, 5, 6, 0, 3]
        return (0..<count).map { row in nulls && row % 5 == 4 ? -1 : used[(row * 7 + row / 3) % used.count] }
    }

    static func schema(optional: Bool) -> ParquetSchema {
        ParquetSchema([ParquetColumn(name: "page", type: .string, optional: optional)])
    }

    @Test(arguments: [(false, true), (true, true), (true, false)])
    func sameFileAsTheStrings(optional: Bool, dictionary: Bool) throws {
        let coded = ParquetCodedStrings(codes: Self.codes(count: 3_000, nulls: optional), strings: Self.strings)
        let options = TestFiles.options(.gzip, dictionary: dictionary)
        let fromCodes = try TestFiles.write(Self.schema(optional: optional), [.codedString(coded)], options: options)
        let fromStrings = try TestFiles.write(Self.schema(optional: optional), [.string(coded.values)], options: options)
        #expect(try TestFiles.bytes(fromCodes) == TestFiles.bytes(fromStrings))
        let reader = try ParquetFileReader(path: fromCodes)
        #expect(try reader.readColumn("page") == .string(coded.values))
        let chunk = reader.rowGroups[0].columns[0]
        #expect(chunk.encodings == (dictionary ? [.plain, .rle, .rleDictionary] : [.plain, .rle]))
        // Statistics cover the strings used, not the unused ones ("unused-b" would be the maximum).
        #expect(chunk.statistics?.min == .string("/event/winter"))
        #expect(chunk.statistics?.max == .string("상품/보험/어린이보험"))
        #expect(chunk.statistics?.nullCount == Int64(coded.codes.filter { $0 < 0 }.count))
    }

    /// A list of strings far longer than the chunk (a run-wide vocabulary) gives the same file too.
    @Test func aLongListOfStringsGivesTheSameFile() throws {
        let strings = (0..<300_000).map { "page-\($0)" }
        let codes: [Int32] = (0..<1_000).map { $0 % 7 == 3 ? -1 : Int32($0 * 7_919 % 300_000) }
        let coded = ParquetCodedStrings(codes: codes + codes, strings: strings)
        let fromCodes = try TestFiles.write(Self.schema(optional: true), [.codedString(coded)])
        let fromStrings = try TestFiles.write(Self.schema(optional: true), [.string(coded.values)])
        #expect(try TestFiles.bytes(fromCodes) == TestFiles.bytes(fromStrings))
        #expect(try ParquetFileReader(path: fromCodes).readColumn("page") == .string(coded.values))
    }

    /// Codes with their strings' UTF-8 lengths split row groups by bytes exactly as the strings do.
    @Test func utf8CountsGiveTheSameRowGroups() throws {
        let strings = Self.strings
        let coded = ParquetCodedStrings(
            codes: Self.codes(count: 4_000, nulls: true), strings: strings, utf8Counts: strings.map { Int32($0.utf8.count) })
        var options = ParquetWriterOptions()
        options.maxRowGroupBytes = 9_000  // where an estimate that left out the nulls' 4 bytes would split elsewhere
        let schema = Self.schema(optional: true)
        let fromCodes = TestFiles.temporaryPath(), fromStrings = TestFiles.temporaryPath()
        for (path, values) in [(fromCodes, ParquetColumnValues.codedString(coded)), (fromStrings, .string(coded.values))] {
            let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
            for start in stride(from: 0, to: 4_000, by: 300) { try writer.append([values[rows: start..<min(start + 300, 4_000)]]) }
            try writer.close()
        }
        #expect(try ParquetFileReader(path: fromCodes).rowGroups.count > 3)
        #expect(try TestFiles.bytes(fromCodes) == TestFiles.bytes(fromStrings))
    }

    @Test func aDictionaryOverTheLimitFallsBackToPlain() throws {
        let strings = (0..<2_000).map { "visit-\($0)@1794896820" }
        let coded = ParquetCodedStrings(codes: (0..<6_000).map { Int32($0 / 3) }, strings: strings)
        var options = ParquetWriterOptions()
        options.maxDictionaryBytes = 10_000
        let path = try TestFiles.write(Self.schema(optional: false), [.codedString(coded)], options: options)
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroups[0].columns[0].encodings == [.plain, .rle])
        #expect(try reader.readColumn("page") == .string(coded.values))
    }

    @Test func batchesAppendedInSlicesAndMixedWithStrings() throws {
        var options = ParquetWriterOptions()
        options.maxRowsPerRowGroup = 700
        let path = TestFiles.temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: Self.schema(optional: true), options: options)
        var expected: [String?] = []
        for batch in 0..<6 {
            let coded = ParquetCodedStrings(codes: Self.codes(count: 450 + batch, nulls: true), strings: Self.strings)
            let values: ParquetColumnValues = batch == 3 ? .string(coded.values) : .codedString(coded)
            try writer.append([values])
            expected += coded.values
        }
        // A batch coded into other strings: its codes cannot mix with the buffered ones.
        let other = ParquetCodedStrings(codes: [1, 0, -1, 1], strings: ["x", "y"])
        try writer.append([.codedString(other)])
        expected += other.values
        try writer.close()
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroups.count == (expected.count + 699) / 700)
        #expect(try reader.readColumn("page") == .string(expected))
    }

    @Test func codesThatDoNotFitAreRefused() throws {
        let writer = try ParquetFileWriter(path: TestFiles.temporaryPath(), schema: Self.schema(optional: false))
        for codes: [Int32] in [[0, 7], [0, -2], [0, -1]] {
            let error = try #require(throws: ParquetError.self) {
                try writer.append([.codedString(ParquetCodedStrings(codes: codes, strings: ["a", "b"]))])
            }
            #expect(error.code == .invalidArgument)
        }
        try writer.append([.codedString(ParquetCodedStrings(codes: [1, 0], strings: ["a", "b"]))])
        try writer.close()
    }
}
