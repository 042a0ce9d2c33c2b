/// Reads a Parquet file: its footer (schema, row groups, statistics) when opened, and any column
/// chunk on demand, fully decoded.
///
/// ```swift
/// let reader = try ParquetFileReader(path: "day.parquet")
/// for group in reader.rowGroups { print(group.rowCount, group.column("status")?.statistics?.max) }
/// let paths = try reader.readColumn("path")     // every row group, concatenated
/// ```
///
/// Files from other writers (pyarrow, DuckDB, Spark) are read where their types allow: a flat
/// schema of the types in ``ParquetColumnType`` (see ``ParquetColumn`` for how annotations map),
/// PLAIN or dictionary encodings, data pages v1 or v2, and UNCOMPRESSED, GZIP or SNAPPY pages.
/// A column of another type is listed in ``unsupportedColumns`` and only fails when read.
/// Nested schemas and encrypted files are refused when opened.
///
/// The reader is immutable once opened and reads with `pread`, which has no shared file position,
/// so one reader may serve several tasks at once (for instance, one column each).
public final class ParquetFileReader: Sendable {
    /// The file's path, as given.
    public var path: String { file.name }
    /// The file's size in bytes.
    public var fileSize: Int64 { file.size }
    /// The columns this module can decode, in file order.
    public let schema: ParquetSchema
    /// The columns it cannot decode, with the reason.
    public let unsupportedColumns: [String: String]
    /// Rows in the file.
    public let rowCount: Int64
    /// The row groups, in file order.
    public let rowGroups: [ParquetRowGroupInfo]
    /// The footer's `created_by`.
    public let createdBy: String?
    /// The footer's `key_value_metadata`.
    public let keyValueMetadata: [String: String]
    /// CRC-32 of the footer and the 8 bytes after it (its length and the magic): a damaged statistic or a
    /// file swapped for another changes it. Pages carry CRCs of their own, checked when read.
    public let footerChecksum: UInt32

    private let file: InputFile
    private let metadata: FileMetaData
    /// For each leaf (file order): the decodable column, or `nil`.
    private let leaves: [ParquetColumn?]

