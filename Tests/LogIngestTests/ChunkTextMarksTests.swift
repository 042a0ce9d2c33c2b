@testable import LogIngest
import Testing

/// The text check's groundwork done on the inflating thread: a line is skipped by the check only when
/// no NUL byte and no byte of 0x80 or more lies in it, and lines with one are still found, whatever
/// the chunk boundaries.
@Suite("Chunk text marks")
struct ChunkTextMarksTests {
    static let good = Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /index.do HTTP/1.1" 200 512 "-" "Mozilla/5.0""#.utf8)
    static let nul = Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /a"#.utf8) + [0] + Array(#" HTTP/1.1" 200 1 "-" "x""#.utf8)
    static let badUTF8 = Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /a HTTP/1.1" 200 1 "-" "x"#.utf8) + [0xC3, 0x28] + Array(#"""#.utf8)
    static let korean = Array(#"192.0.2.1 - - [17/Nov/2026:09:00:00 +0900] "GET /a HTTP/1.1" 200 1 "-" "브라우저""#.utf8)

    @Test func onlyLinesWithoutMarkedBytesAreKnown() {
        let lines = [Self.good, Self.nul, Self.good, Self.korean, Self.good]
        let chunk: [UInt8] = Array(lines.map { $0 + [0x0A] }.joined())
        chunk.withUnsafeBytes { raw in
            var marks = ChunkTextMarks(scanning: raw)
            var start = 0
            var known: [Bool] = []
            for line in lines {
                let bytes = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[start..<(start + line.count)])
                known.append(marks.isKnownPlainText(bytes, in: raw))
                start += line.count + 1
            }
            #expect(known == [true, false, true, false, true])
            // A line outside the chunk (carried over from the one before) is never known.
            var fresh = ChunkTextMarks(scanning: raw)
            let carried = Self.good.withUnsafeBufferPointer { fresh.isKnownPlainText($0, in: raw) }
            #expect(!carried)
        }
    }

    @Test func aChunkWithTooManyMarkedBytesKnowsNoLine() {
        let line = Self.korean
        let chunk: [UInt8] = Array(Array(repeating: line + [0x0A], count: ChunkTextMarks.maximumPositions / 8).joined())
        chunk.withUnsafeBytes { raw in
            var marks = ChunkTextMarks(scanning: raw)
            let first = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<line.count])
            let known = marks.isKnownPlainText(first, in: raw)
            #expect(!known)
        }
        var unknown = ChunkTextMarks.unknown
        let known = Self.good.withUnsafeBytes { raw in unknown.isKnownPlainText(raw.bindMemory(to: UInt8.self), in: raw) }
        #expect(!known)
    }

    /// Bad text lines among many good ones are all reported, with every chunk size and both ways of
    /// reading (the threaded one scans chunks for marks, the other checks every line).
    @Test(arguments: [64, 200, 4096, 1 << 20], [true, false])
    func badTextLinesAreFoundWhateverTheChunks(chunkSize: Int, threaded: Bool) throws {
        var lines: [[UInt8]] = []
        for index in 0..<400 {
            switch index % 50 {
            case 7: lines.append(Self.nul)
            case 19: lines.append(Self.badUTF8)
            case 33: lines.append(Self.korean)
            default: lines.append(Self.good)
            }
        }
        let path = try Fixtures.temporaryFile(Array(lines.map { $0 + [0x0A] }.joined()))
        let (report, hits) = try readLog(path, format: .combined, chunkSize: chunkSize, threaded: threaded)
        #expect(report.badLines.counts == [.nulByte: 8, .invalidUTF8: 8])
        #expect(hits.count == 384)
        #expect(hits.filter { $0.userAgent == "브라우저" }.count == 8)
    }
}
