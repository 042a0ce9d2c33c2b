/// Decompresses `SNAPPY` pages (the raw Snappy block format, `format_description.txt` in the
/// Snappy repository), so that files written with pyarrow's and DuckDB's default codec can be
/// read. This module does not write Snappy.
///
/// A block is a varint of the uncompressed length, then elements: literals (tag `00`) and
/// back-references with a 1-, 2- or 4-byte offset (tags `01`, `10`, `11`). Copies may overlap
/// their own output (a run), so they go byte by byte when the offset is shorter than the length.
package enum SnappyDecompressor {
    /// Decompresses `input[range]`, which must hold exactly `expectedCount` bytes once decompressed.
    ///
    /// - Throws: `.corrupt` on a malformed block, a back-reference before the start, or a size
    ///   other than `expectedCount`.
    /// - Complexity: O(*n*) in the decompressed size.
    package static func decompress(_ input: [UInt8], _ range: Range<Int>, expectedCount: Int) throws(ParquetDecodingError) -> [UInt8] {
        var position = range.lowerBound
        let end = range.upperBound
        let declared = try RLEHybridDecoder.readVarint(input, at: &position, end: end)
        guard declared == UInt64(expectedCount) else {
            throw ParquetDecodingError(.corrupt, at: range.lowerBound, "Snappy block declares \(declared) bytes, the page \(expectedCount)")
        }
        var output: [UInt8] = []
        output.reserveCapacity(expectedCount)
        func fail(_ message: String) -> ParquetDecodingError { ParquetDecodingError(.corrupt, at: position, message) }
        func readLittleEndian(_ count: Int) throws(ParquetDecodingError) -> Int {
            guard end - position >= count else { throw fail("Snappy block ends inside an element") }
            var value = 0
            for index in 0..<count { value |= Int(input[position + index]) << (8 * index) }
            position += count
            return value
        }
        while position < end {
            let tag = input[position]
            position += 1
            switch tag & 3 {
            case 0:
                var length = Int(tag >> 2) + 1
                if length > 60 { length = try readLittleEndian(length - 60) + 1 }
                guard end - position >= length, output.count + length <= expectedCount else {
                    throw fail("Snappy literal runs past its block")
                }
                output.append(contentsOf: input[position..<position + length])
                position += length
            default:
                let length: Int
                let offset: Int
                switch tag & 3 {
                case 1:
                    length = Int(tag >> 2 & 7) + 4
                    offset = Int(tag >> 5) << 8 | (try readLittleEndian(1))
                case 2:
                    length = Int(tag >> 2) + 1
                    offset = try readLittleEndian(2)
                default:
                    length = Int(tag >> 2) + 1
                    offset = try readLittleEndian(4)
                }
                guard offset > 0, offset <= output.count, output.count + length <= expectedCount else {
                    throw fail("Snappy copy reaches outside its block")
                }
                let start = output.count - offset
                if offset >= length {
                    output.append(contentsOf: output[start..<start + length])
                } else {
                    for index in 0..<length { output.append(output[start + index]) }
                }
            }
        }
        guard output.count == expectedCount else {
            throw ParquetDecodingError(.corrupt, at: range.lowerBound, "Snappy block holds \(output.count) bytes, not \(expectedCount)")
        }
        return output
    }
}
