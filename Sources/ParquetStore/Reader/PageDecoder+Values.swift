extension PageDecoder {
    /// Decodes the non-null values of a data page from `content[position...]` and appends the
    /// page's `count` values, nulls placed by `levels` (1: a value, 0: a null).
    mutating func appendValues(
        _ content: [UInt8], from start: Int, encoding: ParquetEncoding, levels: [UInt32]?, count: Int
    ) throws(ParquetDecodingError) {
        let dense = try Self.denseValues(content, from: start, encoding: encoding, levels: levels, count: count, dictionary: dictionary)
        guard let levels else {
            values.append(contentsOf: dense.lazy.map { Optional($0) })
            return
        }
        var next = 0
        for level in levels {
            if level == 1 {
                values.append(dense[next])
                next += 1
            } else {
                values.append(nil)
            }
        }
    }

    /// The non-null values of a data page of `count` values whose values start at `content[start...]`.
    static func denseValues(
        _ content: [UInt8], from start: Int, encoding: ParquetEncoding, levels: [UInt32]?, count: Int, dictionary: [Value]?
    ) throws(ParquetDecodingError) -> [Value] {
        guard count >= 0 else { throw ParquetDecodingError(.corrupt, at: 0, "negative value count") }
        let nonNull = levels.map { $0.reduce(0) { $0 + Int($1) } } ?? count
        var position = start
        switch encoding {
        case .plain:
            return try Value.decodePlain(content, at: &position, end: content.count, count: nonNull)
        case .rleDictionary, .plainDictionary:
            guard let dictionary else {
                throw ParquetDecodingError(.corrupt, at: position, "a dictionary-encoded page comes before any dictionary page")
            }
            return try lookUp(content, at: &position, count: nonNull, in: dictionary)
        case .rle where Value.self == Bool.self:
            try [UInt8].requireBytes(4, at: position, end: content.count, "the RLE booleans' length")
            let length = Int(content.loadLittleEndian(at: position, as: UInt32.self))
            position += 4
            try [UInt8].requireBytes(length, at: position, end: content.count, "the RLE booleans")
            let bits = try RLEHybridDecoder.decode(content, at: &position, end: position + length, bitWidth: 1, count: nonNull)
            return bits.map { $0 == 1 } as! [Value]
        default:
            throw ParquetDecodingError(.unsupported, at: position, "values in the \(encoding) encoding")
        }
    }

    /// Reads a bit-width byte and `count` RLE/bit-packed indices, and maps them through `dictionary`.
    ///
    /// - Throws: `.corrupt` for an index past the dictionary's end.
    static func lookUp(
        _ content: [UInt8], at position: inout Int, count: Int, in dictionary: [Value]
    ) throws(ParquetDecodingError) -> [Value] {
        if count == 0 { return [] }
        try [UInt8].requireBytes(1, at: position, end: content.count, "the dictionary indices' bit width")
        let bitWidth = Int(content[position])
        position += 1
        let indices = try RLEHybridDecoder.decode(content, at: &position, end: content.count, bitWidth: bitWidth, count: count)
        var result: [Value] = []
        result.reserveCapacity(count)
        for index in indices {
            guard Int(index) < dictionary.count else {
                throw ParquetDecodingError(.corrupt, at: position, "dictionary index \(index) past the dictionary's \(dictionary.count) entries")
            }
            result.append(dictionary[Int(index)])
        }
        return result
    }
}
