import Foundation
import ParquetStore
import Testing

/// Files written by ``ParquetFileWriter`` read by independent readers: pyarrow and DuckDB.
///
/// Skipped when python3 cannot import them; `Scripts/install-deps.sh` installs both.
@Suite("Independent readers read our files", .temporaryFiles, .serialized, .timeLimit(.minutes(2)))
struct PyarrowReadsOurFilesTests {
    static let rowCount = 2_000

    /// Every type, required and optional, in several row groups and pages, mixed encodings.
    static func writeEveryType(codec: ParquetCodec) throws -> (path: String, schema: ParquetSchema, columns: [ParquetColumnValues]) {
        let schema = ParquetSchema(
            ParquetColumnType.allCases.map { ParquetColumn(name: "req_\($0)", type: $0, optional: false) }
                + ParquetColumnType.allCases.map { ParquetColumn(name: "opt_\($0)", type: $0, optional: true) }
                + [ParquetColumn(name: "all_null", type: .string, optional: true),
                   ParquetColumn(name: "opt_key_bytes", type: .string, optional: true),
                   ParquetColumn(name: "opt_visit_codes", type: .string, optional: true)])
        let columns = schema.columns.map { column -> ParquetColumnValues in
            if column.name == "all_null" { return .string(Array(repeating: nil, count: rowCount)) }
            if column.name == "opt_key_bytes" {  // distinct keys written from one buffer of bytes
                var keys = ParquetByteArrays()
                for row in 0..<rowCount {
                    if row % 3 == 1 { keys.appendNulls(1) } else { keys.append("방문자-\(row)-key".utf8) }
                }
                return .byteArrays(keys)
            }
            if column.name == "opt_visit_codes" {  // runs of codes into ids stored once: a dictionary per row group
                var ids = ParquetByteArrays()
                for visit in 0..<(rowCount + 2) / 3 { ids.append("방문-\(visit)@1763337600".utf8) }
                return .coded((0..<rowCount).map { $0 % 10 == 9 ? -1 : Int32($0 / 3) }, ids)
            }
            return SampleColumns.values(column.type, count: rowCount, nullEvery: column.optional ? 3 : nil, distinct: 300)
        }
        var options = TestFiles.options(codec)
        options.maxRowsPerRowGroup = 700
        options.maxRowsPerPage = 250
        let path = try TestFiles.write(schema, columns, options: options)
        return (path, schema, columns)
    }

    /// What the readers should report for `values`: the non-null count, and the exact sum of an
    /// integer or boolean column, the sum of a double column or the byte total of strings and binary.
    static func expected(_ values: ParquetColumnValues) -> (nonNull: Int, exact: Int64?, sum: Double?, bytes: Int?) {
        let nonNull = values.count - values.nullCount
        switch values {
        case .boolean(let v): return (nonNull, Int64(v.filter { $0 == true }.count), nil, nil)
        case .int32(let v): return (nonNull, v.compactMap { $0 }.reduce(Int64(0)) { $0 + Int64($1) }, nil, nil)
        case .int64(let v): return (nonNull, v.compactMap { $0 }.reduce(0, +), nil, nil)
        case .double(let v): return (nonNull, nil, v.compactMap { $0 }.reduce(0, +), nil)
        case .binary(let v): return (nonNull, nil, nil, v.compactMap { $0?.count }.reduce(0, +))
        case .string(let v): return (nonNull, nil, nil, v.compactMap { $0?.utf8.count }.reduce(0, +))
        case .codedString(let c): return (nonNull, nil, nil, c.values.compactMap { $0?.utf8.count }.reduce(0, +))
        case .byteArrays(let a): return (nonNull, nil, nil, a.bytes.count)
        case .codedByteArrays(let c): return (nonNull, nil, nil, c.byteArrays.bytes.count)
        }
    }

