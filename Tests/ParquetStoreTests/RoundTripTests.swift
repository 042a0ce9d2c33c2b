import ParquetStore
import Testing

@Suite("Round trips", .temporaryFiles)
struct RoundTripTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var type: ParquetColumnType
        var optional: Bool
        var codec: ParquetCodec
        var dictionary: Bool
        var testDescription: String { "\(type) \(optional ? "optional" : "required") \(codec) dictionary:\(dictionary)" }
    }

    static let cases: [Case] = ParquetColumnType.allCases.flatMap { type in
        [false, true].flatMap { optional in
            [ParquetCodec.uncompressed, .gzip].flatMap { codec in
                [false, true].map { Case(type: type, optional: optional, codec: codec, dictionary: $0) }
            }
        }
    }

    @Test(arguments: cases)
    func everyTypeCodecAndEncodingReadsBackEqual(_ test: Case) throws {
        let schema = ParquetSchema([.init(name: "c", type: test.type, optional: test.optional)])
        let values = SampleColumns.values(test.type, count: 2_500, nullEvery: test.optional ? 5 : nil)
        let path = try TestFiles.write(schema, [values], options: TestFiles.options(test.codec, dictionary: test.dictionary))
        let reader = try ParquetFileReader(path: path)
        #expect(reader.schema == schema)
        #expect(reader.rowCount == 2_500)
        #expect(try reader.readColumn("c") == values)
        let chunk = try #require(reader.rowGroups.first?.column("c"))
        #expect(chunk.codec == test.codec)
        let dictionaryTypes: Set<ParquetColumnType> = [.int32, .int64, .date, .timestamp, .string, .binary]
        // Few distinct values: the dictionary pays for every type that can have one.
        #expect(chunk.isDictionaryEncoded == (test.dictionary && dictionaryTypes.contains(test.type)))
    }

    @Test func allTypesInOneFileWithSeveralBatches() throws {
        let schema = SampleColumns.schema(optional: true)
        let path = TestFiles.temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: schema)
        var expected = schema.columns.map { ParquetColumnValues.empty(for: $0.type) }
        for batch in 0..<4 {
            let columns = schema.columns.map { SampleColumns.values($0.type, count: 100 + batch, nullEvery: 3 + batch) }
            try writer.append(columns)
            for index in expected.indices {
                expected[index] = concatenate(expected[index], columns[index])
            }
        }
        let summary = try writer.close()
        #expect(summary.rowCount == 406)
        #expect(summary.rowGroupCount == 1)
        let reader = try ParquetFileReader(path: path)
        #expect(try reader.readRowGroup(0) == expected)
        for (column, values) in zip(schema.columns, expected) {
            #expect(try reader.readColumn(column.name) == values)
        }
    }

    @Test func nullsAndAllNullColumns() throws {
        let schema = ParquetSchema([
            .init(name: "none", type: .string, optional: true),
            .init(name: "some", type: .int64, optional: true),
            .init(name: "flags", type: .boolean, optional: true),
        ])
        let columns: [ParquetColumnValues] = [
            .string(Array(repeating: nil, count: 1_000)),
            .int64((0..<1_000).map { $0 % 10 == 3 ? Int64($0) : nil }),
            .boolean(Array(repeating: nil, count: 1_000)),
        ]
        let path = try TestFiles.write(schema, columns)
        let reader = try ParquetFileReader(path: path)
        #expect(try reader.readRowGroup(0) == columns)
        let none = try #require(reader.rowGroups[0].column("none")?.statistics)
        #expect(none.nullCount == 1_000)
        #expect(none.min == nil && none.max == nil)
        let some = try #require(reader.rowGroups[0].column("some")?.statistics)
        #expect(some.nullCount == 900)
        #expect(some.min == .int64(3) && some.max == .int64(993))
    }

    @Test(arguments: [true, false])
    func canonicallyEquivalentStringsKeepTheirBytes(dictionary: Bool) throws {
        // Swift's == holds these equal; Parquet stores bytes, so both spellings must survive.
        let strings = ["é", "e\u{301}", "한", "\u{1112}\u{1161}\u{11AB}", "é"]
        let schema = ParquetSchema([.init(name: "s", type: .string, optional: false)])
        let path = try TestFiles.write(schema, [.string(strings)], options: TestFiles.options(.gzip, dictionary: dictionary))
        guard case .string(let read) = try ParquetFileReader(path: path).readColumn("s") else {
            Issue.record("not strings")
            return
        }
        #expect(read.map { Array($0!.utf8) } == strings.map { Array($0.utf8) })
    }

    @Test(arguments: [1, 2, 7, 1_000])
    func multiplePagesPerChunk(maxRowsPerPage: Int) throws {
        var options = ParquetWriterOptions()
        options.maxRowsPerPage = maxRowsPerPage
        options.maxPageBytes = 300
        let schema = SampleColumns.schema(optional: true)
        let columns = schema.columns.map { SampleColumns.values($0.type, count: 1_234, nullEvery: 4, distinct: 500) }
        let path = try TestFiles.write(schema, columns, options: options)
        #expect(try ParquetFileReader(path: path).readRowGroup(0) == columns)
    }

    private func concatenate(_ lhs: ParquetColumnValues, _ rhs: ParquetColumnValues) -> ParquetColumnValues {
        switch (lhs, rhs) {
        case (.boolean(let a), .boolean(let b)): .boolean(a + b)
        case (.int32(let a), .int32(let b)): .int32(a + b)
        case (.int64(let a), .int64(let b)): .int64(a + b)
        case (.double(let a), .double(let b)): .double(a + b)
        case (.binary(let a), .binary(let b)): .binary(a + b)
        case (.string(let a), .string(let b)): .string(a + b)
        default: fatalError("mismatched cases")
        }
    }
}
