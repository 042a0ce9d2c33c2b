#if canImport(Glibc)
import Glibc
#endif

/// Reads log files: decodes (gzip or plain, on a second thread), splits lines, checks and parses
/// them, classifies hits, and hands each hit to the caller; malformed lines are counted.
///
/// Memory is bounded by the chunk ring, the line carry buffer and the User-Agent cache, whatever
/// the size of the file.
public final class LogFileReader {
    private let options: ReadOptions
    private let classifier: HitClassifier
    private let fixedParser: LineParser?

    /// Creates a reader.
    ///
    /// - Throws: ``LogIngestError`` (`.badFormat`) when the format cannot be compiled.
    public init(options: ReadOptions, rules: HitRules) throws(LogIngestError) {
        self.options = options
        classifier = HitClassifier(rules: rules)
        fixedParser = options.format == .auto ? nil : try LineParser.make(for: options.format)
    }

    /// Reads `input` to its end, calling `body` for every hit.
    ///
    /// - Returns: what was read: line counts, malformed lines, the resolved format.
    /// - Throws: ``LogIngestError`` when the file cannot be read, its gzip stream is damaged (unless
    ///   salvaging), or too many lines are malformed; any error `body` throws.
    public func read(_ input: LogInput, _ body: (HitView) throws -> Void) throws -> FileReadReport {
        try read(input, stoppingAfterBytes: nil, body)
    }

    /// ``read(_:_:)``, stopping quietly after about `limit` decoded bytes (a look at a file's start).
    func read(_ input: LogInput, stoppingAfterBytes limit: Int64?, _ body: (HitView) throws -> Void) throws -> FileReadReport {
        let reader = try input.openReader(progress: options.progress, salvaging: options.salvage)
        var state = FileState(
            report: FileReadReport(file: input.path, format: options.format),
            parser: fixedParser, classifier: classifier)
        state.keepsBadLineText = options.keepsBadLineText
        let splitter = LineSplitter()
        do {
            try ChunkPipeline.forEachChunk(of: reader, chunkSize: options.chunkSize, threaded: options.threaded) { chunk, marks, newlines in
                if let limit, state.report.decodedBytes >= limit { throw StopReading() }
                state.report.decodedBytes += Int64(chunk.count)
                let linesBefore = splitter.linesSeen
                var marks = marks
                try splitter.feed(chunk, newlines: newlines) { line in
                    try state.accept(line, knownText: marks.isKnownPlainText(line.bytes, in: chunk), body)
                }
                options.progress?.addLines(splitter.linesSeen - linesBefore)
            }
            try splitter.finish { line in try state.accept(line, body) }
        } catch let error as LogIngestError
            where options.salvage && (error.code == .truncatedGzip || error.code == .corruptGzip)
        {
            splitter.discardPartialLine()
            state.report.salvagedDamage = error
        } catch is StopReading {
            return state.report
        }
        try state.flushDetection(body)
        let report = state.report
        try checkBadRatio(report)
        return report
    }

    private func checkBadRatio(_ report: FileReadReport) throws(LogIngestError) {
        let bad = report.badLines.total
        guard bad > 0 else { return }
        let ratio = Double(bad) / Double(report.dataLines)
        guard ratio > options.maxBadRatio else { return }
        let first = report.badLines.examples.first
        let percent = (ratio * 1000).rounded() / 10
        throw LogIngestError(
            .tooManyBadLines, file: report.file, line: first?.line,
            message: "\(bad) of \(report.dataLines) lines (\(percent)%) are malformed, more than max_bad_ratio \(options.maxBadRatio); the first is \(first?.reason.rawValue ?? "?") (\(first?.reason.explanation ?? ""))\(first?.text.map { ": " + $0 } ?? "")",
            hint: "The file was read as '\(report.format)': pass the right --format (or log_format in site.toml), or raise max_bad_ratio if the damage is expected")
    }
}

/// The per-file state of ``LogFileReader/read(_:_:)``.
private struct FileState {
    var report: FileReadReport
    var parser: LineParser?
    let classifier: HitClassifier
    var cookieNames: [String] = []
    /// Lines held back while `auto` has not decided yet.
    var pendingLines: [(number: Int, bytes: [UInt8], overlong: Bool)] = []
    var pendingNonBlank = 0
    var timestampCache = TimestampCache()
    var keepsBadLineText = false

