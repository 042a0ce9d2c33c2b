import Foundation
import LogIngest
import Testing
import TestScratch

@Suite("Chunk boundaries")
struct ChunkBoundaryTests {
    /// Splits `text` with the given chunk size and returns the lines; with `knownNewlines`, each chunk's
    /// `\n` offsets are found beforehand (as the inflating thread does).
    static func split(_ text: [UInt8], chunkSize: Int, knownNewlines: Bool = false) -> [String] {
        let splitter = LineSplitter()
        var lines: [String] = []
        text.withUnsafeBytes { raw in
            var start = 0
            while start < raw.count {
                let end = min(start + chunkSize, raw.count)
                let chunk = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                let newlines = knownNewlines ? LineSplitter.newlineOffsets(in: chunk) : nil
                splitter.feed(chunk, newlines: newlines) { lines.append($0.bytes.string) }
                start = end
            }
        }
        splitter.finish { lines.append($0.bytes.string) }
        return lines
    }

    @Test(arguments: [1, 2, 3, 5, 8, 15, 64, 4096], [false, true])
    func splittingDoesNotDependOnChunkSize(chunkSize: Int, knownNewlines: Bool) {
        let text = "a\nbb\r\n\nccc\r\nlast-without-newline"
        #expect(
            Self.split(Array(text.utf8), chunkSize: chunkSize, knownNewlines: knownNewlines)
                == ["a", "bb", "", "ccc", "last-without-newline"])
    }

    @Test(arguments: [1, 7, 1000, 70_000], [false, true])
    func overlongLinesAreFlaggedWhateverTheChunks(chunkSize: Int, knownNewlines: Bool) {
        let long = String(repeating: "x", count: LineSplitter.maximumLineLength + 1)
        let exact = String(repeating: "y", count: LineSplitter.maximumLineLength)
        let text = Array("short\n\(long)\n\(exact)\r\nend\n".utf8)
        let splitter = LineSplitter()
        var seen: [(Int, Bool, Int)] = []
        text.withUnsafeBytes { raw in
            var start = 0
            while start < raw.count {
                let end = min(start + chunkSize, raw.count)
                let chunk = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                let newlines = knownNewlines ? LineSplitter.newlineOffsets(in: chunk) : nil
                splitter.feed(chunk, newlines: newlines) { seen.append(($0.number, $0.isOverlong, $0.bytes.count)) }
                start = end
            }
        }
        splitter.finish { seen.append(($0.number, $0.isOverlong, $0.bytes.count)) }
        #expect(seen.map(\.0) == [1, 2, 3, 4])
        #expect(seen.map(\.1) == [false, true, false, false])
        #expect(seen[2].2 == LineSplitter.maximumLineLength)
    }

    @Test(arguments: [(64, false), (100, true), (4093, true), (65_536, true), (1 << 20, false)])
    func theSameRecordsThroughAnyBufferSize(chunkSize: Int, threaded: Bool) throws {
        let path = Fixtures.realLog("elastic-apache/apache_logs.gz")
        let reference = try readLog(path, format: .combined)
        let chunked = try readLog(path, format: .combined, chunkSize: chunkSize, threaded: threaded)
        #expect(chunked.hits == reference.hits)
        #expect(chunked.report.badLines == reference.report.badLines)
    }

    @Test(
        .enabled(
            if: RealLogs.isAvailable("iis-waikolai/W3SVC20_u_ex090817-u_ex110107.log.gz"),
            Comment(rawValue: RealLogs.skipReason("iis-waikolai/W3SVC20_u_ex090817-u_ex110107.log.gz"))),
        arguments: [7, 333, 65_536])
    func w3cThroughSmallBuffers(chunkSize: Int) throws {
        let path = Fixtures.realLog("iis-waikolai/W3SVC20_u_ex090817-u_ex110107.log.gz")
        let reference = try readLog(path, format: .w3c)
        let chunked = try readLog(path, format: .w3c, chunkSize: chunkSize, threaded: true)
        #expect(chunked.hits == reference.hits)
    }
}
