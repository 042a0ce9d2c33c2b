import ParquetStore
import Testing

@Suite("Page codecs")
struct CodecTests {
    @Test(arguments: [0, 1, 100, 70_000])
    func gzipRoundTripsAndWritesGzipMembers(size: Int) throws {
        let input = (0..<size).map { UInt8(truncatingIfNeeded: $0 * 31 / 7) }
        let compressor = try #require(GzipCompressor())
        let compressed = try #require(compressor.compress(input))
        #expect(Array(compressed.prefix(2)) == [0x1F, 0x8B])  // RFC 1952 magic
        let again = try #require(compressor.compress(input))  // the stream is reset between pages
        #expect(again == compressed)
        let decompressor = try #require(GzipDecompressor())
        #expect(try decompressor.decompress(compressed, 0..<compressed.count, expectedCount: size) == input)
        #expect(throws: ParquetDecodingError.self) {
            try decompressor.decompress(compressed, 0..<compressed.count, expectedCount: size + 1)
        }
    }

    @Test func gzipReadsConcatenatedMembers() throws {
        let compressor = try #require(GzipCompressor())
        let first = Array("first member, ".utf8)
        let second = Array("second member".utf8)
        let both = try #require(compressor.compress(first)) + (try #require(compressor.compress(second)))
        let decompressor = try #require(GzipDecompressor())
        #expect(try decompressor.decompress(both, 0..<both.count, expectedCount: first.count + second.count) == first + second)
    }

    @Test func snappyLiteralsAndOverlappingCopies() throws {
        // Length 12; literal "abcd"; copy with a 1-byte offset: length 8, offset 4 (overlapping).
        let block: [UInt8] = [0x0C, 0x0C] + Array("abcd".utf8) + [0x11, 0x04]
        #expect(try SnappyDecompressor.decompress(block, 0..<block.count, expectedCount: 12) == Array("abcdabcdabcd".utf8))
        // A 2-byte-offset copy (tag 10): length 3, offset 2, after literal "xy".
        let wide: [UInt8] = [0x05, 0x04] + Array("xy".utf8) + [0x0A, 0x02, 0x00]
        #expect(try SnappyDecompressor.decompress(wide, 0..<wide.count, expectedCount: 5) == Array("xyxyx".utf8))
    }

    @Test(arguments: [
        [UInt8]([0x0C, 0x11, 0x04]),  // copy before any output
        [0x03, 0x0C, 0x61],  // literal longer than the block
        [0x05, 0x00, 0x61],  // fewer bytes than declared
    ])
    func snappyDamageThrows(block: [UInt8]) {
        #expect(throws: ParquetDecodingError.self) {
            try SnappyDecompressor.decompress(block, 0..<block.count, expectedCount: Int(block[0]))
        }
    }
}
