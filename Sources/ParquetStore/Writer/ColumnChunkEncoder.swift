/// Encodes one column's values for a row group into pages and writes them: an optional dictionary
/// page, then data pages (format v1) of at most ``ParquetWriterOptions/maxRowsPerPage`` rows and
/// about ``ParquetWriterOptions/maxPageBytes`` value bytes.
///
/// A data page holds, in order: the definition levels of an `OPTIONAL` column (RLE/bit-packed
/// hybrid, bit width 1, after a 4-byte little-endian length), then the non-null values, PLAIN or
/// as dictionary indices (a bit-width byte, then RLE/bit-packed hybrid). A flat schema has no
/// repetition levels. The whole page is then compressed.
struct ColumnChunkEncoder {
    let column: ParquetColumn
    let options: ParquetWriterOptions

    /// Writes a chunk of a type that is never dictionary-encoded (booleans, doubles).
    func write<Value: PlainValue>(_ values: [Value?], to sink: inout PageSink) throws(ParquetError) -> ColumnChunk {
        try writePlain(values, to: &sink)
    }

    /// Writes a chunk PLAIN-encoded.
    private func writePlain<Value: PlainValue>(_ values: [Value?], to sink: inout PageSink) throws(ParquetError) -> ColumnChunk {
        let (dense, levels) = split(values)
        var statistics = StatisticsAccumulator<Value>()
        statistics.add(contentsOf: dense)
        return try writePages(
            dense: dense, valueCount: dense.count, levels: levels, dictionary: nil, statistics: statistics, to: &sink)
    }

    /// Writes a chunk, dictionary-encoded when the options allow it and it pays. A dictionary-encoded
    /// chunk never copies its values: the dictionary is built from `values` as they are.
    func write<Value: DictionaryValue>(_ values: [Value?], to sink: inout PageSink) throws(ParquetError) -> ColumnChunk {
        if options.dictionaryEncoding, let dictionary = Value.dictionaryEncoding(of: values, maxBytes: options.maxDictionaryBytes(for: column.name)) {
            var statistics = StatisticsAccumulator<Value>()
            statistics.add(contentsOf: dictionary.entries)
            return try writePages(
                dense: [], valueCount: dictionary.indices.count, levels: column.optional ? definitionLevels(values) : nil,
                dictionary: dictionary, statistics: statistics, to: &sink)
        }
        return try writePlain(values, to: &sink)
    }

    /// Writes a chunk of coded strings: dictionary-encoded (the codes used, in first-seen order, are the
    /// dictionary; no string is hashed) when the options allow it and it pays, else PLAIN.
    func write(_ coded: ParquetCodedStrings, to sink: inout PageSink) throws(ParquetError) -> ColumnChunk {
        var remap = CodeRemap(stringCount: coded.strings.count, rowCount: coded.codes.count, optional: column.optional)
        coded.strings.withUnsafeBufferPointer { strings in
            coded.codes.withUnsafeBufferPointer { codes in
                remap.add(codes, strings: strings)
            }
        }
        if options.dictionaryEncoding, remap.dictionaryBytes <= options.maxDictionaryBytes(for: column.name),
            let dictionary = DictionaryEncoding.finished(
                entries: remap.entries, indices: remap.indices, dictionaryBytes: remap.dictionaryBytes, plainBytes: remap.plainBytes)
        {
            var statistics = StatisticsAccumulator<String>()
            statistics.add(contentsOf: dictionary.entries)
            return try writePages(
                dense: [], valueCount: dictionary.indices.count, levels: remap.levels, dictionary: dictionary,
                statistics: statistics, to: &sink)
        }
        let dense = remap.entries.withUnsafeBufferPointer { entries in remap.indices.map { entries[Int($0)] } }
        var statistics = StatisticsAccumulator<String>()
        statistics.add(contentsOf: remap.entries)
        return try writePages(
            dense: dense, valueCount: dense.count, levels: remap.levels, dictionary: nil, statistics: statistics, to: &sink)
    }

