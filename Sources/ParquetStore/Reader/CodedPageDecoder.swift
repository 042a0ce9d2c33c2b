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

    mutating func skipRows(_ count: Int) { codes.codes.append(contentsOf: repeatElement(ParquetStringCodes.null, count: count)) }

    mutating func decodePage(_ header: PageHeader, _ bytes: [UInt8], _ body: Range<Int>) throws(ParquetDecodingError) {
        switch try PageContent.read(header, bytes, body, optional: column.optional, decompressor: decompressor) {
        case .dictionary(let content, let count):
            var position = 0
            let entries = try String.decodePlain(content, at: &position, end: content.count, count: count)
            pageDictionary = entries.map { codes.code(for: $0) }
        case .data(let content, let start, let encoding, let levels, let count):
            try appendCodes(content, from: start, encoding: encoding, levels: levels, count: count)
        case .noValues:
            break
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
