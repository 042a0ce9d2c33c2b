import ParquetStore
import Testing

/// Columns read for chosen rows only (``ParquetRowSelection``): the pages holding a chosen row are
/// decoded, the rest of the rows keep their place as nulls or the fill value.
@Suite("Reading chosen rows", .temporaryFiles)
struct RowSelectionTests {
    @Test func rangesAreSortedAndMerged() {
        let rows = ParquetRowSelection([50..<60, 0..<5, 3..<8, 70..<70, 60..<61])
        #expect(rows.ranges == [0..<8, 50..<61])
        #expect(rows.intersects(7..<9) && rows.intersects(45..<51) && rows.intersects(60..<100))
        #expect(!rows.intersects(8..<50) && !rows.intersects(61..<1_000) && !rows.intersects(3..<3))
        #expect(ParquetRowSelection([]).isEmpty && !ParquetRowSelection([]).intersects(0..<10))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var rowsPerPage: Int
        var rowsPerGroup: Int
        var chosen: [Range<Int>]
        var testDescription: String { "pages of \(rowsPerPage), row groups of \(rowsPerGroup), rows \(chosen)" }
    }

    static let cases = [
        Case(rowsPerPage: 100, rowsPerGroup: 1_000, chosen: [250..<260]),
        Case(rowsPerPage: 100, rowsPerGroup: 1_000, chosen: [99..<101, 1_999..<2_001, 2_999..<3_000]),
        Case(rowsPerPage: 7, rowsPerGroup: 333, chosen: [0..<1, 1_500..<1_700]),
        Case(rowsPerPage: 20_000, rowsPerGroup: 100_000, chosen: [10..<11]),
        Case(rowsPerPage: 100, rowsPerGroup: 1_000, chosen: []),
    ]

    @Test(arguments: cases)
    func chosenRowsMatchAFullReadAndTheOthersAreFilled(_ test: Case) throws {
        let count = 3_000
        let text: [String?] = (0..<count).map { $0 % 7 == 0 ? nil : "page-\($0 % 40)" }
        let numbers: [Int64?] = (0..<count).map { $0 % 5 == 0 ? nil : Int64($0) * 3 }
        let flags: [Bool?] = (0..<count).map { $0 % 3 == 0 }
        var options = TestFiles.options(.gzip)
        options.maxRowsPerPage = test.rowsPerPage
        options.maxRowsPerRowGroup = test.rowsPerGroup
        let schema = ParquetSchema([
            .init(name: "text", type: .string, optional: true), .init(name: "number", type: .int64, optional: true),
            .init(name: "flag", type: .boolean, optional: false),
        ])
        let path = try TestFiles.write(schema, [.string(text), .int64(numbers), .boolean(flags)], options: options)
        let reader = try ParquetFileReader(path: path)
        let rows = ParquetRowSelection(test.chosen)
        var codes = ParquetStringCodes(), values: [Int64] = [], booleans: [Bool] = []
        try reader.readColumn("text", codingInto: &codes, rows: rows)
        try reader.readColumn("number", appendingTo: &values, nullsAs: -1, rows: rows)
        try reader.readColumn("flag", appendingTo: &booleans, rows: rows)
        #expect(codes.count == count && values.count == count && booleans.count == count, "every row keeps its place")
        for range in test.chosen {
            for row in range {
                #expect(codes[row] == text[row])
                #expect(values[row] == (numbers[row] ?? -1))
                #expect(booleans[row] == flags[row]!)
            }
        }
        // Rows far from any chosen one (another page) are not decoded.
        let far = (0..<count).filter { row in !rows.intersects(max(0, row - test.rowsPerPage)..<row + test.rowsPerPage + 1) }
        for row in far {
            #expect(codes.codes[row] == ParquetStringCodes.null && values[row] == -1 && !booleans[row])
        }
        if test.chosen.isEmpty { #expect(codes.dictionary.isEmpty, "no row group was read") }
    }
}