    /// Opens `path` and reads its footer.
    ///
    /// - Throws: ``ParquetError`` — `.badMagic` when the file does not start with `PAR1`,
    ///   `.truncated` when it ends before its footer, `.corrupt` for an undecodable footer,
    ///   `.unsupported` for a nested schema or an encrypted footer, `.io` when it cannot be read.
    public init(path: String) throws(ParquetError) {
        file = try InputFile(path: path)
        (metadata, footerChecksum) = try FooterReader.read(file)
        let elements = metadata.schema.dropFirst()
        var supported: [ParquetColumn] = []
        var unsupported: [String: String] = [:]
        var leaves: [ParquetColumn?] = []
        for element in elements {
            switch ParquetColumn.from(element) {
            case .success(let column):
                supported.append(column)
                leaves.append(column)
            case .failure(let problem):
                unsupported[problem.name] = problem.reason
                leaves.append(nil)
            }
        }
        self.leaves = leaves
        schema = ParquetSchema(supported)
        unsupportedColumns = unsupported
        rowCount = metadata.numRows
        createdBy = metadata.createdBy
        keyValueMetadata = Dictionary(
            (metadata.keyValueMetadata ?? []).map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let names = elements.map(\.name)
        rowGroups = metadata.rowGroups.map { group in
            let chunks = zip(names, zip(leaves, group.columns)).map { name, pair in
                let (column, chunk) = pair
                let meta = chunk.metaData
                return ParquetColumnChunkInfo(
                    name: name, physicalType: meta?.type ?? .byteArray, codec: meta?.codec ?? .uncompressed,
                    encodings: meta?.encodings ?? [], valueCount: meta?.numValues ?? 0,
                    compressedByteCount: meta?.totalCompressedSize ?? 0, offset: meta?.firstPageOffset ?? 0,
                    uncompressedByteCount: meta?.totalUncompressedSize ?? 0,
                    statistics: meta?.statistics.map { ParquetColumnStatistics($0, type: column?.type) })
            }
            return ParquetRowGroupInfo(
                rowCount: group.numRows, compressedByteCount: chunks.reduce(0) { $0 + $1.compressedByteCount },
                columns: chunks)
        }
    }

    /// Reads and decodes the column named `name` in row group `rowGroup`.
    ///
    /// - Returns: the row group's values, nulls as `nil`, in the case the column's type takes.
    /// - Throws: ``ParquetError`` `.invalidArgument` for an unknown column or row group,
    ///   `.unsupported` for a column or encoding this module cannot decode, `.truncated`/`.corrupt`
    ///   for damaged pages.
    /// - Complexity: O(*n*) in the chunk's size.
    public func readColumn(_ name: String, rowGroup: Int) throws(ParquetError) -> ParquetColumnValues {
        guard metadata.rowGroups.indices.contains(rowGroup) else {
            throw ParquetError(.invalidArgument, file: path, message: "no row group \(rowGroup) (the file has \(metadata.rowGroups.count))")
        }
        let leaf = try leafIndex(of: name)
        guard let column = leaves[leaf] else {
            throw ParquetError(.unsupported, file: path, message: "column \"\(name)\" cannot be read: \(unsupportedColumns[name] ?? "")")
        }
        let chunk = metadata.rowGroups[rowGroup].columns[leaf]
        guard chunk.filePath == nil, let meta = chunk.metaData else {
            throw ParquetError(.unsupported, file: path, message: "column \"\(name)\" is stored outside the file")
        }
        guard meta.type == column.type.physicalType else {
            throw ParquetError(.corrupt, file: path, message: "column \"\(name)\" is \(meta.type) in row group \(rowGroup) but \(column.type.physicalType) in the schema")
        }
        let decoder = ColumnChunkDecoder(file: file, column: column, metaData: meta)
        switch column.type {
        case .boolean: return .boolean(try decoder.decode(Bool.self))
        case .int32, .date: return .int32(try decoder.decode(Int32.self))
        case .int64, .timestamp: return .int64(try decoder.decode(Int64.self))
        case .double: return .double(try decoder.decode(Double.self))
        case .binary: return .binary(try decoder.decode([UInt8].self))
        case .string: return .string(try decoder.decode(String.self))
        }
    }

    /// Reads the column named `name` in every row group, concatenated.
    ///
    /// - Throws: as ``readColumn(_:rowGroup:)``.
    /// - Complexity: O(*n*) in the column's size.
    public func readColumn(_ name: String) throws(ParquetError) -> ParquetColumnValues {
        let leaf = try leafIndex(of: name)
        guard let column = leaves[leaf] else {
            throw ParquetError(.unsupported, file: path, message: "column \"\(name)\" cannot be read: \(unsupportedColumns[name] ?? "")")
        }
        var all = ParquetColumnValues.empty(for: column.type)
        for index in metadata.rowGroups.indices {
            let part = try readColumn(name, rowGroup: index)
            _ = all.append(rows: 0..<part.count, of: part)
        }
        return all
    }

    /// Reads the text column named `name` in every row group, appending its rows to `codes` as codes
    /// of its shared dictionary (see ``ParquetStringCodes``).
    ///
    /// - Throws: as ``readColumn(_:rowGroup:)``; `.invalidArgument` when the column is not text. On an
    ///   error, `codes` may hold part of the column.
    /// - Complexity: O(*n*) in the column's size; one dictionary look-up per distinct value of each
    ///   dictionary page, one per row of PLAIN pages.
    /// - Parameters:
    ///   - rowGroups: the row groups to read, in this order (`nil`: all), e.g. those whose statistics may
    ///     hold wanted values.
    ///   - rows: the rows wanted (`nil`: all); the pages without one are not decoded and their rows get
    ///     the null code (see ``ParquetRowSelection``).
    public func readColumn(
        _ name: String, rowGroups: [Int]? = nil, codingInto codes: inout ParquetStringCodes, rows: ParquetRowSelection? = nil
    ) throws(ParquetError) {
        let leaf = try leafIndex(of: name)
        guard let column = leaves[leaf] else {
            throw ParquetError(.unsupported, file: path, message: "column \"\(name)\" cannot be read: \(unsupportedColumns[name] ?? "")")
        }
        guard column.type == .string else {
            throw ParquetError(.invalidArgument, file: path, message: "column \"\(name)\" is \(column.type), not text")
        }
        for group in try chosen(rowGroups) {
            let chunk = metadata.rowGroups[group].columns[leaf]
            guard chunk.filePath == nil, let meta = chunk.metaData, meta.type == .byteArray else {
                throw ParquetError(.corrupt, file: path, message: "column \"\(name)\" has no readable chunk in row group \(group)")
            }
            var decoder = ColumnChunkDecoder(file: file, column: column, metaData: meta)
            if let rows {
                let range = rowRange(of: group)
                guard rows.intersects(range) else {
                    codes.codes.append(contentsOf: repeatElement(ParquetStringCodes.null, count: range.count))
                    continue
                }
                decoder.selection = (rows, range.lowerBound)
            }
            try decoder.decodeCodes(into: &codes)
        }
    }

    /// Reads the text or binary column named `name` onto the end of `values`, as bytes (no `String` per
    /// row): the fast path for columns of mostly distinct values, stored PLAIN.
    ///
    /// - Throws: as ``readColumn(_:rowGroup:)``; `.invalidArgument` when the column is not BYTE_ARRAY. On
    ///   an error, `values` may hold part of the column.
    public func readColumn(_ name: String, rowGroups: [Int]? = nil, bytesInto values: inout ParquetByteArrays) throws(ParquetError) {
        let leaf = try leafIndex(of: name)
        guard let column = leaves[leaf] else {
            throw ParquetError(.unsupported, file: path, message: "column \"\(name)\" cannot be read: \(unsupportedColumns[name] ?? "")")
        }
        guard column.type == .string || column.type == .binary else {
            throw ParquetError(.invalidArgument, file: path, message: "column \"\(name)\" is \(column.type), not text or binary")
        }
        for group in try chosen(rowGroups) {
            let chunk = metadata.rowGroups[group].columns[leaf]
            guard chunk.filePath == nil, let meta = chunk.metaData, meta.type == .byteArray else {
                throw ParquetError(.corrupt, file: path, message: "column \"\(name)\" has no readable chunk in row group \(group)")
            }
            try ColumnChunkDecoder(file: file, column: column, metaData: meta).decodeBytes(into: &values)
        }
    }

    /// Reads the INT32 or DATE column named `name` in every row group onto the end of `values`, nulls as
    /// `fill`: the fast path when a caller wants plain numbers (no optionals, no intermediate array).
    ///
    /// - Throws: as ``readColumn(_:rowGroup:)``; `.invalidArgument` when the column has another type. On
    ///   an error, `values` may hold part of the column.
    /// - Parameter rows: the rows wanted (`nil`: all); the pages without one are not decoded and their
    ///   rows hold `fill` (see ``ParquetRowSelection``).
    public func readColumn(
        _ name: String, rowGroups: [Int]? = nil, appendingTo values: inout [Int32], nullsAs fill: Int32 = 0, rows: ParquetRowSelection? = nil
    ) throws(ParquetError) {
        try readFilled(name, rowGroups: rowGroups, into: &values, fill: fill, types: [.int32, .date], rows: rows)
    }

    /// Reads the INT64 or TIMESTAMP column named `name` onto the end of `values`, nulls as `fill`.
    ///
    /// - Throws: as ``readColumn(_:rowGroups:appendingTo:nullsAs:rows:)``.
    public func readColumn(
        _ name: String, rowGroups: [Int]? = nil, appendingTo values: inout [Int64], nullsAs fill: Int64 = 0, rows: ParquetRowSelection? = nil
    ) throws(ParquetError) {
        try readFilled(name, rowGroups: rowGroups, into: &values, fill: fill, types: [.int64, .timestamp], rows: rows)
    }

    /// Reads the DOUBLE column named `name` onto the end of `values`, nulls as `fill`.
    ///
    /// - Throws: as ``readColumn(_:rowGroups:appendingTo:nullsAs:rows:)``.
    public func readColumn(
        _ name: String, rowGroups: [Int]? = nil, appendingTo values: inout [Double], nullsAs fill: Double = 0, rows: ParquetRowSelection? = nil
    ) throws(ParquetError) {
        try readFilled(name, rowGroups: rowGroups, into: &values, fill: fill, types: [.double], rows: rows)
    }

    /// Reads the BOOLEAN column named `name` onto the end of `values`, nulls as `fill`.
    ///
    /// - Throws: as ``readColumn(_:rowGroups:appendingTo:nullsAs:rows:)``.
    public func readColumn(
        _ name: String, rowGroups: [Int]? = nil, appendingTo values: inout [Bool], nullsAs fill: Bool = false, rows: ParquetRowSelection? = nil
    ) throws(ParquetError) {
        try readFilled(name, rowGroups: rowGroups, into: &values, fill: fill, types: [.boolean], rows: rows)
    }

    private func readFilled<Value: PlainValue>(
        _ name: String, rowGroups: [Int]?, into values: inout [Value], fill: Value, types: [ParquetColumnType], rows: ParquetRowSelection?
    ) throws(ParquetError) {
        let leaf = try leafIndex(of: name)
        guard let column = leaves[leaf] else {
            throw ParquetError(.unsupported, file: path, message: "column \"\(name)\" cannot be read: \(unsupportedColumns[name] ?? "")")
        }
        guard types.contains(column.type) else {
            throw ParquetError(.invalidArgument, file: path, message: "column \"\(name)\" is \(column.type), not \(Value.self)")
        }
        for group in try chosen(rowGroups) {
            let chunk = metadata.rowGroups[group].columns[leaf]
            guard chunk.filePath == nil, let meta = chunk.metaData, meta.type == column.type.physicalType else {
                throw ParquetError(.corrupt, file: path, message: "column \"\(name)\" has no readable chunk in row group \(group)")
            }
            var decoder = ColumnChunkDecoder(file: file, column: column, metaData: meta)
            if let rows {
                let range = rowRange(of: group)
                guard rows.intersects(range) else {
                    values.append(contentsOf: repeatElement(fill, count: range.count))
                    continue
                }
                decoder.selection = (rows, range.lowerBound)
            }
            try decoder.decode(appendingTo: &values, nullsAs: fill)
        }
    }

    /// Reads the columns `names` (all decodable columns when `nil`) of row group `rowGroup`.
    ///
    /// - Returns: the values, in the order of `names` (or of ``schema``).
    /// - Throws: as ``readColumn(_:rowGroup:)``.
    public func readRowGroup(_ rowGroup: Int, columns names: [String]? = nil) throws(ParquetError) -> [ParquetColumnValues] {
        var result: [ParquetColumnValues] = []
        for name in names ?? schema.columns.map(\.name) {
            result.append(try readColumn(name, rowGroup: rowGroup))
        }
        return result
    }

    /// The positions in the file of the rows of row group `group`.
    private func rowRange(of group: Int) -> Range<Int> {
        let first = metadata.rowGroups[..<group].reduce(0) { $0 + Int($1.numRows) }
        return first..<first + Int(metadata.rowGroups[group].numRows)
    }

    /// `rowGroups`, checked, or every row group.
    private func chosen(_ rowGroups: [Int]?) throws(ParquetError) -> [Int] {
        guard let rowGroups else { return Array(metadata.rowGroups.indices) }
        if let wrong = rowGroups.first(where: { !metadata.rowGroups.indices.contains($0) }) {
            throw ParquetError(.invalidArgument, file: path, message: "no row group \(wrong) (the file has \(metadata.rowGroups.count))")
        }
        return rowGroups
    }

    private func leafIndex(of name: String) throws(ParquetError) -> Int {
        guard let index = metadata.schema.dropFirst().firstIndex(where: { $0.name == name }) else {
            throw ParquetError(.invalidArgument, file: path, message: "no column named \"\(name)\"")
        }
        return index - 1
    }
}