    init(report: FileReadReport, parser: LineParser?, classifier: HitClassifier) {
        self.report = report
        self.parser = parser
        self.classifier = classifier
        cookieNames = parser?.cookieNames ?? []
    }

    @inline(__always)
    mutating func accept(_ line: SplitLine, knownText: Bool = false, _ body: (HitView) throws -> Void) throws {
        report.lines = line.number
        if parser == nil {
            pendingLines.append((line.number, Array(line.bytes), line.isOverlong))
            if !line.isOverlong, !Self.isBlank(line.bytes) { pendingNonBlank += 1 }
            if pendingNonBlank >= FormatDetector.sampleSize { try flushDetection(body) }
            return
        }
        try process(line.bytes, number: line.number, overlong: line.isOverlong, knownText: knownText, body)
    }

    /// Decides the format of an `auto` file and replays the held-back lines.
    mutating func flushDetection(_ body: (HitView) throws -> Void) throws {
        guard parser == nil else { return }
        let sample = pendingLines.filter { !$0.overlong && !Self.isBlank($0.bytes) }.map(\.bytes)
        let format = FormatDetector.detect(sample)
        report.format = format
        parser = try LineParser.make(for: format)
        cookieNames = parser?.cookieNames ?? []
        let held = pendingLines
        pendingLines = []
        for line in held {
            try line.bytes.withUnsafeBufferPointer { bytes in
                try process(bytes, number: line.number, overlong: line.overlong, body)
            }
        }
    }

    @inline(__always)
    private mutating func process(
        _ bytes: UnsafeBufferPointer<UInt8>, number: Int, overlong: Bool, knownText: Bool = false,
        _ body: (HitView) throws -> Void
    ) throws {
        if overlong {
            report.badLines.record(.lineTooLong, file: report.file, line: number)
            return
        }
        if Self.isBlank(bytes) {
            report.blankLines += 1
            return
        }
        if !knownText, let problem = TextValidation.problem(in: bytes) {
            report.badLines.record(problem, file: report.file, line: number, text: keepsBadLineText ? bytes : nil)
            return
        }
        var fields = HitFields()
        switch parser!.parse(bytes, into: &fields, cache: &timestampCache) {
        case .directive:
            report.directiveLines += 1
            return
        case .bad(let reason):
            report.badLines.record(reason, file: report.file, line: number, text: keepsBadLineText ? bytes : nil)
            return
        case .hit:
            break
        }
        report.hits += 1
        let kind = classifier.classify(bytes, fields)
        try body(HitView(line: bytes, fields: fields, kind: kind, lineNumber: number, cookieNames: cookieNames))
    }

    @inline(__always)
    static func isBlank<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        for byte in bytes where byte != UInt8(ascii: " ") && byte != 0x09 { return false }
        return true
    }
}

/// Ends ``LogFileReader/read(_:stoppingAfterBytes:_:)`` at its byte limit.
private struct StopReading: Error {}

extension LogFileReader {
    /// The earliest hit time among the first 256 KiB of `input` (a clock glitch in its first line must not
    /// open the file late), or nil when it has no hit there, cannot be read now (its error comes when it is read
    /// for real), or is not a regular file: standard input, a pipe or a FIFO is read once only, so it is not
    /// looked at beforehand.
    @usableFromInline
    static func firstTimestamp(of input: LogInput, options: ReadOptions, rules: HitRules) -> Int64? {
        guard input.path != "-" else { return nil }
        var status = stat()
        guard stat(input.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        var probing = options
        probing.threaded = false
        probing.chunkSize = 64 * 1024
        probing.progress = nil
        probing.keepsBadLineText = false
        var earliest: Int64?
        do {
            let reader = try LogFileReader(options: probing, rules: rules)
            _ = try reader.read(input, stoppingAfterBytes: 256 * 1024) { hit in
                earliest = min(earliest ?? .max, hit.fields.timestamp)
            }
        } catch {}
        return earliest
    }
}
