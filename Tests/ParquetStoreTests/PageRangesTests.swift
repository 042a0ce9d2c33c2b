@testable import ParquetStore
import Testing

/// Data pages of fixed-size values in a required column are cut by arithmetic; the cuts must be those of
/// the row-by-row loop that the other columns take.
@Suite("Page ranges")
struct PageRangesTests {
    @Test(arguments: [1, 7, 20_000], [1, 10, 4_096, Int.max])
    func fixedSizeValuesArePagedAsRowByRow(maxRowsPerPage: Int, maxPageBytes: Int) {
        var options = ParquetWriterOptions()
        options.maxRowsPerPage = maxRowsPerPage
        options.maxPageBytes = maxPageBytes
        let encoder = ColumnChunkEncoder(column: ParquetColumn(name: "n", type: .int64, optional: false), options: options)
        for count in [0, 1, 999, 50_000] {
            for bitWidth in [1, 9, 17, 32] {
                let byArithmetic = encoder.pageRanges(dense: [Int32](), valueCount: count, levels: nil, indexBitWidth: bitWidth)
                let byRows = encoder.pageRanges(valueCount: count, levels: nil) { _ in (bitWidth + 7) / 8 }
                #expect(byArithmetic.map(\.rows) == byRows.map(\.rows), "\(count) indices of \(bitWidth) bits")
                #expect(byArithmetic.map(\.values) == byRows.map(\.values))
            }
            let numbers = [Int64](repeating: 7, count: count)
            let byArithmetic = encoder.pageRanges(dense: numbers, valueCount: count, levels: nil, indexBitWidth: nil)
            let byRows = encoder.pageRanges(valueCount: count, levels: nil) { _ in 8 }
            #expect(byArithmetic.map(\.rows) == byRows.map(\.rows), "\(count) numbers")
        }
    }
}
