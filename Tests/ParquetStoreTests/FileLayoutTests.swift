import Foundation
import ParquetStore
import Testing

@Suite("File layout", .temporaryFiles)
struct FileLayoutTests {
    @Test func magicAtBothEndsAndFooterLengthBeforeIt() throws {
        let schema = SampleColumns.schema(optional: false)
        let path = try TestFiles.write(schema, schema.columns.map { SampleColumns.values($0.type, count: 10) })
        let bytes = try TestFiles.bytes(path)
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8))
        #expect(Array(bytes.suffix(4)) == Array("PAR1".utf8))
        let footerLength = bytes[bytes.count - 8..<bytes.count - 4].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(footerLength > 0 && footerLength < bytes.count - 12)
    }

    @Test func zeroRowFileHasSchemaAndNoRowGroups() throws {
        let schema = SampleColumns.schema(optional: true)
        let path = TestFiles.temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: schema)
        try writer.append(schema.columns.map { ParquetColumnValues.empty(for: $0.type) })
        try writer.flush()  // nothing buffered: no empty row group is written
        let summary = try writer.close()
        #expect(summary.rowCount == 0 && summary.rowGroupCount == 0)
        let reader = try ParquetFileReader(path: path)
        #expect(reader.schema == schema)
        #expect(reader.rowCount == 0)
        #expect(reader.rowGroups.isEmpty)
        #expect(try reader.readColumn("string") == .string([]))
    }

    @Test func manyRowGroupsBoundedByRows() throws {
        var options = ParquetWriterOptions()
        options.maxRowsPerRowGroup = 100
        let schema = ParquetSchema([.init(name: "n", type: .int64, optional: false), .init(name: "s", type: .string, optional: true)])
        let path = TestFiles.temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
        for batch in 0..<7 {  // batches of 150 rows straddle row-group boundaries
            let rows = (batch * 150)..<(batch * 150 + 150)
            try writer.append([.int64(rows.map { Int64($0) }), .string(rows.map { $0 % 4 == 0 ? nil : "row \($0 % 13)" })])
        }
        #expect(try writer.close().rowGroupCount == 11)
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroups.map(\.rowCount) == Array(repeating: 100, count: 10) + [50])
        #expect(try reader.readColumn("n") == .int64((0..<1_050).map { Int64($0) }))
        for (index, group) in reader.rowGroups.enumerated() {
            let statistics = try #require(group.column("n")?.statistics)
            #expect(statistics.min == .int64(Int64(index * 100)))
            #expect(statistics.max == .int64(Int64(index * 100) + group.rowCount - 1))
            #expect(statistics.nullCount == 0)
            #expect(try reader.readColumn("s", rowGroup: index).nullCount == 25 || index == 10)
        }
    }

    /// A batch that fits a row group is taken whole into the empty buffer; what follows it is added
    /// to it, and a flush ends the row group wherever the caller asks.
    @Test(arguments: [[100], [60, 40], [60, 60], [100, 30, 100], [30, 100, 70]])
    func wholeBatchesAndFlushesMakeTheRowGroups(batches: [Int]) throws {
        var options = ParquetWriterOptions()
        options.maxRowsPerRowGroup = 100
        let schema = ParquetSchema([.init(name: "n", type: .int64, optional: false), .init(name: "s", type: .string, optional: true)])
        let path = TestFiles.temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
        var expected: [Int64] = []
        var groups: [Int64] = []
        var buffered: Int64 = 0
        for (index, size) in batches.enumerated() {
            let rows = expected.count..<(expected.count + size)
            try writer.append([.int64(rows.map { Int64($0) }), .string(rows.map { $0 % 3 == 0 ? nil : "row \($0 % 7)" })])
            expected += rows.map { Int64($0) }
            buffered += Int64(size)
            while buffered >= 100 {
                groups.append(100)
                buffered -= 100
            }
            if index % 2 == 1, buffered > 0 {  // flush after every second batch
                try writer.flush()
                groups.append(buffered)
                buffered = 0
            }
        }
        if buffered > 0 { groups.append(buffered) }
        _ = try writer.close()
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroups.map(\.rowCount) == groups)
        #expect(try reader.readColumn("n") == .int64(expected))
        #expect(try reader.readColumn("s") == .string(expected.map { $0 % 3 == 0 ? nil : "row \($0 % 7)" }))
    }

    @Test func rowGroupsBoundedByBytes() throws {
        var options = ParquetWriterOptions()
        options.maxRowGroupBytes = 10_000
        let schema = ParquetSchema([.init(name: "v", type: .int64, optional: false)])
        let values = ParquetColumnValues.int64((0..<100_000).map { Int64($0) })
        let path = try TestFiles.write(schema, [values], options: options)
        let reader = try ParquetFileReader(path: path)
        // The bound is checked every appendSliceRows rows of a batch, so groups are about that size.
        #expect(reader.rowGroups.count >= 2)
        #expect(reader.rowGroups.allSatisfy { $0.rowCount <= 64 * 1024 })
        #expect(try reader.readColumn("v") == values)
    }

    @Test func bigStringsAndKoreanText() throws {
        let big = String(repeating: "가나다라마바사 footfall ", count: 100_000 / 26 + 1)
        let strings: [String?] = (0..<40).map { row in
            switch row % 4 {
            case 0: big + "\(row)"
            case 1: "방문자 \(row)명 — 서울특별시"
            case 2: nil
            default: String(repeating: "x", count: 100_000 + row)
            }
        }
        let schema = ParquetSchema([.init(name: "text", type: .string, optional: true)])
        for codec in [ParquetCodec.uncompressed, .gzip] {
            let path = try TestFiles.write(schema, [.string(strings)], options: TestFiles.options(codec))
            let reader = try ParquetFileReader(path: path)
            #expect(try reader.readColumn("text") == .string(strings))
            let chunk = try #require(reader.rowGroups[0].column("text"))
            #expect(!chunk.isDictionaryEncoded)  // 2 MB of distinct values: past the dictionary limit
            // Min/max longer than 4 KiB are left out rather than bloat the footer.
            #expect(chunk.statistics?.max == nil)
            #expect(chunk.statistics?.nullCount == 10)
        }
    }

    @Test func dictionaryFallsBackToPlainPastItsLimit() throws {
        let values = ParquetColumnValues.string((0..<2_000).map { "value-\($0 % 500)" })
        let schema = ParquetSchema([.init(name: "s", type: .string, optional: false)])
        var small = ParquetWriterOptions()
        small.maxDictionaryBytes = 1_000
        let plainPath = try TestFiles.write(schema, [values], options: small)
        let dictionaryPath = try TestFiles.write(schema, [values])
        let plain = try ParquetFileReader(path: plainPath)
        let dictionary = try ParquetFileReader(path: dictionaryPath)
        #expect(plain.rowGroups[0].columns[0].encodings == [.plain, .rle])
        #expect(dictionary.rowGroups[0].columns[0].encodings == [.plain, .rle, .rleDictionary])
        #expect(try plain.readColumn("s") == values)
        #expect(try dictionary.readColumn("s") == values)
    }

    @Test func uniqueValuesAreNotDictionaryEncoded() throws {
        let values = ParquetColumnValues.int64((0..<5_000).map { Int64($0) })
        let path = try TestFiles.write(ParquetSchema([.init(name: "id", type: .int64, optional: false)]), [values])
        let reader = try ParquetFileReader(path: path)
        #expect(!reader.rowGroups[0].columns[0].isDictionaryEncoded)
        #expect(try reader.readColumn("id") == values)
    }

    @Test func writesThroughAFileDescriptor() throws {
        let path = TestFiles.temporaryPath()
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        let schema = ParquetSchema([.init(name: "d", type: .date, optional: false)])
        let writer = try ParquetFileWriter(fileDescriptor: fd, name: path, schema: schema)
        try writer.append([.int32([20_400, 20_401])])
        try writer.close()
        #expect(try ParquetFileReader(path: path).readColumn("d") == .int32([20_400, 20_401]))
    }

    @Test func keyValueMetadataAndCreatedBy() throws {
        var options = ParquetWriterOptions()
        options.keyValueMetadata = ["footfall.schema_version": "1", "a": "b"]
        let path = try TestFiles.write(ParquetSchema([.init(name: "b", type: .boolean, optional: false)]), [.boolean([true])], options: options)
        let reader = try ParquetFileReader(path: path)
        #expect(reader.keyValueMetadata == ["footfall.schema_version": "1", "a": "b"])
        #expect(reader.createdBy == ParquetWriterOptions.defaultCreatedBy)
    }
}
