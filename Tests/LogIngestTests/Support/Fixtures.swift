import Foundation
import LogIngest
import Testing
import TestScratch

/// Paths of test inputs: the shared real logs (read in place, never copied) and temporary files.
enum Fixtures {
    /// The path of a real log, relative to `real-logs/`: bundled in `Tests/Fixtures/real-logs/` or in the
    /// shared folder (``RealLogs``).
    static func realLog(_ relative: String) -> String {
        RealLogs.path(relative)
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], suffix: String = ".log") throws -> String {
        let path = TestScratch.path("footfall-test", suffix: suffix)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `text` to a new temporary file and returns its path.
    static func temporaryFile(_ text: String, suffix: String = ".log") throws -> String {
        try temporaryFile(Array(text.utf8), suffix: suffix)
    }
}

/// A hit copied out of a ``HitView`` for comparisons.
struct CollectedHit: Hashable, Sendable {
    var line: Int
    var client: String
    var user: String
    var method: String
    var path: String
    var query: String
    var status: UInt16
    var bytes: Int64
    var timestamp: Int64
    var offset: Int32
    var referrer: String
    var userAgent: String
    var cookie: String
    var isBot: Bool
    var isPageView: Bool
    var device: DeviceClass

    init(_ hit: HitView) {
        line = hit.lineNumber
        client = hit.string(hit.fields.client)
        user = hit.string(hit.fields.user)
        method = hit.string(hit.fields.method)
        path = hit.string(hit.fields.path)
        query = hit.string(hit.fields.query)
        status = hit.fields.status
        bytes = hit.fields.bytes
        timestamp = hit.fields.timestamp
        offset = hit.fields.utcOffsetSeconds
        referrer = hit.string(hit.fields.referrer, plusIsSpace: true)
        userAgent = hit.string(hit.fields.userAgent, plusIsSpace: true)
        cookie = hit.string(hit.fields.cookieHeader)
        isBot = hit.kind.isBot
        isPageView = hit.kind.isPageView
        device = hit.kind.agent.device
    }
}

/// Reads one file completely and returns its report and hits.
func readLog(
    _ path: String, format: LogFormat = .auto, rules: HitRules = HitRules(), maxBadRatio: Double = 1.0,
    chunkSize: Int = 1 << 20, threaded: Bool = true, salvage: Bool = false
) throws -> (report: FileReadReport, hits: [CollectedHit]) {
    let options = ReadOptions(
        format: format, maxBadRatio: maxBadRatio, salvage: salvage, chunkSize: chunkSize, threaded: threaded)
    let reader = try LogFileReader(options: options, rules: rules)
    var hits: [CollectedHit] = []
    let report = try reader.read(LogInput(path: path)) { hits.append(CollectedHit($0)) }
    return (report, hits)
}

/// Gzip-compresses `bytes` with zlib (one member).
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let input = try Fixtures.temporaryFile(bytes)
    defer { try? FileManager.default.removeItem(atPath: input) }
    let (data, status) = try shellOutput("gzip -c -n '\(input)'")
    #expect(status == 0)
    return Array(data)
}

/// The standard output of `command` run by `/bin/sh`, and its exit status.
func shellOutput(_ command: String) throws -> (output: Data, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (data, process.terminationStatus)
}
