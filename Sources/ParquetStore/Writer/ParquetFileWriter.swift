/// Writes a Parquet file, row group by row group, to a path or an open file descriptor.
///
/// ```swift
/// let writer = try ParquetFileWriter(path: "day.parquet", schema: schema)
/// try writer.append([.int32(days), .string(paths), .string(referrers)])
/// let summary = try writer.close()
/// ```
///
/// The file is `PAR1`, then each row group's column chunks, then the footer (Thrift compact
/// `FileMetaData`), its 4-byte little-endian length and `PAR1`. Rows given to ``append(_:)`` are
/// buffered until ``ParquetWriterOptions/maxRowsPerRowGroup`` rows or about
/// ``ParquetWriterOptions/maxRowGroupBytes`` bytes are waiting, or ``flush()`` is called; then
/// they are encoded column by column and written. So memory holds at most one row group (plus
/// one batch passed to `append`), never the whole file.
///
/// Until ``close()`` returns, the file has no footer and is not a valid Parquet file: write to a
/// temporary name and rename it after `close()` to publish it atomically. After an error the
/// writer refuses further calls. Not thread-safe: use one writer from one task at a time.
public final class ParquetFileWriter {
    /// The columns written.
    public let schema: ParquetSchema
    /// The layout options.
    public let options: ParquetWriterOptions

    /// Rows taken from an `append` batch at a time, so that the byte bound is checked often.
    static let appendSliceRows = 64 * 1024

    let output: OutputFile
    let compressor: GzipCompressor?
    var buffers: [ParquetColumnValues]
    var bufferedRows = 0
    var bufferedBytes = 0
    var rowGroups: [RowGroup] = []
    var rowCount: Int64 = 0
    private var state = State.open

    private enum State { case open, closed, failed }

    /// Creates (or truncates) the file at `path` and writes the leading magic.
    ///
    /// - Throws: ``ParquetError`` `.invalidArgument` for a bad schema or options, `.io` when the
    ///   file cannot be created or written.
    public convenience init(path: String, schema: ParquetSchema, options: ParquetWriterOptions = .init()) throws(ParquetError) {
        try schema.validate(file: path)
        try options.validate(file: path)
        try self.init(output: try OutputFile(path: path), schema: schema, options: options)
    }

    /// Writes to `fileDescriptor`, which must be at offset 0 of an empty file (or a pipe). The
    /// descriptor stays open after ``close()``: the caller owns it.
    ///
    /// - Parameter name: the name used in error messages.
    /// - Throws: as ``init(path:schema:options:)``.
    public convenience init(
        fileDescriptor: Int32, name: String, schema: ParquetSchema, options: ParquetWriterOptions = .init()
    ) throws(ParquetError) {
        try schema.validate(file: name)
        try options.validate(file: name)
        try self.init(output: try OutputFile(descriptor: fileDescriptor, name: name), schema: schema, options: options)
    }

    private init(output: OutputFile, schema: ParquetSchema, options: ParquetWriterOptions) throws(ParquetError) {
        self.output = output
        self.schema = schema
        self.options = options
        buffers = schema.columns.map { ParquetColumnValues.empty(for: $0.type) }
        if options.compression == .gzip {
            guard let compressor = GzipCompressor(level: min(max(options.gzipLevel, 1), 9)) else {
                throw ParquetError(.io, file: output.name, message: "the GZIP compressor could not be initialised (out of memory)")
            }
            self.compressor = compressor
        } else {
            compressor = nil
        }
        try output.write(ParquetMagic.bytes)
    }

    /// Rows written to the file or buffered so far.
    public var rowsWritten: Int64 { rowCount + Int64(bufferedRows) }

