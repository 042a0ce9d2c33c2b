import ParquetStore
import Testing

/// Text and binary columns read as one buffer of bytes (``ParquetByteArrays``), as `footfall inspect` reads
/// columns of mostly distinct values.
@Suite("Byte-array columns read as bytes", .temporaryFiles)
struct ByteArraysTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var dictionary: Bool
        var optional: Bool
        var rowsPerGroup: Int
        var testDescription: String { "dictionary:\(dictionary) optional:\(optional) row groups of \(rowsPerGroup)" }
    }

    static let cases = [
        Case(dictionary: false, optional: true, rowsPerGroup: 100_000),
        Case(dictionary: true, optional: true, rowsPerGroup: 100_000),
        Case(dictionary: false, optional: false, rowsPerGroup: 333),
        Case(dictionary: true, optional: false, rowsPerGroup: 333),
    ]

    @Test(arguments: cases)
    func everyValueComesBackAsItsBytes(_ test: Case) throws {
        let values: [String?] = (0..<2_500).map { row in
            if test.optional, row % 11 == 0 { return nil }
            return row % 7 == 0 ? "" : row % 3 == 0 ? "방문자-\(row % 90)" : "key-\(row)-\(String(repeating: "x", count: row % 40))"
        }
        var options = TestFiles.options(.gzip, dictionary: test.dictionary)
        options.maxRowsPerRowGroup = test.rowsPerGroup
        options.maxRowsPerPage = 400
        let schema = ParquetSchema([.init(name: "s", type: .string, optional: test.optional)])
        let path = try TestFiles.write(schema, [.string(values)], options: options)
        var read = ParquetByteArrays()
        try ParquetFileReader(path: path).readColumn("s", bytesInto: &read)
        #expect(read.count == values.count)
        #expect(read.nullCount == values.filter { $0 == nil }.count)
        #expect((0..<read.count).map { read.string(at: $0) } == values)
        #expect((0..<read.count).allSatisfy { read[$0].map(Array.init) == values[$0].map { Array($0.utf8) } })
    }

    @Test func binaryColumnsAndAppendingToEarlierRows() throws {
        let schema = ParquetSchema([.init(name: "b", type: .binary, optional: true)])
        let first = try TestFiles.write(schema, [.binary([[0, 255], nil, []])], options: TestFiles.options(.uncompressed))
        let second = try TestFiles.write(schema, [.binary([[1, 2, 3]])], options: TestFiles.options(.gzip))
        var read = ParquetByteArrays()
        try ParquetFileReader(path: first).readColumn("b", bytesInto: &read)
        try ParquetFileReader(path: second).readColumn("b", bytesInto: &read)
        #expect((0..<read.count).map { read[$0].map(Array.init) } == [[0, 255], nil, [], [1, 2, 3]])
    }

    @Test func aNumberColumnIsRefused() throws {
        let schema = ParquetSchema([.init(name: "n", type: .int32, optional: false)])
        let path = try TestFiles.write(schema, [.int32([1])], options: TestFiles.options(.gzip))
        var read = ParquetByteArrays()
        let error = try #require(throws: ParquetError.self) { try ParquetFileReader(path: path).readColumn("n", bytesInto: &read) }
        #expect(error.code == .invalidArgument)
    }
}
