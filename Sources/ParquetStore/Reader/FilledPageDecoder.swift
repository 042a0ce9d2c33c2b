/// Decodes the pages of a chunk straight into non-optional values, a null becoming `fill`: the fast
/// path for the numeric and boolean columns a caller reads whole (no `[Value?]` and no copy).
struct FilledPageDecoder<Value: PlainValue>: ChunkPages {
    let column: ParquetColumn
    let decompressor: PageDecompressor
    let fill: Value
    var dictionary: [Value]?
    var values: [Value]
    /// Values in `values` before this chunk.
    let base: Int

    init(column: ParquetColumn, decompressor: PageDecompressor, values: [Value], fill: Value) {
        self.column = column
        self.decompressor = decompressor
        self.values = values
        self.fill = fill
        self.base = values.count
    }

    var decodedCount: Int { values.count - base }

    mutating func skipRows(_ count: Int) { values.append(contentsOf: repeatElement(fill, count: count)) }

    mutating func decodePage(_ header: PageHeader, _ bytes: [UInt8], _ body: Range<Int>) throws(ParquetDecodingError) {
        switch try PageContent.read(header, bytes, body, optional: column.optional, decompressor: decompressor) {
        case .dictionary(let content, let count):
            var position = 0
            dictionary = try Value.decodePlain(content, at: &position, end: content.count, count: count)
        case .data(let content, let start, let encoding, let levels, let count):
            let dense = try PageDecoder<Value>.denseValues(
                content, from: start, encoding: encoding, levels: levels, count: count, dictionary: dictionary)
            guard let levels else {
                values.append(contentsOf: dense)
                return
            }
            var next = 0
            for level in levels {
                if level == 1 {
                    values.append(dense[next])
                    next += 1
                } else {
                    values.append(fill)
                }
            }
        case .noValues:
            break
        }
    }
}
