extension ColumnChunkEncoder {
    /// Writes a chunk of coded byte arrays (``ParquetCodedByteArrays``): dictionary-encoded when the
    /// options allow it, the values used fit ``ParquetWriterOptions/maxDictionaryBytes(for:)`` and the
    /// dictionary pays — the values used, in first-seen order, are the dictionary page, copied from the
    /// one buffer without hashing — else PLAIN, a copy of each row's value.
    func write(_ coded: ParquetCodedByteArrays, to sink: inout PageSink) throws(ParquetError) -> ColumnChunk {
        let remap = ByteArrayCodeRemap(coded, optional: column.optional)
        guard options.dictionaryEncoding, remap.dictionaryBytes <= options.maxDictionaryBytes(for: column.name),
            let bitWidth = remap.paidIndexBitWidth
        else {
            return try write(coded.byteArrays, to: &sink)
        }
        let start = (compressed: sink.compressedBytes, uncompressed: sink.uncompressedBytes)
        let (body, extremes) = remap.dictionaryPage(of: coded.values)
        let dictionaryPageOffset = try writeDictionaryPage(body, entryCount: remap.entries.count, to: &sink)
        let pages = pageRanges(dense: [Int32](), valueCount: remap.indices.count, levels: remap.levels, indexBitWidth: bitWidth)
        let firstDataPageOffset = try writeIndexPages(pages, indices: remap.indices, bitWidth: bitWidth, levels: remap.levels, to: &sink)
        return chunk(
            type: column.type.physicalType, rowCount: coded.codes.count, dictionaryPageOffset: dictionaryPageOffset,
            firstDataPageOffset: firstDataPageOffset, since: start, of: sink,
            statistics: extremes.statistics(nullCount: coded.codes.count - remap.indices.count))
    }
}

/// The codes of a chunk of coded byte arrays renumbered in first-seen order: the values used (the
/// dictionary), an index per non-null row, the definition levels, and the sizes that decide the encoding.
private struct ByteArrayCodeRemap {
    /// The position in the values of each dictionary entry, in first-seen order.
    private(set) var entries: [Int32] = []
    /// For each non-null row, its entry.
    private(set) var indices: [UInt32] = []
    /// 1 for a value, 0 for a null, per row (an optional column only).
    private(set) var levels: [UInt8]?
    /// The PLAIN bytes of the dictionary page (4 per entry plus its length).
    private(set) var dictionaryBytes = 0
    /// The PLAIN bytes of the rows' values.
    private(set) var plainBytes = 0

    init(_ coded: ParquetCodedByteArrays, optional: Bool) {
        // By value: its entry plus one (0: not used yet).
        var positions = [Int32](repeating: 0, count: coded.values.count)
        var entries: [Int32] = [], dictionaryBytes = 0, plainBytes = 0
        let indices = coded.values.ends.withUnsafeBufferPointer { ends in
            coded.codes.withUnsafeBufferPointer { codes in
                [UInt32](unsafeUninitializedCapacity: codes.count) { indices, count in
                    count = 0
                    for code in codes where code >= 0 {
                        let value = Int(code)
                        let bytes = 4 + ends[value] - (value == 0 ? 0 : ends[value - 1])
                        if positions[value] == 0 {
                            entries.append(code)
                            positions[value] = Int32(entries.count)
                            dictionaryBytes += bytes
                        }
                        plainBytes += bytes
                        indices[count] = UInt32(positions[value] - 1)
                        count += 1
                    }
                }
            }
        }
        if optional { levels = coded.codes.map { $0 >= 0 ? 1 : 0 } }
        (self.entries, self.indices, self.dictionaryBytes, self.plainBytes) = (entries, indices, dictionaryBytes, plainBytes)
    }

    /// The bit width of the indices, or `nil` when the dictionary does not pay (``paidIndexBitWidth(entryCount:indexCount:dictionaryBytes:plainBytes:)``).
    var paidIndexBitWidth: Int? {
        ParquetStore.paidIndexBitWidth(entryCount: entries.count, indexCount: indices.count, dictionaryBytes: dictionaryBytes, plainBytes: plainBytes)
    }

    /// The dictionary page's body (each entry PLAIN: a 4-byte little-endian length, then its bytes) and
    /// the least and greatest entry.
    func dictionaryPage(of values: ParquetByteArrays) -> ([UInt8], ByteArrayExtremes) {
        var extremes = ByteArrayExtremes()
        let body = values.bytes.withUnsafeBufferPointer { bytes in
            values.ends.withUnsafeBufferPointer { ends in
                [UInt8](unsafeUninitializedCapacity: dictionaryBytes) { body, count in
                    let out = UnsafeMutableRawBufferPointer(body)
                    var at = 0
                    for entry in entries {
                        let start = entry == 0 ? 0 : ends[Int(entry) - 1]
                        let value = UnsafeBufferPointer(rebasing: bytes[start..<ends[Int(entry)]])
                        out.storeBytes(of: UInt32(value.count).littleEndian, toByteOffset: at, as: UInt32.self)
                        if let source = value.baseAddress { (out.baseAddress! + at + 4).copyMemory(from: source, byteCount: value.count) }
                        at += 4 + value.count
                        extremes.add(value)
                    }
                    count = at
                }
            }
        }
        return (body, extremes)
    }
}