    /// The definition levels (1 for a value, 0 for a null) of an optional column. Values are read in
    /// place: a `for` loop over the array would copy (retain and release) every string.
    private func definitionLevels<Value>(_ values: [Value?]) -> [UInt8] {
        values.withUnsafeBufferPointer { values in
            [UInt8](unsafeUninitializedCapacity: values.count) { levels, count in
                for index in values.indices { levels[index] = values[index] == nil ? 0 : 1 }
                count = values.count
            }
        }
    }

    /// The non-null values, and the definition levels (1 for a value, 0 for a null) of an optional column.
    private func split<Value>(_ values: [Value?]) -> ([Value], [UInt8]?) {
        var dense: [Value] = []
        dense.reserveCapacity(values.count)
        return values.withUnsafeBufferPointer { values in
            guard column.optional else {
                for index in values.indices { dense.append(values[index]!) }  // the writer checked there is no nil
                return (dense, nil)
            }
            var levels = [UInt8](repeating: 0, count: values.count)
            for index in values.indices {
                if let value = values[index] {
                    dense.append(value)
                    levels[index] = 1
                }
            }
            return (dense, levels)
        }
    }

    private func writePages<Value: PlainValue>(
        dense: [Value], valueCount: Int, levels: [UInt8]?, dictionary: DictionaryEncoding<Value>?,
        statistics: StatisticsAccumulator<Value>, to sink: inout PageSink
    ) throws(ParquetError) -> ColumnChunk {
        let rowCount = levels?.count ?? valueCount
        let start = (compressed: sink.compressedBytes, uncompressed: sink.uncompressedBytes)
        var dictionaryPageOffset: Int64?
        if let dictionary {
            var body: [UInt8] = []
            Value.appendPlain(dictionary.entries[...], to: &body)
            dictionaryPageOffset = try writeDictionaryPage(body, entryCount: dictionary.entries.count, to: &sink)
        }
        let pages = pageRanges(dense: dense, valueCount: valueCount, levels: levels, indexBitWidth: dictionary?.bitWidth)
        let firstDataPageOffset: Int64
        if let dictionary {
            firstDataPageOffset = try writeIndexPages(pages, indices: dictionary.indices, bitWidth: dictionary.bitWidth, levels: levels, to: &sink)
        } else {
            firstDataPageOffset = try writeDataPages(pages, levels: levels, encoding: .plain, to: &sink) { values, body in
                Value.appendPlain(dense[values], to: &body)
            }
        }
        return chunk(
            type: Value.physicalType, rowCount: rowCount, dictionaryPageOffset: dictionaryPageOffset, firstDataPageOffset: firstDataPageOffset,
            since: start, of: sink, statistics: statistics.statistics(nullCount: rowCount - valueCount))
    }

    /// Writes a dictionary page of `entryCount` values, PLAIN-encoded in `body`; returns its offset.
    func writeDictionaryPage(_ body: [UInt8], entryCount: Int, to sink: inout PageSink) throws(ParquetError) -> Int64 {
        try sink.write(.dictionaryPage, body: body) { header in
            header.dictionaryPageHeader = DictionaryPageHeader(numValues: Int32(entryCount))
        }
    }

    /// Writes the data pages of a dictionary-encoded chunk: each value's index in the dictionary,
    /// `bitWidth` bits wide; returns the first page's offset.
    func writeIndexPages(
        _ pages: [(rows: Range<Int>, values: Range<Int>)], indices: [UInt32], bitWidth: Int, levels: [UInt8]?, to sink: inout PageSink
    ) throws(ParquetError) -> Int64 {
        try writeDataPages(pages, levels: levels, encoding: .rleDictionary, to: &sink) { values, body in
            body.append(UInt8(bitWidth))
            RLEHybridEncoder.encode(indices[values], bitWidth: bitWidth, into: &body)
        }
    }

