import CZlib
import Foundation
import LogIngest
import Testing

@Suite("Gzip and plain input")
struct GzipInputTests {
    static let sampleLines = (0..<500).map { index in
        #"10.0.0.\#(index % 250) - - [17/Nov/2026:09:\#(String(format: "%02d", index / 60 % 60)):\#(String(format: "%02d", index % 60)) +0900] "GET /page/\#(index).do?x=\#(index) HTTP/1.1" 200 \#(index) "-" "Mozilla/5.0 (Windows NT 10.0)""#
    }

    static var sampleText: [UInt8] { Array((sampleLines.joined(separator: "\n") + "\n").utf8) }

    @Test func plainAndGzipGiveTheSameHits() throws {
        let plain = try Fixtures.temporaryFile(Self.sampleText)
        let compressed = try Fixtures.temporaryFile(try gzipped(Self.sampleText), suffix: ".gz")
        let fromPlain = try readLog(plain, format: .combined)
        let fromGzip = try readLog(compressed, format: .combined)
        #expect(fromPlain.hits.count == 500)
        #expect(fromPlain.hits == fromGzip.hits)
    }

    @Test func twoMemberGzipIsReadWhole() throws {
        let first = Array(Self.sampleText.prefix(while: { _ in true }))
        let half = Self.sampleLines.count / 2
        let firstPart = Array((Self.sampleLines[..<half].joined(separator: "\n") + "\n").utf8)
        let secondPart = Array((Self.sampleLines[half...].joined(separator: "\n") + "\n").utf8)
        let members = try gzipped(firstPart) + gzipped(secondPart)
        let path = try Fixtures.temporaryFile(members, suffix: ".gz")
        let (report, hits) = try readLog(path, format: .combined)
        #expect(report.lines == 500)
        #expect(hits.count == 500)
        #expect(hits.last?.path == "/page/499.do")
        #expect(first.count == Self.sampleText.count)
    }

