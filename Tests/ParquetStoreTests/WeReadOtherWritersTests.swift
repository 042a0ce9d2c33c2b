import Foundation
import ParquetStore
import Testing

/// Files written by pyarrow and DuckDB, read with ``ParquetFileReader``.
///
/// Skipped when python3 cannot import them; `Scripts/install-deps.sh` installs both.
@Suite("We read other writers' files", .temporaryFiles, .serialized, .timeLimit(.minutes(2)))
struct WeReadOtherWritersTests {
    static let rowCount = 3_000

    /// The columns ``InteropScripts/pyarrowWriter`` writes, as this module reads them.
    static let expected: [(column: ParquetColumn, values: ParquetColumnValues)] = {
        let rows = 0..<rowCount
        func column(_ name: String, _ type: ParquetColumnType) -> ParquetColumn { ParquetColumn(name: name, type: type, optional: true) }
        return [
            (column("b", .boolean), .boolean(rows.map { $0 % 7 == 0 ? nil : $0 % 2 == 0 })),
            (column("i32", .int32), .int32(rows.map { Int32($0 % 100 - 50) })),
            (column("i8", .int32), .int32(rows.map { Int32($0 % 100) })),
            (column("i64", .int64), .int64(rows.map { $0 % 5 == 0 ? nil : Int64($0) * 1_000_003 })),
            (column("f64", .double), .double(rows.map { Double($0) / 4 })),
            (column("s", .string), .string(rows.map { $0 % 11 == 0 ? nil : "경로/\($0 % 37)" })),
            (column("bin", .binary), .binary(rows.map { [UInt8($0 % 256), 0] })),
            (column("d", .date), .int32(rows.map { Int32(20_454 + $0 % 30) })),  // 2026-01-01 is day 20,454
            (column("ts", .timestamp), .int64(rows.map { Int64($0) * 1_000_000 })),
        ]
    }()

    struct Variant: CustomTestStringConvertible, Sendable {
        var codec: String
        var dictionary: Bool
        var pageVersion: String
        var testDescription: String { "\(codec) \(dictionary ? "dictionary" : "plain") pages v\(pageVersion)" }
    }

    static let variants = [
        Variant(codec: "gzip", dictionary: true, pageVersion: "1.0"),
        Variant(codec: "gzip", dictionary: false, pageVersion: "1.0"),
        Variant(codec: "gzip", dictionary: true, pageVersion: "2.0"),
        Variant(codec: "snappy", dictionary: true, pageVersion: "1.0"),
        Variant(codec: "snappy", dictionary: false, pageVersion: "2.0"),
        Variant(codec: "none", dictionary: true, pageVersion: "2.0"),
    ]

    @Test(.enabled(if: PythonReader.hasPyarrow), arguments: variants)
    func readsPyarrowFiles(variant: Variant) throws {
        let path = TestFiles.temporaryPath()
        _ = try PythonReader.json(
            InteropScripts.pyarrowWriter,
            arguments: [path, variant.codec, variant.dictionary ? "dict" : "plain", variant.pageVersion])
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowCount == Int64(Self.rowCount))
        #expect(reader.rowGroups.map(\.rowCount) == [1_000, 1_000, 1_000])
        #expect(reader.createdBy?.hasPrefix("parquet-cpp-arrow") == true)
        #expect(reader.schema.columns == Self.expected.map(\.column))
        #expect(reader.unsupportedColumns["f32"]?.contains("FLOAT") == true)
        for (column, values) in Self.expected {
            #expect(try reader.readColumn(column.name) == values, "\(column.name)")
        }
        // The text column read as codes gives the same values (v1/v2 pages, dictionary or plain).
        var codes = ParquetStringCodes()
        try reader.readColumn("s", codingInto: &codes)
        #expect((0..<codes.count).map { codes[$0] } == Self.expected.first { $0.column.name == "s" }.map { values -> [String?] in
            if case .string(let strings) = values.values { strings } else { [] }
        })
        #expect(codes.dictionary.count == 37)
        let unsupported = try #require(throws: ParquetError.self) { try reader.readColumn("f32") }
        #expect(unsupported.code == .unsupported)
        if variant.dictionary {
            #expect(reader.rowGroups[0].column("s")?.isDictionaryEncoded == true)
        }
        let ints = try #require(reader.rowGroups[1].column("i32")?.statistics)
        #expect(ints.min == .int32(-50) && ints.max == .int32(49) && ints.nullCount == 0)
        let strings = try #require(reader.rowGroups[0].column("s")?.statistics)
        #expect(strings.nullCount == 91)
        #expect(strings.min == .string("경로/0") && strings.max == .string("경로/9"))
        let stamps = try #require(reader.rowGroups[2].column("ts")?.statistics)
        #expect(stamps.min == .int64(2_000 * 1_000_000) && stamps.max == .int64(2_999 * 1_000_000))
    }

    @Test(.enabled(if: PythonReader.hasPyarrow))
    func readsAnEmptyPyarrowFile() throws {
        let path = TestFiles.temporaryPath()
        let script = """
        import sys, pyarrow as pa, pyarrow.parquet as pq
        pq.write_table(pa.table({"s": pa.array([], pa.string()), "n": pa.array([], pa.int64())}), sys.argv[1])
        print("{}")
        """
        _ = try PythonReader.json(script, arguments: [path])
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowCount == 0)
        #expect(try reader.readColumn("s") == .string([]))
        #expect(try reader.readColumn("n") == .int64([]))
    }

    @Test(.enabled(if: PythonReader.hasDuckDB), arguments: ["gzip", "snappy", "uncompressed"])
    func readsDuckDBFiles(codec: String) throws {
        let path = TestFiles.temporaryPath()
        let script = """
        import sys, duckdb
        duckdb.execute(f'''COPY (
            SELECT i::INTEGER AS i32, (i * 1000003)::BIGINT AS i64, i / 4 AS f64, i % 2 = 0 AS b,
                   CASE WHEN i % 11 = 0 THEN NULL ELSE '경로/' || (i % 37) END AS s,
                   DATE '2026-01-01' + (i % 30)::INTEGER AS d, to_timestamp(i) AS ts
            FROM range(3000) t(i) ORDER BY i
        ) TO '{sys.argv[1]}' (FORMAT parquet, COMPRESSION {sys.argv[2]})''')
        print("{}")
        """
        _ = try PythonReader.json(script, arguments: [path, codec])
        let reader = try ParquetFileReader(path: path)
        #expect(reader.unsupportedColumns.isEmpty)
        let rows = 0..<Self.rowCount
        #expect(try reader.readColumn("i32") == .int32(rows.map { Int32($0) }))
        #expect(try reader.readColumn("i64") == .int64(rows.map { Int64($0) * 1_000_003 }))
        #expect(try reader.readColumn("f64") == .double(rows.map { Double($0) / 4 }))
        #expect(try reader.readColumn("b") == .boolean(rows.map { $0 % 2 == 0 }))
        #expect(try reader.readColumn("s") == .string(rows.map { $0 % 11 == 0 ? nil : "경로/\($0 % 37)" }))
        #expect(try reader.readColumn("d") == .int32(rows.map { Int32(20_454 + $0 % 30) }))
        #expect(try reader.readColumn("ts") == .int64(rows.map { Int64($0) * 1_000_000 }))
    }
}