    /// Appends rows: one ``ParquetColumnValues`` per schema column, in schema order, all of the
    /// same length, each of the representation its column's type takes.
    ///
    /// Whole row groups are written as the buffered rows reach the bounds.
    ///
    /// - Throws: ``ParquetError`` `.invalidArgument` (and writes nothing) when the columns do not
    ///   fit the schema or a `REQUIRED` column holds a null; `.io` when writing fails.
    /// - Complexity: O(*n*) in the rows appended, plus the encoding of any row group completed.
    public func append(_ columns: [ParquetColumnValues]) throws(ParquetError) {
        try requireOpen()
        try check(columns)
        let count = columns.first?.count ?? 0
        if bufferedRows == 0, count > 0, count <= options.maxRowsPerRowGroup {
            // A batch that fits a row group goes into the empty buffers as it is: shared, not copied.
            let bytes = columns.reduce(0) { $0 + $1.estimatedPlainBytes(rows: 0..<count) }
            if bytes < options.maxRowGroupBytes {
                buffers = columns
                bufferedRows = count
                bufferedBytes = bytes
                if bufferedRows >= options.maxRowsPerRowGroup { try flush() }
                return
            }
        }
        var start = 0
        while start < count {
            let room = options.maxRowsPerRowGroup - bufferedRows
            let end = start + min(room, Self.appendSliceRows, count - start)
            for index in columns.indices {
                // `check` let through only values that fit the column, and those always append.
                let appended = buffers[index].append(rows: start..<end, of: columns[index])
                precondition(appended, "column \(schema.columns[index].name): values that fit the column did not append")
                bufferedBytes += columns[index].estimatedPlainBytes(rows: start..<end)
            }
            bufferedRows += end - start
            start = end
            if bufferedRows >= options.maxRowsPerRowGroup || bufferedBytes >= options.maxRowGroupBytes {
                try flush()
            }
        }
    }

    /// Writes the buffered rows as a row group now. Does nothing when no row is buffered, so a
    /// file never holds an empty row group.
    ///
    /// - Throws: ``ParquetError`` `.io` when writing fails.
    /// - Complexity: O(*n*) in the buffered rows.
    public func flush() throws(ParquetError) {
        try requireOpen()
        guard bufferedRows > 0 else { return }
        do {
            try writeRowGroup()
        } catch {
            state = .failed
            throw error
        }
    }

    /// Flushes, writes the footer and the trailing magic, optionally `fsync`s, and closes a file
    /// opened by path.
    ///
    /// - Returns: what was written.
    /// - Throws: ``ParquetError`` `.io` when writing, syncing or closing fails.
    @discardableResult
    public func close() throws(ParquetError) -> ParquetFileSummary {
        try flush()
        let footerChecksum: UInt32
        do {
            footerChecksum = try writeFooter()
            try output.close(synchronize: options.synchronizeOnClose)
        } catch {
            state = .failed
            throw error
        }
        state = .closed
        return ParquetFileSummary(
            rowCount: rowCount, rowGroupCount: rowGroups.count, byteCount: output.position, checksum: output.checksum,
            footerChecksum: footerChecksum)
    }

    private func requireOpen() throws(ParquetError) {
        switch state {
        case .open: return
        case .closed: throw ParquetError(.invalidArgument, file: output.name, message: "the writer is closed")
        case .failed: throw ParquetError(.invalidArgument, file: output.name, message: "the writer failed earlier; the file is incomplete")
        }
    }

    private func check(_ columns: [ParquetColumnValues]) throws(ParquetError) {
        guard columns.count == schema.columns.count else {
            throw ParquetError(
                .invalidArgument, file: output.name,
                message: "\(columns.count) columns given for a schema of \(schema.columns.count)")
        }
        let count = columns.first?.count ?? 0
        for (column, values) in zip(schema.columns, columns) {
            guard values.fits(column.type) else {
                throw ParquetError(.invalidArgument, file: output.name, message: "column \"\(column.name)\" of type \(column.type) was given other values")
            }
            guard values.count == count else {
                throw ParquetError(
                    .invalidArgument, file: output.name,
                    message: "column \"\(column.name)\" has \(values.count) rows, the first column \(count)")
            }
            if case .codedString(let coded) = values, !coded.codesAreValid {
                throw ParquetError(.invalidArgument, file: output.name, message: "column \"\(column.name)\" has a code that is not -1 or a position in its strings")
            }
            if case .codedByteArrays(let coded) = values, !coded.codesAreValid {
                throw ParquetError(
                    .invalidArgument, file: output.name,
                    message: "column \"\(column.name)\" has a code that is not -1 or the position of a non-null value in its byte arrays")
            }
            if !column.optional, values.nullCount > 0 {
                throw ParquetError(.invalidArgument, file: output.name, message: "required column \"\(column.name)\" was given a null")
            }
        }
    }
}

/// What ``ParquetFileWriter/close()`` wrote.
public struct ParquetFileSummary: Hashable, Sendable {
    /// Rows in the file.
    public var rowCount: Int64
    /// Row groups in the file.
    public var rowGroupCount: Int
    /// The file's size in bytes.
    public var byteCount: Int64
    /// CRC-32 of the whole file.
    public var checksum: UInt32
    /// CRC-32 of the footer and the 8 bytes after it (``ParquetFileReader/footerChecksum``).
    public var footerChecksum: UInt32
}

/// The 4 bytes at both ends of every Parquet file.
enum ParquetMagic {
    static let bytes: [UInt8] = Array("PAR1".utf8)
}
