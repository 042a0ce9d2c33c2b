/// Decodes the pages of a text chunk into ``ParquetStringCodes``: each dictionary page's entries are
/// mapped once to codes of the shared dictionary, each dictionary index then costs one array access;
/// PLAIN pages (a writer's dictionary fallback) look every value up.
struct CodedPageDecoder: ChunkPages {
    let column: ParquetColumn
    let decompressor: PageDecompressor
    var codes: ParquetStringCodes
    /// Rows in `codes` before this chunk.
    let base: Int
    /// The current dictionary page's entries as shared codes.
    private var pageDictionary: [Int32]?

    init(column: ParquetColumn, decompressor: PageDecompressor, codes: ParquetStringCodes, base: Int) {
        self.column = column
        self.decompressor = decompressor
        self.codes = codes
        self.base = base
    }

    var decodedCount: Int { codes.count - base }

    mutating func decodePage(_ header: PageHeader, _ bytes: [UInt8], _ body: Range<Int>) throws(ParquetDecodingError) {
        let size = Int(header.uncompressedPageSize)
        switch header.type {
        case .dictionaryPage:
            guard let dictionaryHeader = header.dictionaryPageHeader else {
                throw ParquetDecodingError(.corrupt, at: 0, "a dictionary page lacks its dictionary_page_header")
            }
            guard dictionaryHeader.encoding == .plain || dictionaryHeader.encoding == .plainDictionary else {
                throw ParquetDecodingError(.unsupported, at: 0, "dictionary page in \(dictionaryHeader.encoding)")
            }
            let content = try decompressor.decompress(bytes, body, expectedCount: size)
            var position = 0
            let entries = try String.decodePlain(content, at: &position, end: content.count, count: Int(dictionaryHeader.numValues))
            pageDictionary = entries.map { codes.code(for: $0) }
        case .dataPage:
            guard let dataHeader = header.dataPageHeader else {
                throw ParquetDecodingError(.corrupt, at: 0, "a data page lacks its data_page_header")
            }
            let content = try decompressor.decompress(bytes, body, expectedCount: size)
            let count = Int(dataHeader.numValues)
            var position = 0
            var levels: [UInt32]?
            if column.optional {
                guard dataHeader.definitionLevelEncoding == .rle else {
                    throw ParquetDecodingError(.unsupported, at: 0, "definition levels in \(dataHeader.definitionLevelEncoding)")
                }
                try [UInt8].requireBytes(4, at: 0, end: content.count, "the definition levels' length")
                let length = Int(content.loadLittleEndian(at: 0, as: UInt32.self))
                try [UInt8].requireBytes(length, at: 4, end: content.count, "the definition levels")
                position = 4
                levels = try RLEHybridDecoder.decode(content, at: &position, end: 4 + length, bitWidth: 1, count: count)
                position = 4 + length
            }
            try appendCodes(content, from: position, encoding: dataHeader.encoding, levels: levels, count: count)
        case .dataPageV2:
            guard let v2 = header.dataPageHeaderV2 else {
                throw ParquetDecodingError(.corrupt, at: 0, "a data page lacks its data_page_header_v2")
            }
            let definitionLength = Int(v2.definitionLevelsByteLength)
            guard v2.repetitionLevelsByteLength == 0 else {
                throw ParquetDecodingError(.unsupported, at: 0, "repetition levels in a flat column")
            }
            guard definitionLength >= 0, definitionLength <= body.count, definitionLength <= size else {
                throw ParquetDecodingError(.corrupt, at: 0, "v2 page levels longer than the page")
            }
            let count = Int(v2.numValues)
            var levels: [UInt32]?
            if column.optional {
                var position = body.lowerBound
                levels = try RLEHybridDecoder.decode(bytes, at: &position, end: body.lowerBound + definitionLength, bitWidth: 1, count: count)
            }
            let valuesRange = body.lowerBound + definitionLength..<body.upperBound
            let content = v2.isCompressed
                ? try decompressor.decompress(bytes, valuesRange, expectedCount: size - definitionLength)
                : Array(bytes[valuesRange])
            try appendCodes(content, from: 0, encoding: v2.encoding, levels: levels, count: count)
        default:
            break  // index pages carry no values
        }
    }

    private mutating func appendCodes(
        _ content: [UInt8], from start: Int, encoding: ParquetEncoding, levels: [UInt32]?, count: Int
    ) throws(ParquetDecodingError) {
        guard count >= 0 else { throw ParquetDecodingError(.corrupt, at: 0, "negative value count") }
        let nonNull = levels.map { $0.reduce(0) { $0 + Int($1) } } ?? count
        var position = start
        var dense: [Int32] = []
        dense.reserveCapacity(nonNull)
        switch encoding {
        case .plain:
            for value in try String.decodePlain(content, at: &position, end: content.count, count: nonNull) {
                dense.append(codes.code(for: value))
            }
        case .rleDictionary, .plainDictionary:
            guard let pageDictionary else {
                throw ParquetDecodingError(.corrupt, at: position, "a dictionary-encoded page comes before any dictionary page")
            }
            if nonNull > 0 {
                try [UInt8].requireBytes(1, at: position, end: content.count, "the dictionary indices' bit width")
                let bitWidth = Int(content[position])
                position += 1
                let indices = try RLEHybridDecoder.decode(content, at: &position, end: content.count, bitWidth: bitWidth, count: nonNull)
                for index in indices {
                    guard Int(index) < pageDictionary.count else {
                        throw ParquetDecodingError(.corrupt, at: position, "dictionary index \(index) past the dictionary's \(pageDictionary.count) entries")
                    }
                    dense.append(pageDictionary[Int(index)])
                }
            }
        default:
            throw ParquetDecodingError(.unsupported, at: position, "text values in the \(encoding) encoding")
        }
        guard let levels else {
            codes.codes.append(contentsOf: dense)
            return
        }
        var next = 0
        for level in levels {
            if level == 1 {
                codes.codes.append(dense[next])
                next += 1
            } else {
                codes.codes.append(ParquetStringCodes.null)
            }
        }
    }
}
