/// An error that stops the reading of a log file: damaged compression, an unreadable file,
/// too many malformed lines, or an unusable format description.
///
/// Malformed *lines* are not errors: they are counted in a ``BadLineTally``. This type is for
/// what makes a whole file (or run) fail. Its description names the file, the byte offset or
/// line where known, what went wrong and what to do about it, and never quotes log content.
public struct LogIngestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. A struct wrapping a private enum, so that new kinds do not
    /// break callers that switch over the public constants.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Storage: Hashable, Sendable {
            case truncatedGzip, corruptGzip, io, badFormat, tooManyBadLines
        }
        let storage: Storage

        /// The gzip stream ends before its end-of-member marker.
        public static let truncatedGzip = Code(storage: .truncatedGzip)
        /// The gzip stream holds bytes that do not inflate, or a bad checksum.
        public static let corruptGzip = Code(storage: .corruptGzip)
        /// The file cannot be opened or read.
        public static let io = Code(storage: .io)
        /// The log format description (a named format, LogFormat or log_format string) is unusable.
        public static let badFormat = Code(storage: .badFormat)
        /// More lines of the file are malformed than `max_bad_ratio` allows.
        public static let tooManyBadLines = Code(storage: .tooManyBadLines)

        public var description: String {
            switch storage {
            case .truncatedGzip: "truncated gzip"
            case .corruptGzip: "corrupt gzip"
            case .io: "I/O error"
            case .badFormat: "bad log format"
            case .tooManyBadLines: "too many malformed lines"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// The file concerned, as given on the command line (`-` for standard input).
    public var file: String
    /// The byte offset in the file (compressed bytes for gzip input), when known.
    public var offset: Int64?
    /// The 1-based line number, when known.
    public var line: Int?
    /// What went wrong.
    public var message: String
    /// What the user can do about it.
    public var hint: String

    /// Creates an error.
    public init(
        _ code: Code, file: String, offset: Int64? = nil, line: Int? = nil,
        message: String, hint: String = ""
    ) {
        self.code = code
        self.file = file
        self.offset = offset
        self.line = line
        self.message = message
        self.hint = hint
    }

    /// `file:line: message` or `file: byte N: message`, followed by the hint.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let offset { text += ": at byte \(offset)" }
        text += ": \(message)"
        if !hint.isEmpty { text += ". \(hint)" }
        return text
    }
}
