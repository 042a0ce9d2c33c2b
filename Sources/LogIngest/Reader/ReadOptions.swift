/// How ``LogFileReader`` reads files.
public struct ReadOptions: Sendable {
    /// SPEC §1's default: a file fails when more than 5 % of its lines are malformed.
    public static let defaultMaxBadRatio = 0.05

    /// The log format, or `.auto`.
    public var format: LogFormat
    /// The share of malformed lines above which a file fails.
    public var maxBadRatio: Double
    /// Keep the lines before damage in a gzip stream instead of failing.
    public var salvage: Bool
    /// Decoded bytes per chunk.
    public var chunkSize: Int
    /// Decode on a second thread (inflate and parse in a pipeline).
    public var threaded: Bool
    /// Keep the text of the first malformed lines in their examples (`--verbose`).
    public var keepsBadLineText = false
    /// Counters for a progress display, if any.
    public var progress: ReadProgress?

    /// Creates options.
    public init(
        format: LogFormat = .auto, maxBadRatio: Double = ReadOptions.defaultMaxBadRatio, salvage: Bool = false,
        chunkSize: Int = 1 << 20, threaded: Bool = true
    ) {
        self.format = format
        self.maxBadRatio = maxBadRatio
        self.salvage = salvage
        self.chunkSize = chunkSize
        self.threaded = threaded
    }
}

/// What reading one file found, besides the hits themselves.
public struct FileReadReport: Sendable {
    /// The file as given.
    public var file: String
    /// The format the file was read with (`auto` resolved).
    public var format: LogFormat
    /// Physical lines read (blank and directive lines included), as `wc -l` counts plus a last
    /// line without newline.
    public var lines = 0
    /// Blank lines (ignored: neither hits nor malformed).
    public var blankLines = 0
    /// W3C directive lines (`#…`).
    public var directiveLines = 0
    /// Parsed lines: hits, bots included.
    public var hits = 0
    /// Malformed lines.
    public var badLines = BadLineTally()
    /// The gzip damage that `--salvage` read past, if any.
    public var salvagedDamage: LogIngestError?
    /// Bytes of decoded text read.
    public var decodedBytes: Int64 = 0

    /// Data lines: hits plus malformed lines.
    public var dataLines: Int { hits + badLines.total }
}
