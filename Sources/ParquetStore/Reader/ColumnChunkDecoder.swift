/// Reads one column chunk from the file and decodes all its pages into Swift values.
///
/// Handles dictionary pages (PLAIN or PLAIN_DICTIONARY), data pages v1 and v2, values in PLAIN,
/// RLE_DICTIONARY or PLAIN_DICTIONARY (and RLE for booleans), definition levels in the RLE/bit-packed
/// hybrid, and the UNCOMPRESSED, GZIP and SNAPPY codecs. Index pages are skipped. The chunk is
/// read with one `pread` of its stored size.
struct ColumnChunkDecoder {
    /// Values reserved up front at most, whatever a (possibly corrupt) footer claims.
    static let maxInitialReservation = 1 << 20

    let file: InputFile
    let column: ParquetColumn
    let metaData: ColumnMetaData
    /// The rows wanted, with the position of the chunk's first row in the file (`nil`: every page is
    /// decoded). Pages without a wanted row are skipped: their rows are appended as nulls.
    var selection: (rows: ParquetRowSelection, firstRow: Int)? = nil

    /// Decodes the chunk as values of `Value`.
    ///
    /// - Throws: ``ParquetError`` `.truncated` or `.corrupt` for damaged data (at the offset of the
    ///   page concerned), `.unsupported` for an encoding or codec this module does not read.
    /// - Complexity: O(*n*) in the chunk's size and value count.
    func decode<Value: PlainValue>(_: Value.Type) throws(ParquetError) -> [Value?] {
        var pages = PageDecoder<Value>(column: column, decompressor: try decompressor())
        pages.values.reserveCapacity(Int(min(metaData.numValues, Int64(Self.maxInitialReservation))))
        try decodePages(into: &pages)
        return pages.values
    }

    /// Decodes the chunk's values onto the end of `values`, nulls as `fill` (see ``FilledPageDecoder``).
    func decode<Value: PlainValue>(appendingTo values: inout [Value], nullsAs fill: Value) throws(ParquetError) {
        var pages = FilledPageDecoder(column: column, decompressor: try decompressor(), values: values, fill: fill)
        values = []  // no second reference: appending stays in place
        pages.values.reserveCapacity(pages.values.count + Int(min(metaData.numValues, Int64(Self.maxInitialReservation))))
        try decodePages(into: &pages, handingBack: \.values, to: &values)
    }

    /// Decodes a text chunk as codes appended to `codes` (see ``ParquetStringCodes``): dictionary pages
    /// are looked up once per entry, dictionary-encoded values cost one array access each.
    func decodeCodes(into codes: inout ParquetStringCodes) throws(ParquetError) {
        var pages = CodedPageDecoder(column: column, decompressor: try decompressor(), codes: codes, base: codes.count)
        codes = ParquetStringCodes()  // no second reference: appending stays in place
        try decodePages(into: &pages, handingBack: \.codes, to: &codes)
    }

    /// Decodes a BYTE_ARRAY chunk onto the end of `values` (see ``ParquetByteArrays``).
    func decodeBytes(into values: inout ParquetByteArrays) throws(ParquetError) {
        var pages = ByteArrayPageDecoder(column: column, decompressor: try decompressor(), values: values)
        values = ParquetByteArrays()  // no second reference: appending stays in place
        // The chunk's uncompressed pages bound its values' bytes: room made once.
        pages.values.reserveRows(Int(min(metaData.numValues, Int64(Self.maxInitialReservation))))
        pages.values.reserveBytes(Int(min(metaData.totalUncompressedSize, Int64(Self.maxInitialReservation) * 64)))
        try decodePages(into: &pages, handingBack: \.values, to: &values)
    }

    /// Decodes the chunk's pages into `pages`, then hands what it holds at `result` back to `output`, also
    /// when decoding fails (the caller's values stay theirs).
    private func decodePages<Pages: ChunkPages, Output>(
        into pages: inout Pages, handingBack result: KeyPath<Pages, Output>, to output: inout Output
    ) throws(ParquetError) {
        defer { output = pages[keyPath: result] }
        try decodePages(into: &pages)
    }

    private func decompressor() throws(ParquetError) -> PageDecompressor {
        do {
            return try PageDecompressor(codec: metaData.codec)
        } catch {
            throw error.inFile(file.name, at: metaData.firstPageOffset)
        }
    }

