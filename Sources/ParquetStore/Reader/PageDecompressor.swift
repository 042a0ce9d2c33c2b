/// Turns stored page bytes back into the page's content, by the chunk's codec.
struct PageDecompressor {
    /// The most a page may grow when decompressed. Deflate's limit is about 1032:1 and Snappy's
    /// about 22:1; a header claiming more is corrupt, and refusing it keeps a damaged file from
    /// making the reader allocate gigabytes.
    static let maxExpansionRatio = 1_100
    /// Pages this small may declare any size up to ``maxExpansionRatio`` times this many bytes.
    static let smallPageAllowance = 64

    let codec: ParquetCodec
    private let gzip: GzipDecompressor?

    /// Prepares to decompress pages of `codec`.
    ///
    /// - Throws: `.unsupported` for a codec other than UNCOMPRESSED, GZIP and SNAPPY; `.io`-like
    ///   `.corrupt` if zlib cannot start.
    init(codec: ParquetCodec) throws(ParquetDecodingError) {
        self.codec = codec
        switch codec {
        case .uncompressed, .snappy:
            gzip = nil
        case .gzip:
            guard let gzip = GzipDecompressor() else {
                throw ParquetDecodingError(.corrupt, at: 0, "zlib could not be initialised")
            }
            self.gzip = gzip
        default:
            throw ParquetDecodingError(.unsupported, at: 0, "the \(codec) codec is not supported (only UNCOMPRESSED, GZIP and SNAPPY)")
        }
    }

    /// The content of the page stored in `bytes[range]`, `expectedCount` bytes long.
    ///
    /// - Complexity: O(*n*) in the page size.
    func decompress(_ bytes: [UInt8], _ range: Range<Int>, expectedCount: Int) throws(ParquetDecodingError) -> [UInt8] {
        guard expectedCount >= 0, expectedCount / Self.maxExpansionRatio <= max(range.count, Self.smallPageAllowance) else {
            throw ParquetDecodingError(
                .corrupt, at: range.lowerBound,
                "a page of \(range.count) stored bytes claims \(expectedCount) bytes uncompressed")
        }
        switch codec {
        case .gzip:
            return try gzip!.decompress(bytes, range, expectedCount: expectedCount)
        case .snappy:
            return try SnappyDecompressor.decompress(bytes, range, expectedCount: expectedCount)
        default:
            guard range.count == expectedCount else {
                throw ParquetDecodingError(
                    .corrupt, at: range.lowerBound,
                    "uncompressed page stores \(range.count) bytes but declares \(expectedCount)")
            }
            return Array(bytes[range])
        }
    }
}
