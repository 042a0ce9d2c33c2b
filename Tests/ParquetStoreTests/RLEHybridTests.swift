import ParquetStore
import Testing

@Suite("RLE / bit-packing hybrid")
struct RLEHybridTests {
    @Test func bitPackingMatchesTheSpecificationExample() {
        // Encodings.md: 0..7 with bit width 3 pack to 10001000 11000110 11111010.
        var output: [UInt8] = []
        RLEHybridEncoder.encode([UInt32](0..<8), bitWidth: 3, into: &output)
        #expect(output == [0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010])
    }

    @Test func longRepeatsBecomeRLERuns() {
        var output: [UInt8] = []
        RLEHybridEncoder.encode([UInt8](repeating: 1, count: 100), bitWidth: 1, into: &output)
        // One RLE run: header 100 << 1 = 200 as a varint (0xC8 0x01), then the value in one byte.
        #expect(output == [0xC8, 0x01, 0x01])
    }

    static let patterns: [(name: String, values: [UInt32], bitWidth: Int)] = [
        ("empty", [], 1),
        ("one", [1], 1),
        ("alternating", (0..<1000).map { UInt32($0 % 2) }, 1),
        ("runs after literals", [1, 0, 1] + [UInt32](repeating: 1, count: 50) + [0, 0, 1], 1),
        ("wide", (0..<777).map { UInt32($0 * 7919 % 100_000) }, 17),
        ("full width", [0, UInt32.max, 12345, UInt32.max], 32),
        ("mixed runs", (0..<5000).map { UInt32($0 / 37 % 5) }, 3),
        ("long literal run", (0..<2000).map { UInt32($0 % 255) }, 8),
    ]

    @Test(arguments: patterns)
    func decodeInvertsEncode(pattern: (name: String, values: [UInt32], bitWidth: Int)) throws {
        var output: [UInt8] = [0xEE]  // a byte before, to check positions are honoured
        RLEHybridEncoder.encode(pattern.values, bitWidth: pattern.bitWidth, into: &output)
        var position = 1
        let decoded = try RLEHybridDecoder.decode(
            output, at: &position, end: output.count, bitWidth: pattern.bitWidth, count: pattern.values.count)
        #expect(decoded == pattern.values, "\(pattern.name)")
        #expect(position == output.count, "\(pattern.name)")
    }

    /// Every bit width, with values that use all its bits, lengths that end bit-packed groups anywhere
    /// (the unpacking loads eight bytes at a time inside a run and byte by byte at its end).
    @Test(arguments: 1...32)
    func everyBitWidthRoundTrips(bitWidth: Int) throws {
        let mask = bitWidth == 32 ? UInt32.max : (UInt32(1) << UInt32(bitWidth)) - 1
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for count in [1, 7, 8, 9, 63, 1_001] {
            let values = (0..<count).map { _ -> UInt32 in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt32(truncatingIfNeeded: seed >> 29) & mask
            }
            var output: [UInt8] = []
            RLEHybridEncoder.encode(values, bitWidth: bitWidth, into: &output)
            var position = 0
            #expect(try RLEHybridDecoder.decode(output, at: &position, end: output.count, bitWidth: bitWidth, count: count) == values)
        }
    }

    /// The packer's bytes against a bit-by-bit packing (each value least significant bit first, the
    /// last group padded with zeros), for every width: values without a repeat, so bit-packed runs only —
    /// 20 values make one run of three groups, 1,000 make runs of 63 and 62 groups.
    @Test(arguments: 1...32, [20, 1_000])
    func bitPackingMatchesABitByBitPacking(bitWidth: Int, count: Int) {
        let mask = bitWidth == 32 ? UInt64(UInt32.max) : (UInt64(1) << UInt64(bitWidth)) - 1
        let values = (0..<count).map { UInt32((UInt64($0) &* 2_654_435_761 &+ 1) & mask) }
        var expected: [UInt8] = [0xEE]
        for runStart in stride(from: 0, to: count, by: 504) {
            let run = values[runStart..<min(runStart + 504, count)]
            let groups = (run.count + 7) / 8
            var bits: [UInt8] = []
            for value in run + [UInt32](repeating: 0, count: groups * 8 - run.count) {
                for bit in 0..<bitWidth { bits.append(UInt8(value >> UInt32(bit) & 1)) }
            }
            expected.append(UInt8(groups << 1 | 1))
            expected += stride(from: 0, to: bits.count, by: 8).map { start in
                (0..<8).reduce(UInt8(0)) { byte, bit in byte | bits[start + bit] << UInt8(bit) }
            }
        }
        var output: [UInt8] = [0xEE]
        RLEHybridEncoder.encode(values, bitWidth: bitWidth, into: &output)
        #expect(output == expected)
    }

    @Test func truncatedRunsThrow() {
        var output: [UInt8] = []
        RLEHybridEncoder.encode((0..<64).map { UInt32($0 % 3) }, bitWidth: 2, into: &output)
        var position = 0
        #expect(throws: ParquetDecodingError.self) {
            try RLEHybridDecoder.decode(output, at: &position, end: output.count - 1, bitWidth: 2, count: 64)
        }
    }
}
