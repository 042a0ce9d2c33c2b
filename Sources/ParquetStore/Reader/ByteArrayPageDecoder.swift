/// Decodes the pages of a BYTE_ARRAY chunk into ``ParquetByteArrays``: PLAIN values are copied from the
/// page as they stand, dictionary indices copy their dictionary entry's bytes.
struct ByteArrayPageDecoder: ChunkPages {
    let column: ParquetColumn
    let decompressor: PageDecompressor
    var values: ParquetByteArrays
    /// Rows in `values` before this chunk.
    let base: Int
    private var dictionary: ParquetByteArrays?

    init(column: ParquetColumn, decompressor: PageDecompressor, values: ParquetByteArrays) {
        self.column = column
        self.decompressor = decompressor
        self.values = values
        self.base = values.count
    }

    var decodedCount: Int { values.count - base }

    mutating func skipRows(_ count: Int) { values.appendNulls(count) }

    mutating func decodePage(_ header: PageHeader, _ bytes: [UInt8], _ body: Range<Int>) throws(ParquetDecodingError) {
        switch try PageContent.read(header, bytes, body, optional: column.optional, decompressor: decompressor) {
        case .dictionary(let content, let count):
            var entries = ParquetByteArrays()
            var position = 0
            try entries.appendPlain(content, at: &position, count: count)
            dictionary = entries
        case .data(let content, let start, let encoding, let levels, let count):
            try appendPage(content, from: start, encoding: encoding, levels: levels, count: count)
        case .noValues:
            break
        }
    }

    private mutating func appendPage(
        _ content: [UInt8], from start: Int, encoding: ParquetEncoding, levels: [UInt32]?, count: Int
    ) throws(ParquetDecodingError) {
        guard count >= 0 else { throw ParquetDecodingError(.corrupt, at: 0, "negative value count") }
        let nonNull = levels.map { $0.reduce(0) { $0 + Int($1) } } ?? count
        // The page's non-null values, then spread over its rows by the levels.
        var dense = ParquetByteArrays()
        var position = start
        switch encoding {
        case .plain:
            if levels == nil {
                try values.appendPlain(content, at: &position, count: nonNull)
            } else {
                try dense.appendPlain(content, at: &position, count: nonNull)
            }
        case .rleDictionary, .plainDictionary:
            guard let dictionary else {
                throw ParquetDecodingError(.corrupt, at: position, "a dictionary-encoded page comes before any dictionary page")
            }
            guard nonNull > 0 else { break }
            try [UInt8].requireBytes(1, at: position, end: content.count, "the dictionary indices' bit width")
            let bitWidth = Int(content[position])
            position += 1
            let indices = try RLEHybridDecoder.decode(content, at: &position, end: content.count, bitWidth: bitWidth, count: nonNull)
            if levels == nil { values.reserveRows(nonNull) } else { dense.reserveRows(nonNull) }
            for index in indices {
                guard Int(index) < dictionary.count, let entry = dictionary[Int(index)] else {
                    throw ParquetDecodingError(.corrupt, at: position, "dictionary index \(index) past the dictionary's \(dictionary.count) entries")
                }
                if levels == nil { values.append(entry) } else { dense.append(entry) }
            }
        default:
            throw ParquetDecodingError(.unsupported, at: position, "byte arrays in the \(encoding) encoding")
        }
        guard let levels else { return }
        values.reserveRows(count)
        var next = 0
        for level in levels {
            if level == 1 {
                values.append(dense[next]!)
                next += 1
            } else {
                values.appendNulls(1)
            }
        }
    }
}
