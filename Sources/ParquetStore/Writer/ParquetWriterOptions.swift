/// How ``ParquetFileWriter`` lays out a file: codec, dictionary encoding, and the bounds on row
/// groups, pages and dictionaries.
///
/// The defaults follow the common writers (arrow-rs `parquet/src/file/properties.rs`, parquet-cpp):
/// row groups of at most a million rows or about 64 MiB, pages of at most 20,000 rows or about
/// 1 MiB, dictionaries of at most 1 MiB.
public struct ParquetWriterOptions: Hashable, Sendable {
    /// Rows per row group, at most, by default. A row group is the unit a reader skips with
    /// statistics or reads in parallel, and the writer holds one in memory.
    public static let defaultMaxRowsPerRowGroup = 1_000_000
    /// Buffered (PLAIN-estimated) bytes that end a row group by default, whatever its row count.
    public static let defaultMaxRowGroupBytes = 64 * 1024 * 1024
    /// Rows per data page, at most, by default (arrow-rs `DEFAULT_DATA_PAGE_ROW_COUNT_LIMIT`).
    public static let defaultMaxRowsPerPage = 20_000
    /// Encoded value bytes that end a data page by default (arrow-rs `DEFAULT_PAGE_SIZE`).
    public static let defaultMaxPageBytes = 1024 * 1024
    /// PLAIN bytes of a dictionary, at most, by default; a column chunk whose distinct values
    /// exceed it falls back to PLAIN (arrow-rs `DEFAULT_DICTIONARY_PAGE_SIZE_LIMIT`).
    public static let defaultMaxDictionaryBytes = 1024 * 1024
    /// The `created_by` string: `<application> version <version>`, the form readers parse.
    public static let defaultCreatedBy = "footfall ParquetStore version 0.1.0"

    /// The page codec: ``ParquetCodec/uncompressed`` or ``ParquetCodec/gzip`` (the default).
    public var compression: ParquetCodec = .gzip
    /// The DEFLATE level of ``ParquetCodec/gzip`` pages, 1 (fastest) … 9 (smallest), on zlib's scale
    /// (level 1 by ISA-L's igzip, the others by libdeflate); 6 is zlib's and pyarrow's default.
    public var gzipLevel: Int32 = 6
    /// Whether integer, date, timestamp, string and binary columns may be dictionary-encoded
    /// (when the dictionary fits ``maxDictionaryBytes`` and makes the chunk smaller).
    public var dictionaryEncoding = true
    /// Rows per row group, at most.
    public var maxRowsPerRowGroup = Self.defaultMaxRowsPerRowGroup
    /// Buffered bytes that end a row group.
    public var maxRowGroupBytes = Self.defaultMaxRowGroupBytes
    /// Rows per data page, at most.
    public var maxRowsPerPage = Self.defaultMaxRowsPerPage
    /// Value bytes that end a data page.
    public var maxPageBytes = Self.defaultMaxPageBytes
    /// Dictionary bytes, at most, before falling back to PLAIN.
    public var maxDictionaryBytes = Self.defaultMaxDictionaryBytes
    /// Dictionary bytes allowed to particular columns, by name, in place of ``maxDictionaryBytes``: for a
    /// column whose values the caller has already grouped (``ParquetCodedByteArrays``, such as a visit id
    /// repeated on the visit's rows), where a dictionary larger than the usual bound still pays and costs
    /// no hashing.
    public var maxDictionaryBytesByColumn: [String: Int] = [:]
    /// Application metadata written in the footer (`key_value_metadata`), sorted by key.
    public var keyValueMetadata: [String: String] = [:]
    /// The footer's `created_by`.
    public var createdBy = Self.defaultCreatedBy
    /// Whether ``ParquetFileWriter/close()`` calls `fsync` before returning, so that a rename
    /// that publishes the file cannot survive a crash without its data.
    public var synchronizeOnClose = false

    /// Creates the default options.
    public init() {}

    /// The dictionary bytes allowed to the column named `column`.
    public func maxDictionaryBytes(for column: String) -> Int { maxDictionaryBytesByColumn[column] ?? maxDictionaryBytes }

    /// Checks the bounds and the codec.
    func validate(file: String) throws(ParquetError) {
        guard compression == .uncompressed || compression == .gzip else {
            throw ParquetError(.invalidArgument, file: file, message: "this writer compresses with UNCOMPRESSED or GZIP, not \(compression)")
        }
        for (name, value) in [
            ("maxRowsPerRowGroup", maxRowsPerRowGroup), ("maxRowGroupBytes", maxRowGroupBytes),
            ("maxRowsPerPage", maxRowsPerPage), ("maxPageBytes", maxPageBytes),
        ] where value < 1 {
            throw ParquetError(.invalidArgument, file: file, message: "\(name) must be at least 1, not \(value)")
        }
        guard maxRowsPerPage <= Int(Int32.max) else {
            throw ParquetError(.invalidArgument, file: file, message: "maxRowsPerPage must fit a page header's 32-bit count")
        }
    }
}
