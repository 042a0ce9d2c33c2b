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
        var result = [UInt32](repeating: 0, count: count)
        var filled = 0
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        let valueBytes = (bitWidth + 7) / 8
        while filled < count {
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
                let take = Int(min(runLength, UInt64(count - filled)))
                if value != 0 {
                    result.withUnsafeMutableBufferPointer { (($0.baseAddress! + filled)).update(repeating: value, count: take) }
                }
                filled += take
            } else {
                let groups = header >> 1
                guard groups <= UInt64(end - position) else {
                    throw ParquetDecodingError(.truncated, at: position, "bit-packed run runs past the end of its page")
                }
                let byteCount = Int(groups) * bitWidth
                try [UInt8].requireBytes(byteCount, at: position, end: end, "a bit-packed run")
                let take = min(Int(groups) * 8, count - filled)
                unpack(bytes, from: position, byteCount: byteCount, bitWidth: bitWidth, mask: mask, count: take, into: &result, at: filled)
                filled += take
                position += byteCount
            }
        }
        return result
    }

    /// Unpacks `count` values of `bitWidth` bits, least significant bit first, from the `byteCount` bytes
    /// at `bytes[start...]` (checked by the caller) into `result[first...]`. Each value is cut out of an
    /// unaligned 8-byte load where eight bytes remain in the run, byte by byte at its end.
    private static func unpack(
        _ bytes: [UInt8], from start: Int, byteCount: Int, bitWidth: Int, mask: UInt64, count: Int, into result: inout [UInt32], at first: Int
    ) {
        guard bitWidth > 0 else { return }  // zeros, as `result` holds
        bytes.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { destination in
                let base = UnsafeRawPointer(source.baseAddress! + start)
                for index in 0..<count {
                    let bit = index * bitWidth
                    let byte = bit >> 3
                    let value: UInt64
                    if byte + 8 <= byteCount {
                        value = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self)) >> UInt64(bit & 7)
                    } else {
                        var window: UInt64 = 0
                        for offset in 0..<min(8, byteCount - byte) { window |= UInt64(base.load(fromByteOffset: byte + offset, as: UInt8.self)) << UInt64(8 * offset) }
                        value = window >> UInt64(bit & 7)
                    }
                    destination[first + index] = UInt32(truncatingIfNeeded: value & mask)
                }
            }
        }
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