    /// Members bigger than the reader's 256 KiB input buffer, so that member ends fall inside a buffer
    /// and the next member starts from the bytes left in it (logrotate's `delaycompress` + `cat`).
    @Test func largeMembersBackToBackAreReadWhole() throws {
        var generator = SplitMix(seed: 7)
        var parts: [[UInt8]] = []
        var expectedPaths: [String] = []
        for member in 0..<3 {
            var lines: [String] = []
            for index in 0..<30_000 {
                let token = String(generator.next(), radix: 36)
                lines.append(#"10.1.\#(member).\#(index % 250) - - [17/Nov/2026:10:00:00 +0900] "GET /m\#(member)/\#(token) HTTP/1.1" 200 \#(index) "-" "agent \#(token)""#)
                expectedPaths.append("/m\(member)/\(token)")
            }
            parts.append(try gzipped(Array((lines.joined(separator: "\n") + "\n").utf8)))
        }
        #expect(parts.allSatisfy { $0.count > 262_144 })
        let path = try Fixtures.temporaryFile(parts.flatMap { $0 }, suffix: ".gz")
        let (report, hits) = try readLog(path, format: .combined)
        #expect(report.lines == 90_000)
        #expect(hits.map(\.path) == expectedPaths)
    }

    @Test func zeroPaddingAfterTheLastMemberIsIgnored() throws {
        let path = try Fixtures.temporaryFile(try gzipped(Self.sampleText) + [UInt8](repeating: 0, count: 512), suffix: ".gz")
        #expect(try readLog(path, format: .combined).hits.count == 500)
    }

    @Test func truncatedGzipFailsWithTheFileAndOffset() throws {
        let whole = try gzipped(Self.sampleText)
        let cut = Array(whole.prefix(whole.count / 2))
        let path = try Fixtures.temporaryFile(cut, suffix: ".gz")
        let error = try #require(throws: LogIngestError.self) { try readLog(path, format: .combined) }
        #expect(error.code == .truncatedGzip)
        #expect(error.file == path)
        #expect(error.offset == Int64(cut.count))
        #expect(error.description.contains("--salvage"))
    }

    @Test func salvageKeepsTheCompleteLinesBeforeTheDamage() throws {
        let whole = try gzipped(Self.sampleText)
        let path = try Fixtures.temporaryFile(Array(whole.prefix(whole.count * 2 / 3)), suffix: ".gz")
        let (report, hits) = try readLog(path, format: .combined, salvage: true)
        #expect(report.salvagedDamage?.code == .truncatedGzip)
        #expect(hits.count > 100)
        #expect(hits.count < 500)
        #expect(report.badLines.total == 0)  // the cut-off partial line is dropped, not counted
        for (index, hit) in hits.enumerated() { #expect(hit.path == "/page/\(index).do") }
    }

    @Test func corruptGzipFails() throws {
        var bytes = try gzipped(Self.sampleText)
        for index in 40..<60 { bytes[index] ^= 0x5A }
        let path = try Fixtures.temporaryFile(bytes, suffix: ".gz")
        let error = try #require(throws: LogIngestError.self) { try readLog(path, format: .combined) }
        #expect(error.code == .corruptGzip)
        #expect(error.offset != nil)
    }

    @Test func garbageAfterAMemberIsCorruption() throws {
        let path = try Fixtures.temporaryFile(try gzipped(Self.sampleText) + Array("trailing junk".utf8), suffix: ".gz")
        let error = try #require(throws: LogIngestError.self) { try readLog(path, format: .combined) }
        #expect(error.code == .corruptGzip)
    }

    @Test(arguments: [[UInt8](), [UInt8]([0x0A, 0x0A])])
    func emptyFilesHaveNoHitsAndNoErrors(bytes: [UInt8]) throws {
        let plain = try Fixtures.temporaryFile(bytes)
        let (report, hits) = try readLog(plain, format: .auto)
        #expect(hits.isEmpty)
        #expect(report.badLines.total == 0)
        let compressed = try Fixtures.temporaryFile(try gzipped(bytes), suffix: ".gz")
        #expect(try readLog(compressed, format: .combined).hits.isEmpty)
    }

    @Test func missingFileIsAnIOError() throws {
        let error = try #require(throws: LogIngestError.self) { try readLog("/nonexistent/footfall.log") }
        #expect(error.code == .io)
        #expect(error.description.contains("/nonexistent/footfall.log"))
    }

    @Test func aDirectoryIsRefused() throws {
        let error = try #require(throws: LogIngestError.self) { try readLog(NSTemporaryDirectory()) }
        #expect(error.code == .io)
    }
}


/// Issue 18.11: header flags as gzip reads them, and `--salvage` keeping only lines that decoded cleanly.
@Suite("Gzip headers and salvage")
struct GzipHeaderAndSalvageTests {
    static let text = GzipInputTests.sampleText

    /// A gzip member written by hand: `flags`, optional fields, a header CRC (wrong when asked), the
    /// deflate data of `data` (zlib, raw) and the trailer.
    static func member(_ data: [UInt8], flags: UInt8, wrongHeaderCRC: Bool = false, wrongCRC: Bool = false) throws -> [UInt8] {
        var header: [UInt8] = [0x1F, 0x8B, 8, flags, 0, 0, 0, 0, 0, 3]
        if flags & 0x04 != 0 { header += [3, 0, 0x41, 0x42, 0x43] }
        if flags & 0x08 != 0 { header += Array("access.log".utf8) + [0] }
        if flags & 0x10 != 0 { header += Array("a comment".utf8) + [0] }
        if flags & 0x02 != 0 {
            let crc = UInt16(truncatingIfNeeded: crc32(header)) ^ (wrongHeaderCRC ? 1 : 0)
            header += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        }
        let whole = try gzipped(data)  // gzip -n: a 10-byte header, then deflate data and the trailer
        var trailer = Array(whole.suffix(8))
        if wrongCRC { trailer[0] ^= 0x01 }
        return header + Array(whole[10..<(whole.count - 8)]) + trailer
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test(arguments: [UInt8(0x02), UInt8(0x1E), UInt8(0x09)])
    func optionalHeaderFieldsAndAHeaderCRCAreRead(flags: UInt8) throws {
        let path = try Fixtures.temporaryFile(try Self.member(Self.text, flags: flags), suffix: ".gz")
        #expect(try readLog(path, format: .combined).hits.count == 500)
    }

    @Test func aWrongHeaderCRCIsCorruption() throws {
        let path = try Fixtures.temporaryFile(try Self.member(Self.text, flags: 0x02, wrongHeaderCRC: true), suffix: ".gz")
        let error = try #require(throws: LogIngestError.self) { try readLog(path, format: .combined) }
        #expect(error.code == .corruptGzip)
        #expect(error.message.contains("FHCRC"))
    }

    @Test(arguments: [UInt8(0x20), UInt8(0x40), UInt8(0x80)])
    func reservedFlagBitsAreCorruption(flags: UInt8) throws {
        let path = try Fixtures.temporaryFile(try Self.member(Self.text, flags: flags), suffix: ".gz")
        let error = try #require(throws: LogIngestError.self) { try readLog(path, format: .combined) }
        #expect(error.code == .corruptGzip)
        #expect(error.message.contains("reserved header flag bits"))
    }

    /// Two members, the second with a wrong CRC-32: salvage keeps the first member's lines only and says how
    /// many it dropped (the whole damaged member: its damage cannot be placed).
    @Test func salvageDropsAMemberThatFailsItsChecksum() throws {
        let half = GzipInputTests.sampleLines.count / 2
        let first = Array((GzipInputTests.sampleLines[..<half].joined(separator: "\n") + "\n").utf8)
        let second = Array((GzipInputTests.sampleLines[half...].joined(separator: "\n") + "\n").utf8)
        let path = try Fixtures.temporaryFile(try gzipped(first) + Self.member(second, flags: 0, wrongCRC: true), suffix: ".gz")
        let (report, hits) = try readLog(path, format: .combined, salvage: true)
        #expect(hits.count == half)
        #expect(report.badLines.total == 0)
        #expect(report.salvagedDamage?.code == .corruptGzip)
        #expect(report.salvagedDamage?.message.contains("dropped the 250 decoded line(s)") == true, "\(report.salvagedDamage?.message ?? "")")
    }

    /// A file cut inside a member's trailer (still being written) keeps every line it decoded.
    @Test func salvageKeepsAMemberCutInItsTrailer() throws {
        let whole = try gzipped(GzipInputTests.sampleText)
        let path = try Fixtures.temporaryFile(Array(whole.dropLast(4)), suffix: ".gz")
        let (report, hits) = try readLog(path, format: .combined, salvage: true)
        #expect(report.salvagedDamage?.code == .truncatedGzip)
        #expect(hits.count == 500)
    }

    /// Damage inside the deflate data of a many-block member: the lines of the blocks before it are kept,
    /// none of the damaged block (no garbage line, no bad line), and every kept line is one of the file's.
    /// The damage is placed exactly: a raw deflate stream flushed (byte-aligned) after the first 20,000 lines,
    /// whose next block header is given the reserved block type 11.
    @Test func salvageKeepsTheBlocksBeforeTheDamagedOne() throws {
        var lines: [String] = []
        for index in 0..<40_000 {
            lines.append(#"10.2.0.\#(index % 250) - - [17/Nov/2026:10:00:00 +0900] "GET /b/\#(index) HTTP/1.1" 200 \#(index) "-" "agent""#)
        }
        let first = Array((lines[..<20_000].joined(separator: "\n") + "\n").utf8)
        let second = Array((lines[20_000...].joined(separator: "\n") + "\n").utf8)
        var (deflated, flushPoint) = try Self.rawDeflate(first, then: second)
        deflated[flushPoint] |= 0x06  // BTYPE = 11: "invalid block type"
        let whole = try gzipped(first + second)
        let bytes = Array(whole.prefix(10)) + deflated + Array(whole.suffix(8))
        let path = try Fixtures.temporaryFile(bytes, suffix: ".gz")
        #expect(throws: LogIngestError.self) { try readLog(path, format: .combined) }
        let (report, hits) = try readLog(path, format: .combined, salvage: true)
        #expect(report.salvagedDamage?.code == .corruptGzip)
        #expect(report.badLines.total == 0)
        #expect(hits.count == 20_000, "\(report.salvagedDamage?.message ?? "")")
        for (index, hit) in hits.enumerated() where hit.path != "/b/\(index)" {
            Issue.record("line \(index): \(hit.path)")
            break
        }
        #expect(report.salvagedDamage?.message.contains("of the damaged block") == true)
    }

    /// `first` then `second` as one raw deflate stream, with a full flush between them; returns the stream
    /// and the offset of the first byte after the flush (a new block header, byte-aligned).
    static func rawDeflate(_ first: [UInt8], then second: [UInt8]) throws -> ([UInt8], Int) {
        var stream = z_stream()
        #expect(footfall_deflateInit2(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK)
        defer { deflateEnd(&stream) }
        var output: [UInt8] = []
        func run(_ input: [UInt8], _ flush: Int32) {
            var input = input
            input.withUnsafeMutableBufferPointer { source in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { target in
                        stream.next_out = target.baseAddress
                        stream.avail_out = UInt32(target.count)
                        _ = deflate(&stream, flush)
                        output += target[0..<(target.count - Int(stream.avail_out))]
                    }
                } while stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0)
            }
        }
        run(first, Z_FULL_FLUSH)
        let flushPoint = output.count
        run(second, Z_FINISH)
        return (output, flushPoint)
    }
}
