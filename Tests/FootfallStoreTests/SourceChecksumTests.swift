import Foundation
@testable import FootfallStore
import TestScratch
import Testing

/// The manifest's source checksums are zlib's and gzip's CRC-32 (the check value of `123456789` is
/// `cbf43926`), also across the 1 MiB blocks the file is read in.
@Suite("Source checksums")
struct SourceChecksumTests {
    static let checkValue: [UInt8] = Array("123456789".utf8)
    /// Three blocks and a bit; `zlib.crc32` of these bytes, from Python, is `cb092072`.
    static let blocks: [UInt8] = (0..<(3 * 1024 * 1024 + 17)).map { (index: Int) -> UInt8 in UInt8(truncatingIfNeeded: index * 31 / 7) }

    @Test(arguments: [(checkValue, "cbf43926"), ([], "00000000"), (blocks, "cb092072")] as [([UInt8], String)])
    func crc32AsZlibComputesIt(bytes: [UInt8], expected: String) throws {
        let path = TestScratch.path("footfall-checksum")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let size = try StoreFileSystem.size(of: path)
        #expect(size == Int64(bytes.count))
        #expect(try StoreFileSystem.checksum(path, firstBytes: size) == expected)
    }

    /// A file that grew after its size was taken (a log still being written): the checksum covers the
    /// bytes up to that size only; one that shrank is an error.
    @Test func onlyTheFirstBytesAreRead() throws {
        let path = TestScratch.path("footfall-checksum")
        try Data(Self.checkValue + Array("appended later".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(try StoreFileSystem.checksum(path, firstBytes: Int64(Self.checkValue.count)) == "cbf43926")
        #expect(throws: StoreError.self) { try StoreFileSystem.checksum(path, firstBytes: 1_000) }
    }
}