    /// Writes `pages`: each one's definition levels (for an optional column), then its values, added to
    /// the page's body by `appendValues` (given the page's range of non-null values); returns the first
    /// page's offset.
    private func writeDataPages(
        _ pages: [(rows: Range<Int>, values: Range<Int>)], levels: [UInt8]?, encoding: ParquetEncoding, to sink: inout PageSink,
        appendValues: (Range<Int>, inout [UInt8]) -> Void
    ) throws(ParquetError) -> Int64 {
        var firstDataPageOffset: Int64?
        for page in pages {
            var body: [UInt8] = []
            if let levels {
                body.append(contentsOf: [0, 0, 0, 0])
                RLEHybridEncoder.encode(levels[page.rows], bitWidth: 1, into: &body)
                let length = UInt32(body.count - 4)
                for byte in 0..<4 { body[byte] = UInt8(truncatingIfNeeded: length >> UInt32(8 * byte)) }
            }
            appendValues(page.values, &body)
            let offset = try sink.write(.dataPage, body: body) { header in
                header.dataPageHeader = DataPageHeader(numValues: Int32(page.rows.count), encoding: encoding)
            }
            if firstDataPageOffset == nil { firstDataPageOffset = offset }
        }
        return firstDataPageOffset!  // `pageRanges` always makes a page
    }

    /// The chunk's metadata: `rowCount` rows of physical type `type`, written to `sink` since the sizes
    /// `start`, dictionary-encoded when there is a dictionary page.
    func chunk(
        type: ParquetPhysicalType, rowCount: Int, dictionaryPageOffset: Int64?, firstDataPageOffset: Int64,
        since start: (compressed: Int64, uncompressed: Int64), of sink: PageSink, statistics: Statistics
    ) -> ColumnChunk {
        let metaData = ColumnMetaData(
            type: type, encodings: dictionaryPageOffset == nil ? [.plain, .rle] : [.plain, .rle, .rleDictionary],
            pathInSchema: [column.name], codec: sink.codec, numValues: Int64(rowCount),
            totalUncompressedSize: sink.uncompressedBytes - start.uncompressed,
            totalCompressedSize: sink.compressedBytes - start.compressed,
            dataPageOffset: firstDataPageOffset, dictionaryPageOffset: dictionaryPageOffset, statistics: statistics)
        return ColumnChunk(metaData: metaData)
    }

    /// The rows and the non-null values of each data page: a page ends after
    /// ``ParquetWriterOptions/maxRowsPerPage`` rows or once its values reach
    /// ``ParquetWriterOptions/maxPageBytes``. There is always at least one page. `dense` holds the
    /// values of a PLAIN chunk (a dictionary-encoded one counts `indexBitWidth` per value instead).
    ///
    /// - Complexity: O(1) per page for values of one size in a required column, else O(*n*) in the
    ///   number of rows.
    func pageRanges<Value: PlainValue>(
        dense: [Value], valueCount: Int, levels: [UInt8]?, indexBitWidth: Int?
    ) -> [(rows: Range<Int>, values: Range<Int>)] {
        guard let valueSize = indexBitWidth.map({ ($0 + 7) / 8 }) ?? Value.fixedPlainByteCount else {
            return pageRanges(valueCount: valueCount, levels: levels) { dense[$0].plainByteCount }
        }
        guard levels != nil else {
            // Every row adds `valueSize` bytes: a page is full after this many rows.
            let rowsPerPage = min(options.maxRowsPerPage, (options.maxPageBytes - 1) / valueSize + 1)  // ⌈bytes / size⌉
            var pages = stride(from: 0, to: valueCount, by: rowsPerPage).map { start in
                let page = start..<min(start + rowsPerPage, valueCount)
                return (rows: page, values: page)
            }
            if pages.isEmpty { pages.append((0..<0, 0..<0)) }
            return pages
        }
        return pageRanges(valueCount: valueCount, levels: levels) { _ in valueSize }
    }

