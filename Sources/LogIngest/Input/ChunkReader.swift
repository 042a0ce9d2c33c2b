/// A source of decoded log bytes (plain text or inflated gzip), read in caller-owned buffers.
///
/// Implementations are used from one thread at a time.
protocol ChunkReader: AnyObject {
    /// Fills `buffer` with up to `buffer.count` decoded bytes; returns 0 at the end of the input.
    ///
    /// When the input is damaged, the bytes decoded before the damage are returned first and the
    /// error is thrown by the following call.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogIngestError) -> Int
}

/// Reads a plain (uncompressed) file as it is.
final class PlainChunkReader: ChunkReader {
    private let file: FileDescriptorReader

    init(file: FileDescriptorReader) {
        self.file = file
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogIngestError) -> Int {
        try file.read(into: buffer)
    }
}
