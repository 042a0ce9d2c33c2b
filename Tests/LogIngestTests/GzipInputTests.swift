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

