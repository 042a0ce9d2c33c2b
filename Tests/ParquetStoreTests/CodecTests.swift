import ParquetStore
import Testing

@Suite("Page codecs")
struct CodecTests {
    /// Level 1 (igzip) and level 6 (libdeflate), on regular bytes and on incompressible ones (stored
    /// blocks: the output is a little larger than the input).
    @Test(arguments: [0, 1, 100, 70_000, 300_000], [Int32(1), 6])
    func gzipRoundTripsAndWritesGzipMembers(size: Int, level: Int32) throws {
        var random = SystemRandomNumberGenerator()
        let input = size == 300_000
            ? (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
            : (0..<size).map { UInt8(truncatingIfNeeded: $0 * 31 / 7) }
        let compressor = try #require(GzipCompressor(level: level))
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

    /// A compressor keeps its stream from page to page: after pages of other sizes and kinds (compressed
    /// and stored blocks), a page compresses to the bytes a new compressor makes, header included.
    @Test(arguments: [Int32(1), 6])
    func gzipPagesDoNotDependOnEarlierPages(level: Int32) throws {
        var random = SystemRandomNumberGenerator()
        let pages: [[UInt8]] = [
            Array("visit-1@1763337600".utf8), (0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 31 / 7) },
            (0..<5_000).map { _ in UInt8.random(in: 0...255, using: &random) }, [], Array(repeating: 65, count: 200_000),
        ]
        let used = try #require(GzipCompressor(level: level))
        for (index, page) in (pages + pages.reversed()).enumerated() {
            let fresh = try #require(GzipCompressor(level: level))
            let expected = try #require(fresh.compress(page))
            let compressed = try #require(used.compress(page))
            #expect(compressed == expected, "page \(index) of \(page.count) bytes")
            #expect(Array(compressed.prefix(3)) == [0x1F, 0x8B, 0x08])
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

    /// A page inside a larger buffer (the chunk), inflated by libdeflate; a zlib stream, as some old
    /// writers stored, inflated by the zlib path; damage is an error either way.
    @Test func gzipPagesInsideAChunkAndZlibStreams() throws {
        let page = Array("a page of text, a page of text, a page of text".utf8)
        let compressor = try #require(GzipCompressor(level: 1))
        let compressed = try #require(compressor.compress(page))
        let chunk = [UInt8](repeating: 7, count: 13) + compressed + [1, 2, 3]
        let decompressor = try #require(GzipDecompressor())
        #expect(try decompressor.decompress(chunk, 13..<13 + compressed.count, expectedCount: page.count) == page)
        let zlibHello: [UInt8] = [120, 156, 203, 72, 205, 201, 201, 7, 0, 6, 44, 2, 21]
        #expect(try decompressor.decompress(zlibHello, 0..<zlibHello.count, expectedCount: 5) == Array("hello".utf8))
        var damaged = compressed
        damaged[damaged.count / 2] ^= 0xFF
        #expect(throws: ParquetDecodingError.self) { try decompressor.decompress(damaged, 0..<damaged.count, expectedCount: page.count) }
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
