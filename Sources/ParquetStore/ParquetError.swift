/// An error from writing or reading a Parquet file: a bad magic number, a truncated or corrupt
/// file, a feature this module does not implement, a failed system call, or values that do not
/// fit the schema.
///
/// The description reads `file: at byte N: message`, like a compiler diagnostic. It never quotes
/// column values, which may hold personal data.
public struct ParquetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. A struct wrapping a private enum, so that new kinds do not
    /// break callers that switch over the public constants.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Storage: Hashable, Sendable {
            case badMagic, truncated, corrupt, unsupported, io, invalidArgument
        }
        let storage: Storage

        /// The file does not start or end with `PAR1`: it is not a Parquet file (or is encrypted).
        public static let badMagic = Code(storage: .badMagic)
        /// The file ends before the footer, a page or a value that it announces.
        public static let truncated = Code(storage: .truncated)
        /// The file's metadata or pages are inconsistent or undecodable.
        public static let corrupt = Code(storage: .corrupt)
        /// The file uses a feature this module does not implement (nesting, a codec, an encoding,
        /// a physical or logical type).
        public static let unsupported = Code(storage: .unsupported)
        /// A system call (open, read, write, close) failed.
        public static let io = Code(storage: .io)
        /// The caller passed values that do not fit the schema, or used a closed writer.
        public static let invalidArgument = Code(storage: .invalidArgument)

        public var description: String {
            switch storage {
            case .badMagic: "not a Parquet file"
            case .truncated: "truncated file"
            case .corrupt: "corrupt file"
            case .unsupported: "unsupported feature"
            case .io: "I/O error"
            case .invalidArgument: "invalid argument"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// The file concerned, as given to the writer or reader.
    public var file: String
    /// The byte offset in the file where the problem was found, when known.
    public var offset: Int64?
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, file: String, offset: Int64? = nil, message: String) {
        self.code = code
        self.file = file
        self.offset = offset
        self.message = message
    }

    /// `file: at byte N: message` (the offset part only when known).
    public var description: String {
        var text = file
        if let offset { text += ": at byte \(offset)" }
        return text + ": \(message)"
    }
}

/// A decoding failure found in a byte buffer whose place in the file is not known to the decoder.
///
/// Decoders throw this; the file reader adds the file name and the buffer's offset and rethrows it
/// as a ``ParquetError``.
package struct ParquetDecodingError: Error, Sendable, Hashable {
    /// The kind of failure (`.truncated`, `.corrupt` or `.unsupported`).
    package var code: ParquetError.Code
    /// The position in the decoded buffer.
    package var position: Int
    /// What went wrong.
    package var message: String

    package init(_ code: ParquetError.Code, at position: Int, _ message: String) {
        self.code = code
        self.position = position
        self.message = message
    }

    /// The error as seen in `file`, for a buffer that starts at `baseOffset` in the file.
    package func inFile(_ file: String, baseOffset: Int64?) -> ParquetError {
        ParquetError(code, file: file, offset: baseOffset.map { $0 + Int64(position) }, message: message)
    }

    /// The error as seen in `file`, reported at `offset` (for data that was decompressed, whose
    /// positions do not map to file offsets: the offset of its page is given instead).
    package func inFile(_ file: String, at offset: Int64) -> ParquetError {
        ParquetError(code, file: file, offset: offset, message: message)
    }
}