    /// ``pageRanges(dense:valueCount:levels:indexBitWidth:)`` row by row, the `index`th non-null value
    /// taking `valueBytes(index)` bytes.
    func pageRanges(
        valueCount: Int, levels: [UInt8]?, valueBytes: (Int) -> Int
    ) -> [(rows: Range<Int>, values: Range<Int>)] {
        let rowCount = levels?.count ?? valueCount
        var pages: [(rows: Range<Int>, values: Range<Int>)] = []
        var rowStart = 0
        var valueStart = 0
        var valueEnd = 0
        var bytes = 0
        levels.withUnsafeBufferPointerOrNil { levels in
            for row in 0..<rowCount {
                if levels == nil || levels![row] == 1 {
                    bytes += valueBytes(valueEnd)
                    valueEnd += 1
                }
                if row + 1 - rowStart >= options.maxRowsPerPage || bytes >= options.maxPageBytes {
                    pages.append((rowStart..<row + 1, valueStart..<valueEnd))
                    rowStart = row + 1
                    valueStart = valueEnd
                    bytes = 0
                }
            }
        }
        if rowStart < rowCount || pages.isEmpty { pages.append((rowStart..<rowCount, valueStart..<valueEnd)) }
        return pages
    }
}

extension Optional where Wrapped == [UInt8] {
    /// Calls `body` with the array's buffer, or with `nil`.
    fileprivate func withUnsafeBufferPointerOrNil<Result>(_ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        guard let array = self else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0) }
    }
}

/// The codes of a coded string chunk renumbered in first-seen order: the dictionary of the strings
/// used, an index per value, the definition levels, and the sizes that decide the encoding.
private struct CodeRemap {
    /// By code: its position in `entries` plus one (`0`: not used yet) — an array when the list of
    /// strings is not much longer than the chunk, else a dictionary (a run-wide list can hold millions
    /// of strings, and zeroing an array that long for every chunk would cost more than the chunk).
    var positionArray: [Int32]
    var positionDictionary: [Int32: Int32] = [:]
    let usesArray: Bool
    var entries: [String] = []
    var entryBytes: [Int] = []
    var indices: [UInt32] = []
    var levels: [UInt8]?
    var dictionaryBytes = 0
    var plainBytes = 0

    init(stringCount: Int, rowCount: Int, optional: Bool) {
        usesArray = stringCount <= max(4 * rowCount, 65_536)
        positionArray = usesArray ? Array(repeating: 0, count: stringCount) : []
        if optional { levels = [] }
    }

    /// Adds the rows of `codes`: indices and levels written through buffers made at once (an `append`
    /// per row checked the arrays' uniqueness every time).
    mutating func add(_ codes: UnsafeBufferPointer<Int32>, strings: UnsafeBufferPointer<String>) {
        var valueCount = 0
        let newIndices = [UInt32](unsafeUninitializedCapacity: codes.count) { indices, count in
            for code in codes where code >= 0 {
                indices[valueCount] = UInt32(position(of: code, strings: strings))
                valueCount += 1
            }
            count = valueCount
        }
        let newLevels = levels == nil ? nil : [UInt8](unsafeUninitializedCapacity: codes.count) { levels, count in
            for row in codes.indices { levels[row] = codes[row] >= 0 ? 1 : 0 }
            count = codes.count
        }
        if indices.isEmpty { indices = newIndices } else { indices.append(contentsOf: newIndices) }
        if let newLevels { if levels!.isEmpty { levels = newLevels } else { levels!.append(contentsOf: newLevels) } }
    }

    /// The position of `code` in `entries`, which it joins when new.
    @inline(__always)
    private mutating func position(of code: Int32, strings: UnsafeBufferPointer<String>) -> Int32 {
        var position = (usesArray ? positionArray[Int(code)] : positionDictionary[code] ?? 0) - 1
        if position < 0 {
            position = Int32(entries.count)
            if usesArray { positionArray[Int(code)] = position + 1 } else { positionDictionary[code] = position + 1 }
            let string = strings[Int(code)]
            let bytes = 4 + string.utf8.count
            entries.append(string)
            entryBytes.append(bytes)
            dictionaryBytes += bytes
        }
        plainBytes += entryBytes[Int(position)]
        return position
    }
}
