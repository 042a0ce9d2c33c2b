import CZlib

/// Compresses pages into gzip members (Parquet's `GZIP` codec) through zlib's `deflate`.
///
/// One zlib stream is kept and reset between pages, so a column chunk of many pages allocates
/// zlib's state once. Each page becomes one complete gzip member (RFC 1952: header, deflate
/// data, CRC-32 and size), which is what parquet-cpp, parquet-mr and DuckDB expect.
package final class GzipCompressor {
    /// zlib's default compression level: 6 is zlib's (and pyarrow's) balance of speed and size.
    static let defaultLevel: Int32 = 6
    /// 15 (a 32 KiB window) + 16 (gzip wrapper instead of zlib's).
    static let gzipWindowBits: Int32 = 15 + 16
    /// zlib's default memory level (`MAX_MEM_LEVEL` is 9; 8 is `DEF_MEM_LEVEL`).
    static let memoryLevel: Int32 = 8

    private let stream: UnsafeMutablePointer<z_stream>

    /// Initialises zlib.
    ///
    /// - Returns: `nil` when zlib cannot allocate its state.
    /// The corresponding C function is `deflateInit2`.
    package init?(level: Int32 = defaultLevel) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = footfall_deflateInit2(
            stream, level, Z_DEFLATED, Self.gzipWindowBits, Self.memoryLevel, Z_DEFAULT_STRATEGY)
        if status != Z_OK {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Returns `input` as one gzip member.
    ///
    /// - Returns: `nil` if zlib reports an error (which only a zlib bug or memory corruption causes).
    /// - Complexity: O(*n*).
    /// The corresponding C function is `deflate`.
    package func compress(_ input: [UInt8]) -> [UInt8]? {
        deflateReset(stream)
        let bound = Int(deflateBound(stream, UInt(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let status: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = UInt32(source.count)
                stream.pointee.next_out = destination.baseAddress
                stream.pointee.avail_out = UInt32(destination.count)
                return deflate(stream, Z_FINISH)
            }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        guard status == Z_STREAM_END else { return nil }
        output.removeLast(Int(stream.pointee.avail_out))
        return output
    }
}
