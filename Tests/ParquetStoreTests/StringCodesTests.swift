import ParquetStore
import Testing

/// Text columns read as codes into a shared dictionary (``ParquetStringCodes``).
@Suite("Text columns read as codes", .temporaryFiles)
struct StringCodesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var dictionary: Bool
        var maxDictionaryBytes: Int
        var maxRowsPerRowGroup: Int
        var testDescription: String { "dictionary:\(dictionary) max dictionary bytes \(maxDictionaryBytes), row groups of \(maxRowsPerRowGroup)" }
    }

    /// Dictionary pages, the writer's PLAIN fallback once the dictionary is full, plain only, and
    /// several row groups (each with its own dictionary).
    static let cases = [
        Case(dictionary: true, maxDictionaryBytes: 1 << 20, maxRowsPerRowGroup: 100_000),
        Case(dictionary: true, maxDictionaryBytes: 200, maxRowsPerRowGroup: 100_000),
        Case(dictionary: false, maxDictionaryBytes: 1 << 20, maxRowsPerRowGroup: 100_000),
        Case(dictionary: true, maxDictionaryBytes: 1 << 20, maxRowsPerRowGroup: 333),
    ]

    @Test(arguments: cases)
    func codesGiveBackEveryValueAndNull(_ test: Case) throws {
        let values: [String?] = (0..<2_000).map { $0 % 9 == 0 ? nil : $0 % 5 == 0 ? "행 \($0 % 50)" : "page-\($0 % 300)" }
        var options = TestFiles.options(.gzip, dictionary: test.dictionary)
        options.maxDictionaryBytes = test.maxDictionaryBytes
        options.maxRowsPerRowGroup = test.maxRowsPerRowGroup
        let schema = ParquetSchema([.init(name: "s", type: .string, optional: true)])
        let path = try TestFiles.write(schema, [.string(values)], options: options)
        var codes = ParquetStringCodes()
        try ParquetFileReader(path: path).readColumn("s", codingInto: &codes)
        #expect(codes.count == values.count)
        #expect((0..<codes.count).map { codes[$0] } == values)
        #expect(codes.dictionary.count == Set(values.compactMap { $0 }).count, "one code per distinct value")
        #expect(codes.codes.filter { $0 == ParquetStringCodes.null }.count == values.filter { $0 == nil }.count)
    }

    @Test func twoFilesShareOneDictionary() throws {
        let schema = ParquetSchema([.init(name: "s", type: .string, optional: false)])
        let first = try TestFiles.write(schema, [.string(["a", "b", "a"])], options: TestFiles.options(.gzip))
        let second = try TestFiles.write(schema, [.string(["c", "b", "e\u{301}", "é"])], options: TestFiles.options(.gzip))
        var codes = ParquetStringCodes()
        try ParquetFileReader(path: first).readColumn("s", codingInto: &codes)
        try ParquetFileReader(path: second).readColumn("s", codingInto: &codes)
        #expect(codes.codes == [0, 1, 0, 2, 1, 3, 4])
        // Canonically equivalent spellings stay apart: values are compared by their UTF-8 bytes.
        #expect(codes.dictionary.map { Array($0.utf8) } == ["a", "b", "c", "e\u{301}", "é"].map { Array($0.utf8) })
        #expect(codes.existingCode(for: "b") == 1 && codes.existingCode(for: "z") == nil)
    }

    @Test func aColumnThatIsNotTextIsRefused() throws {
        let schema = ParquetSchema([.init(name: "n", type: .int32, optional: false)])
        let path = try TestFiles.write(schema, [.int32([1, 2])], options: TestFiles.options(.gzip))
        var codes = ParquetStringCodes()
        let error = try #require(throws: ParquetError.self) { try ParquetFileReader(path: path).readColumn("n", codingInto: &codes) }
        #expect(error.code == .invalidArgument)
    }
}
