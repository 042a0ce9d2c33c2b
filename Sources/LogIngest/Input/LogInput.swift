/// One log file to read: a path, or `-` for standard input; gzip or plain, told apart by the
/// gzip magic bytes (`1f 8b`), not by the file name.
public struct LogInput: Sendable, Hashable {
    /// The path as given on the command line, or `-` for standard input.
    public var path: String

    /// Creates an input for `path` (`-` means standard input).
    public init(path: String) {
        self.path = path
    }

    /// The name used in messages.
    public var displayName: String { path == "-" ? "<stdin>" : path }

    /// Opens the input and returns a reader of its decoded bytes.
    ///
    /// - Throws: ``LogIngestError`` (`.io`) when the file cannot be opened or read.
    /// With `salvaging`, a gzip file is read block by block so that damage leaves no garbage behind
    /// (``SalvagingGzipChunkReader``).
    func openReader(progress: ReadProgress? = nil, salvaging: Bool = false) throws(LogIngestError) -> any ChunkReader {
        let file = try FileDescriptorReader(path: path)
        file.progress = progress
        let magic = try file.peek(2)
        if magic == [0x1F, 0x8B] {
            return salvaging ? SalvagingGzipChunkReader(file: file) : try GzipChunkReader(file: file)
        }
        return PlainChunkReader(file: file)
    }
}
