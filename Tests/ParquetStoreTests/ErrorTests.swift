import ParquetStore
import Testing

@Suite("Errors", .temporaryFiles)
struct ErrorTests {
    private func validFile() throws -> (path: String, bytes: [UInt8]) {
        let schema = SampleColumns.schema(optional: true)
        let path = try TestFiles.write(schema, schema.columns.map { SampleColumns.values($0.type, count: 300, nullEvery: 3) })
        return (path, try TestFiles.bytes(path))
    }

    @Test func notAParquetFile() throws {
        let path = try TestFiles.write(Array("hello, this is a log file\n".utf8))
        let error = try #require(throws: ParquetError.self) { try ParquetFileReader(path: path) }
        #expect(error.code == .badMagic)
        #expect(error.file == path && error.offset == 0)
        #expect(error.description.hasPrefix("\(path): at byte 0: "))
        let empty = try TestFiles.write([])
        #expect(try #require(throws: ParquetError.self) { try ParquetFileReader(path: empty) }.code == .badMagic)
    }

    @Test(arguments: [1, 8, 100])
    func truncatedFile(cut: Int) throws {
        let (_, bytes) = try validFile()
        let path = try TestFiles.write(Array(bytes.dropLast(cut)))
        let error = try #require(throws: ParquetError.self) { try ParquetFileReader(path: path) }
        #expect(error.code == .truncated)
        #expect(error.message.contains("cut short"))
    }

    @Test func footerLengthLongerThanTheFile() throws {
        var (_, bytes) = try validFile()
        bytes.replaceSubrange(bytes.count - 8..<bytes.count - 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
        let error = try #require(throws: ParquetError.self) { try ParquetFileReader(path: try TestFiles.write(bytes)) }
        #expect(error.code == .corrupt)
    }

    @Test func garbledFooterIsCorruptNotACrash() throws {
        let (_, original) = try validFile()
        let footerLength = original[original.count - 8..<original.count - 4].reversed().reduce(0) { $0 << 8 | Int($1) }
        let footerStart = original.count - 8 - footerLength
        for seed in 0..<40 {
            var bytes = original
            for index in 0..<8 {
                let position = footerStart + (seed * 7919 + index * 104_729) % footerLength
                bytes[position] ^= UInt8(truncatingIfNeeded: 0x5A &+ seed &* 13 &+ index)
            }
            let path = try TestFiles.write(bytes)
            // Either the footer still decodes (a flipped value byte) or a ParquetError says why.
            do {
                let reader = try ParquetFileReader(path: path)
                for column in reader.schema.columns { _ = try? reader.readColumn(column.name) }
            } catch {
                #expect(error.code != .io)
            }
        }
    }

    @Test func damagedPagesAreReportedWithTheirOffset() throws {
        let (_, original) = try validFile()
        var bytes = original
        for index in 4..<min(400, bytes.count) { bytes[index] = 0xFF }
        let reader = try ParquetFileReader(path: try TestFiles.write(bytes))
        let error = try #require(throws: ParquetError.self) { try reader.readColumn(reader.schema.columns[0].name) }
        #expect(error.offset != nil)
        #expect([ParquetError.Code.corrupt, .truncated].contains(error.code))
    }

    @Test func unknownColumnAndRowGroup() throws {
        let reader = try ParquetFileReader(path: try validFile().path)
        #expect(try #require(throws: ParquetError.self) { try reader.readColumn("nope") }.code == .invalidArgument)
        #expect(try #require(throws: ParquetError.self) { try reader.readColumn("int64", rowGroup: 5) }.code == .invalidArgument)
    }

    @Test func writerRejectsValuesThatDoNotFitTheSchema() throws {
        let schema = ParquetSchema([.init(name: "a", type: .int64, optional: false), .init(name: "b", type: .string, optional: true)])
        let writer = try ParquetFileWriter(path: TestFiles.temporaryPath(), schema: schema)
        let bad: [[ParquetColumnValues]] = [
            [.int64([1])],  // too few columns
            [.int32([1]), .string(["x"])],  // wrong representation
            [.int64([nil]), .string(["x"])],  // null in a required column
            [.int64([1, 2]), .string(["x"])],  // unequal lengths
        ]
        for columns in bad {
            #expect(try #require(throws: ParquetError.self) { try writer.append(columns) }.code == .invalidArgument)
        }
        try writer.append([.int64([1]), .string([nil])])
        #expect(try writer.close().rowCount == 1)
        #expect(try #require(throws: ParquetError.self) { try writer.append([.int64([1]), .string([nil])]) }.code == .invalidArgument)
    }

    @Test func writerRejectsBadSchemasAndOptions() throws {
        let duplicate = ParquetSchema([.init(name: "a", type: .int64, optional: false), .init(name: "a", type: .string, optional: true)])
        #expect(throws: ParquetError.self) { try ParquetFileWriter(path: TestFiles.temporaryPath(), schema: duplicate) }
        #expect(throws: ParquetError.self) { try ParquetFileWriter(path: TestFiles.temporaryPath(), schema: ParquetSchema([])) }
        var options = ParquetWriterOptions()
        options.compression = .snappy
        let error = try #require(throws: ParquetError.self) {
            try ParquetFileWriter(path: TestFiles.temporaryPath(), schema: SampleColumns.schema(optional: false), options: options)
        }
        #expect(error.code == .invalidArgument)
        let unwritable = try #require(throws: ParquetError.self) {
            try ParquetFileWriter(path: "/nonexistent-dir/x.parquet", schema: SampleColumns.schema(optional: false))
        }
        #expect(unwritable.code == .io)
    }
}
