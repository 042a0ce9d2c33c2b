import CDeflate

/// Compresses pages into gzip members (Parquet's `GZIP` codec) through libdeflate.
///
/// A page is compressed whole, in one call (no streaming is needed: the page is in memory), which
/// libdeflate does about twice as fast as zlib's `deflate` at the same level and a little smaller.
/// One compressor is kept for a column chunk's pages. Each page becomes one complete gzip member
/// (RFC 1952: header, deflate data, CRC-32 and size), which is what parquet-cpp, parquet-mr and
/// DuckDB expect.
package final class GzipCompressor {
    /// The default level: 6, zlib's (and pyarrow's) balance of speed and size.
    static let defaultLevel: Int32 = 6

    private let compressor: OpaquePointer

    /// Prepares a compressor at `level` (1 fastest … 9, as zlib's levels).
    ///
    /// - Returns: `nil` when libdeflate cannot allocate its state.
    /// The corresponding C function is `libdeflate_alloc_compressor`.
    package init?(level: Int32 = defaultLevel) {
        guard let compressor = libdeflate_alloc_compressor(level) else { return nil }
        self.compressor = compressor
    }

    deinit {
        libdeflate_free_compressor(compressor)
    }

    /// Returns `input` as one gzip member.
    ///
    /// - Returns: `nil` if libdeflate reports that the output does not fit its own bound (which only a
    ///   libdeflate bug or memory corruption causes).
    /// - Complexity: O(*n*).
    /// The corresponding C function is `libdeflate_gzip_compress`.
    package func compress(_ input: [UInt8]) -> [UInt8]? {
        let bound = libdeflate_gzip_compress_bound(compressor, input.count)
        var written = 0
        let output = [UInt8](unsafeUninitializedCapacity: bound) { destination, count in
            written = input.withUnsafeBufferPointer { source in
                libdeflate_gzip_compress(compressor, source.baseAddress, source.count, destination.baseAddress, bound)
            }
            count = written
        }
        return written > 0 ? output : nil
    }
}