    /// Checks a reader's aggregates of one column against `values`.
    static func check(_ reported: [String: Any], against values: ParquetColumnValues, _ name: String) {
        let (nonNull, exact, sum, bytes) = expected(values)
        #expect((reported["non_null"] as? NSNumber)?.intValue == nonNull, "\(name)")
        if let exact { #expect((reported["sum"] as? NSNumber)?.int64Value == exact, "\(name)") }
        if let sum {
            let got = (reported["sum"] as? NSNumber)?.doubleValue ?? .nan
            #expect(abs(got - sum) <= abs(sum) * 1e-12, "\(name)")
        }
        if let bytes { #expect((reported["bytes"] as? NSNumber)?.intValue == bytes, "\(name)") }
    }

    static let arrowTypes: [ParquetColumnType: String] = [
        .boolean: "bool", .int32: "int32", .int64: "int64", .double: "double", .binary: "binary",
        .string: "string", .date: "date32[day]", .timestamp: "timestamp[us, tz=UTC]",
    ]

    static let duckdbTypes: [ParquetColumnType: String] = [
        .boolean: "BOOLEAN", .int32: "INTEGER", .int64: "BIGINT", .double: "DOUBLE", .binary: "BLOB",
        .string: "VARCHAR", .date: "DATE", .timestamp: "TIMESTAMP WITH TIME ZONE",
    ]

    @Test(.enabled(if: PythonReader.hasPyarrow), arguments: [ParquetCodec.gzip, .uncompressed])
    func pyarrowReadsEveryType(codec: ParquetCodec) throws {
        let (path, schema, columns) = try Self.writeEveryType(codec: codec)
        let summary = try PythonReader.json(InteropScripts.pyarrowSummary, arguments: [path])
        #expect(summary["rows"] as? Int == Self.rowCount)
        #expect(summary["row_groups"] as? Int == 3)
        #expect(summary["created_by"] as? String == ParquetWriterOptions.defaultCreatedBy)
        let types = try #require(summary["types"] as? [String: String])
        let aggregates = try #require(summary["columns"] as? [String: [String: Any]])
        let statistics = try #require(summary["stats"] as? [String: [String: Any]])
        for (column, values) in zip(schema.columns, columns) {
            #expect(types[column.name] == Self.arrowTypes[column.type], "\(column.name)")
            Self.check(try #require(aggregates[column.name], "\(column.name)"), against: values, column.name)
            let chunk = try #require(statistics[column.name], "\(column.name)")
            #expect(chunk["codec"] as? String == "\(codec)", "\(column.name)")
            let ours = try ParquetFileReader(path: path).rowGroups[0].column(column.name)?.statistics
            #expect(chunk["null_count"] as? Int == ours?.nullCount.map(Int.init), "\(column.name)")
            if case .string(let low)? = ours?.min, case .string(let high)? = ours?.max {
                #expect(chunk["min"] as? String == low && chunk["max"] as? String == high, "\(column.name)")
                #expect(aggregates[column.name]?["min"] as? String == columnMinimum(values))
            }
            if case .int64(let low)? = ours?.min, column.type == .int64 {
                #expect(chunk["min"] as? Int == Int(low), "\(column.name)")
            }
        }
        for name in ["req_string", "opt_date", "req_timestamp", "opt_visit_codes"] {
            let encodings = try #require(statistics[name]?["encodings"] as? [String])
            #expect(encodings.contains("RLE_DICTIONARY"), "\(name)")
        }
    }

    @Test(.enabled(if: PythonReader.hasDuckDB), arguments: [ParquetCodec.gzip, .uncompressed])
    func duckdbReadsEveryType(codec: ParquetCodec) throws {
        let (path, schema, columns) = try Self.writeEveryType(codec: codec)
        let summary = try PythonReader.json(InteropScripts.duckdbSummary, arguments: [path])
        #expect(summary["rows"] as? Int == Self.rowCount)
        let types = try #require(summary["types"] as? [String: String])
        let aggregates = try #require(summary["columns"] as? [String: [String: Any]])
        for (column, values) in zip(schema.columns, columns) {
            #expect(types[column.name] == Self.duckdbTypes[column.type], "\(column.name)")
            Self.check(try #require(aggregates[column.name], "\(column.name)"), against: values, column.name)
            if case .string(let strings) = values, strings.contains(where: { $0 != nil }) {
                let present = strings.compactMap { $0 }
                let low = present.min { String.precedesByUTF8($0, $1) }
                let high = present.max { String.precedesByUTF8($0, $1) }
                let reported = aggregates[column.name]
                #expect(reported?["min"] as? String == low && reported?["max"] as? String == high, "\(column.name)")
            }
        }
    }

    @Test(.enabled(if: PythonReader.hasPyarrow && PythonReader.hasDuckDB))
    func zeroRowFileIsReadable() throws {
        let schema = SampleColumns.schema(optional: true)
        let path = TestFiles.temporaryPath()
        try ParquetFileWriter(path: path, schema: schema).close()
        let arrow = try PythonReader.json(InteropScripts.pyarrowSummary, arguments: [path])
        #expect(arrow["rows"] as? Int == 0)
        #expect((arrow["types"] as? [String: String])?["timestamp"] == "timestamp[us, tz=UTC]")
        let duck = try PythonReader.json(InteropScripts.duckdbSummary, arguments: [path])
        #expect(duck["rows"] as? Int == 0)
    }
}

/// The smallest string of `values` in UTF-8 byte order.
private func columnMinimum(_ values: ParquetColumnValues) -> String? {
    let strings: [String?]
    switch values {
    case .string(let values): strings = values
    case .byteArrays(let arrays): strings = (0..<arrays.count).map { arrays.string(at: $0) }
    case .codedByteArrays(let coded):
        let arrays = coded.byteArrays
        strings = (0..<arrays.count).map { arrays.string(at: $0) }
    default: return nil
    }
    return strings.compactMap { $0 }.min { String.precedesByUTF8($0, $1) }
}

extension String {
    /// Unsigned UTF-8 byte order, as Parquet statistics and DuckDB compare strings.
    static func precedesByUTF8(_ lhs: String, _ rhs: String) -> Bool { lhs.utf8.lexicographicallyPrecedes(rhs.utf8) }
}
