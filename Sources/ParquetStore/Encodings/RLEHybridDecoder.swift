/// Reads Parquet's RLE / bit-packing hybrid encoding; see ``RLEHybridEncoder`` for the layout.
package enum RLEHybridDecoder {
    /// Decodes `count` values of `bitWidth` bits from `bytes[position..<end]`, advancing `position`
    /// past the runs read. Values past `count` in the last bit-packed group are padding and ignored.
    ///
    /// - Parameters:
    ///   - bytes: the buffer.
    ///   - position: where the first run header is; on return, just after the last run read.
    ///   - end: the end of the encoded data.
    ///   - bitWidth: bits per value, 0...32 (0: every value is 0, runs carry no value bytes).
    ///   - count: the number of values to decode.
    /// - Throws: `.truncated` when the runs end before `count` values, `.corrupt` for an invalid
    ///   bit width or run header.
    /// - Complexity: O(*n*) in `count` plus the encoded size.
    package static func decode(
        _ bytes: [UInt8], at position: inout Int, end: Int, bitWidth: Int, count: Int
    ) throws(ParquetDecodingError) -> [UInt32] {
        guard (0...32).contains(bitWidth) else {
            throw ParquetDecodingError(.corrupt, at: position, "RLE bit width \(bitWidth) out of range")
        }
        guard count >= 0 else { throw ParquetDecodingError(.corrupt, at: position, "negative value count") }
        var result: [UInt32] = []
        result.reserveCapacity(count)
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        let valueBytes = (bitWidth + 7) / 8
        while result.count < count {
            let header = try readVarint(bytes, at: &position, end: end)
            if header & 1 == 0 {
                let runLength = header >> 1
                try [UInt8].requireBytes(valueBytes, at: position, end: end, "an RLE run value")
                var value: UInt32 = 0
                for byte in 0..<valueBytes { value |= UInt32(bytes[position + byte]) << UInt32(8 * byte) }
                position += valueBytes
                guard UInt64(value) <= mask else {
                    throw ParquetDecodingError(.corrupt, at: position, "RLE value \(value) wider than \(bitWidth) bits")
                }
                let take = Int(min(runLength, UInt64(count - result.count)))
                result.append(contentsOf: repeatElement(value, count: take))
            } else {
                let groups = header >> 1
                guard groups <= UInt64(end - position) else {
                    throw ParquetDecodingError(.truncated, at: position, "bit-packed run runs past the end of its page")
                }
                let byteCount = Int(groups) * bitWidth
                try [UInt8].requireBytes(byteCount, at: position, end: end, "a bit-packed run")
                let take = min(Int(groups) * 8, count - result.count)
                var accumulator: UInt64 = 0
                var bits = 0
                var next = position
                for _ in 0..<take {
                    while bits < bitWidth {
                        accumulator |= UInt64(bytes[next]) << UInt64(bits)
                        next += 1
                        bits += 8
                    }
                    result.append(UInt32(truncatingIfNeeded: accumulator & mask))
                    accumulator >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
                position += byteCount
            }
        }
        return result
    }

    /// Reads a ULEB128 varint of at most ten bytes.
    static func readVarint(_ bytes: [UInt8], at position: inout Int, end: Int) throws(ParquetDecodingError) -> UInt64 {
        var result: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard position < end else {
                throw ParquetDecodingError(.truncated, at: position, "RLE data ends inside a run header")
            }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return result }
        }
        throw ParquetDecodingError(.corrupt, at: position, "RLE run header longer than ten bytes")
    }
}
