/// Writes Parquet's RLE / bit-packing hybrid encoding (`Encodings.md`, "Run Length Encoding /
/// Bit-Packing Hybrid"), used for definition levels and dictionary indices.
///
/// The output is a sequence of runs, each introduced by a ULEB128 varint header:
/// - an RLE run, `header = count << 1`, followed by the repeated value in `ceil(bitWidth / 8)`
///   little-endian bytes;
/// - a bit-packed run, `header = groups << 1 | 1`, followed by `groups * 8` values of `bitWidth`
///   bits each, packed least significant bit first (`groups * bitWidth` bytes).
///
/// A value repeated at least ``minRepeatRun`` times becomes an RLE run; shorter stretches are
/// bit-packed. A bit-packed run must hold whole groups of eight, so before an RLE run the pending
/// literals are topped up to a multiple of eight with the run's own first values; at the very end
/// the last group is padded with zeros (readers stop at the page's value count).
/// The length prefix that some uses need (definition levels in a v1 data page) is the caller's job.
package enum RLEHybridEncoder {
    /// Repeats shorter than this are bit-packed rather than run-length encoded: eight values is
    /// where an RLE run (header plus one value) stops costing more than a bit-packed group.
    package static let minRepeatRun = 8
    /// Groups of eight values per bit-packed run, at most, so that every run header fits in one
    /// byte (63 << 1 | 1 = 127), as parquet-cpp does.
    package static let maxGroupsPerBitPackedRun = 63

    /// Appends the encoding of `values` (each below `1 << bitWidth`) to `output`.
    ///
    /// - Parameters:
    ///   - values: the levels or indices.
    ///   - bitWidth: bits per value, 1...32.
    ///   - output: the buffer to append to.
    /// - Complexity: O(*n*).
    package static func encode<C: RandomAccessCollection>(_ values: C, bitWidth: Int, into output: inout [UInt8])
    where C.Element: FixedWidthInteger, C.Index == Int {
        precondition((1...32).contains(bitWidth), "bit width \(bitWidth) out of range")
        var literalStart = values.startIndex
        var index = values.startIndex
        let end = values.endIndex
        while index < end {
            let value = values[index]
            var runEnd = index + 1
            while runEnd < end, values[runEnd] == value { runEnd += 1 }
            var runLength = runEnd - index
            if runLength >= minRepeatRun {
                let pending = index - literalStart
                if pending > 0 {
                    let padding = (8 - pending % 8) % 8
                    index += padding
                    runLength -= padding
                    appendBitPacked(values, literalStart..<index, bitWidth: bitWidth, into: &output)
                }
                appendRun(UInt32(truncatingIfNeeded: value), count: runLength, bitWidth: bitWidth, into: &output)
                index = runEnd
                literalStart = runEnd
            } else {
                index = runEnd
            }
        }
        if literalStart < end { appendBitPacked(values, literalStart..<end, bitWidth: bitWidth, into: &output) }
    }

    /// Appends an RLE run of `count` copies of `value`.
    private static func appendRun(_ value: UInt32, count: Int, bitWidth: Int, into output: inout [UInt8]) {
        appendVarint(UInt64(count) << 1, to: &output)
        for byte in 0..<(bitWidth + 7) / 8 { output.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * byte))) }
    }

    /// Appends the values in `range` as bit-packed runs, zero-padding the last group to eight.
    ///
    /// A run's bytes are made room for at once and written 32 bits at a time (an `append` per byte
    /// checked the array's uniqueness and capacity each time: most of the cost of a dictionary index).
    private static func appendBitPacked<C: RandomAccessCollection>(
        _ values: C, _ range: Range<Int>, bitWidth: Int, into output: inout [UInt8]
    ) where C.Element: FixedWidthInteger, C.Index == Int {
        let valuesPerRun = maxGroupsPerBitPackedRun * 8
        var start = range.lowerBound
        while start < range.upperBound {
            let count = min(valuesPerRun, range.upperBound - start)
            let groups = (count + 7) / 8
            appendVarint(UInt64(groups) << 1 | 1, to: &output)
            var at = output.count
            output.append(contentsOf: repeatElement(0, count: groups * bitWidth))
            output.withUnsafeMutableBytes { out in
                // At most 31 bits wait in the accumulator, so a value of up to 32 bits always fits.
                var accumulator: UInt64 = 0
                var bits = 0
                for slot in 0..<groups * 8 {
                    let value = slot < count ? UInt64(truncatingIfNeeded: values[start + slot]) : 0
                    accumulator |= value << UInt64(bits)
                    bits += bitWidth
                    if bits >= 32 {
                        out.storeBytes(of: UInt32(truncatingIfNeeded: accumulator).littleEndian, toByteOffset: at, as: UInt32.self)
                        at += 4
                        accumulator >>= 32
                        bits -= 32
                    }
                }
                while bits > 0 {  // whole bytes: 8 × groups × bitWidth bits in all
                    out[at] = UInt8(truncatingIfNeeded: accumulator)
                    at += 1
                    accumulator >>= 8
                    bits -= 8
                }
            }
            start += count
        }
    }

    /// Appends `value` as a ULEB128 varint.
    static func appendVarint(_ value: UInt64, to output: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        output.append(UInt8(rest))
    }
}