    /// Reads the chunk with one `pread` and feeds its pages to `pages` until it holds the chunk's values.
    private func decodePages<Pages: ChunkPages>(into pages: inout Pages) throws(ParquetError) {
        let start = metaData.firstPageOffset
        let valueCount = metaData.numValues
        guard valueCount > 0 else { return }
        guard let length = Int(exactly: metaData.totalCompressedSize), length > 0, start >= Int64(ParquetMagic.bytes.count) else {
            throw ParquetError(.corrupt, file: file.name, offset: start, message: "column \"\(column.name)\" has an impossible chunk position or size")
        }
        let bytes = try file.read(at: start, count: length, what: "column \"\(column.name)\"")
        var position = 0
        while Int64(pages.decodedCount) < valueCount {
            guard position < bytes.count else {
                throw ParquetError(
                    .corrupt, file: file.name, offset: start + Int64(position),
                    message: "column \"\(column.name)\" ends after \(pages.decodedCount) of its \(valueCount) values")
            }
            let header: PageHeader
            var reader = ThriftCompactReader(bytes: bytes, position: position)
            do {
                header = try reader.read(PageHeader.self)
            } catch {
                throw error.inFile(file.name, baseOffset: start)
            }
            let body = reader.position..<reader.position + Int(header.compressedPageSize)
            guard body.upperBound <= bytes.count else {
                throw ParquetError(
                    .truncated, file: file.name, offset: start + Int64(position),
                    message: "a page of column \"\(column.name)\" runs past the end of its chunk")
            }
            if let crc = header.crc, UInt32(bitPattern: crc) != CRC32.of(bytes, body) {
                throw ParquetError(
                    .corrupt, file: file.name, offset: start + Int64(position),
                    message: "a page of column \"\(column.name)\" fails its CRC-32 check: its bytes were damaged")
            }
            if let selection, let rows = header.rowCount {
                guard rows >= 0, rows <= Int(valueCount) - pages.decodedCount else {
                    throw ParquetError(
                        .corrupt, file: file.name, offset: start + Int64(position),
                        message: "a page of column \"\(column.name)\" claims \(rows) rows, more than its chunk has left")
                }
                let first = selection.firstRow + pages.decodedCount
                if !selection.rows.intersects(first..<first + rows) {
                    pages.skipRows(rows)
                    position = body.upperBound
                    continue
                }
            }
            do {
                try pages.decodePage(header, bytes, body)
            } catch {
                throw error.inFile(file.name, at: start + Int64(position))
            }
            position = body.upperBound
        }
        guard Int64(pages.decodedCount) == valueCount else {
            throw ParquetError(
                .corrupt, file: file.name, offset: start,
                message: "column \"\(column.name)\" holds \(pages.decodedCount) values, its metadata says \(valueCount)")
        }
    }
}

/// A decoder of one chunk's pages, fed page by page.
protocol ChunkPages {
    /// Values (nulls included) decoded so far.
    var decodedCount: Int { get }
    mutating func decodePage(_ header: PageHeader, _ bytes: [UInt8], _ body: Range<Int>) throws(ParquetDecodingError)
    /// Appends `count` rows as nulls, for a page that is not decoded.
    mutating func skipRows(_ count: Int)
}

extension PageHeader {
    /// The rows of a data page (`nil` for other pages). In a flat column, a row is one value.
    var rowCount: Int? {
        switch type {
        case .dataPage: dataPageHeader.map { Int($0.numValues) }
        case .dataPageV2: dataPageHeaderV2.map { Int($0.numRows) }
        default: nil
        }
    }
}

/// The state of decoding one chunk's pages: the dictionary, and the values so far.
struct PageDecoder<Value: PlainValue>: ChunkPages {
    let column: ParquetColumn
    let decompressor: PageDecompressor
    var dictionary: [Value]?
    var values: [Value?] = []
    var decodedCount: Int { values.count }

    init(column: ParquetColumn, decompressor: PageDecompressor) {
        self.column = column
        self.decompressor = decompressor
    }

    mutating func skipRows(_ count: Int) { values.append(contentsOf: repeatElement(nil, count: count)) }

    /// Decodes the page with `header` stored in `bytes[body]`, appending its values.
    mutating func decodePage(_ header: PageHeader, _ bytes: [UInt8], _ body: Range<Int>) throws(ParquetDecodingError) {
        switch try PageContent.read(header, bytes, body, optional: column.optional, decompressor: decompressor) {
        case .dictionary(let content, let count):
            var position = 0
            dictionary = try Value.decodePlain(content, at: &position, end: content.count, count: count)
        case .data(let content, let start, let encoding, let levels, let count):
            try appendValues(content, from: start, encoding: encoding, levels: levels, count: count)
        case .noValues:
            break
        }
    }
}
