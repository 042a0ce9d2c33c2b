/// A page unpacked for value decoding: its header checked, its body decompressed, and for a data page
/// the definition levels of an `OPTIONAL` column read (v1: RLE after a 4-byte length, compressed with
/// the values; v2: unprefixed and uncompressed before the values, which are compressed unless
/// `is_compressed` is false). Shared by the decoders of values and of text codes.
enum PageContent {
    /// A dictionary page: `count` PLAIN values in `content`.
    case dictionary(content: [UInt8], count: Int)
    /// A data page: the non-null values from `content[start...]` in `encoding`; `levels` (1: a value,
    /// 0: a null) for an optional column; `count` rows.
    case data(content: [UInt8], start: Int, encoding: ParquetEncoding, levels: [UInt32]?, count: Int)
    /// Index pages and future page types carry no values.
    case noValues

    static func read(
        _ header: PageHeader, _ bytes: [UInt8], _ body: Range<Int>, optional: Bool, decompressor: PageDecompressor
    ) throws(ParquetDecodingError) -> PageContent {
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
            return .dictionary(content: content, count: Int(dictionaryHeader.numValues))
        case .dataPage:
            guard let dataHeader = header.dataPageHeader else {
                throw ParquetDecodingError(.corrupt, at: 0, "a data page lacks its data_page_header")
            }
            let content = try decompressor.decompress(bytes, body, expectedCount: size)
            let count = Int(dataHeader.numValues)
            guard optional else { return .data(content: content, start: 0, encoding: dataHeader.encoding, levels: nil, count: count) }
            guard dataHeader.definitionLevelEncoding == .rle else {
                throw ParquetDecodingError(.unsupported, at: 0, "definition levels in \(dataHeader.definitionLevelEncoding)")
            }
            try [UInt8].requireBytes(4, at: 0, end: content.count, "the definition levels' length")
            let length = Int(content.loadLittleEndian(at: 0, as: UInt32.self))
            try [UInt8].requireBytes(length, at: 4, end: content.count, "the definition levels")
            var position = 4
            let levels = try RLEHybridDecoder.decode(content, at: &position, end: 4 + length, bitWidth: 1, count: count)
            return .data(content: content, start: 4 + length, encoding: dataHeader.encoding, levels: levels, count: count)
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
            if optional {
                var position = body.lowerBound
                levels = try RLEHybridDecoder.decode(bytes, at: &position, end: body.lowerBound + definitionLength, bitWidth: 1, count: count)
            }
            let valuesRange = body.lowerBound + definitionLength..<body.upperBound
            let content = v2.isCompressed
                ? try decompressor.decompress(bytes, valuesRange, expectedCount: size - definitionLength)
                : Array(bytes[valuesRange])
            return .data(content: content, start: 0, encoding: v2.encoding, levels: levels, count: count)
        default:
            return .noValues
        }
    }
}
