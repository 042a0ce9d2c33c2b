import CZlib

/// Inflates `GZIP` pages through zlib's `inflate`.
///
/// Accepts gzip members (what the specification asks for) and, like parquet-cpp, zlib streams,
/// since some old writers produced those: window bits 15 + 32 detect the wrapper. A page may hold
/// several concatenated members; each `Z_STREAM_END` resets the stream and decoding goes on.
package final class GzipDecompressor {
    /// 15 (up to a 32 KiB window) + 32 (detect gzip or zlib wrapper).
    static let autoDetectWindowBits: Int32 = 15 + 32

    private let stream: UnsafeMutablePointer<z_stream>

    /// Initialises zlib; `nil` when it cannot allocate its state.
    /// The corresponding C function is `inflateInit2`.
    package init?() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        if footfall_inflateInit2(stream, Self.autoDetectWindowBits) != Z_OK {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Inflates `input[range]`, which must hold exactly `expectedCount` bytes once inflated.
    ///
    /// - Throws: `.corrupt` when the data does not inflate or inflates to another size.
    /// - Complexity: O(*n*) in the inflated size.
    /// The corresponding C function is `inflate`.
    package func decompress(_ input: [UInt8], _ range: Range<Int>, expectedCount: Int) throws(ParquetDecodingError) -> [UInt8] {
        if expectedCount == 0, range.isEmpty { return [] }
        inflateReset(stream)
        var output = [UInt8](repeating: 0, count: max(expectedCount, 1))
        var produced = 0
        var consumed = range.lowerBound
        var failure: String?
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                while consumed < range.upperBound {
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + consumed)
                    stream.pointee.avail_in = UInt32(range.upperBound - consumed)
                    stream.pointee.next_out = destination.baseAddress.map { $0 + produced }
                    stream.pointee.avail_out = UInt32(expectedCount - produced)
                    let status = inflate(stream, Z_FINISH)
                    consumed = range.upperBound - Int(stream.pointee.avail_in)
                    produced = expectedCount - Int(stream.pointee.avail_out)
                    if status == Z_STREAM_END {
                        inflateReset(stream)
                        continue
                    }
                    if status == Z_BUF_ERROR, stream.pointee.avail_out == 0 {
                        failure = "GZIP page inflates to more than its declared \(expectedCount) bytes"
                    } else if status == Z_BUF_ERROR {
                        failure = "GZIP page data ends early"
                    } else {
                        failure = "GZIP page data is corrupt"
                            + (stream.pointee.msg.map { " (\(String(cString: $0)))" } ?? "")
                    }
                    return
                }
            }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        if let failure { throw ParquetDecodingError(.corrupt, at: range.lowerBound, failure) }
        output.removeLast(output.count - expectedCount)
        guard produced == expectedCount else {
            throw ParquetDecodingError(
                .corrupt, at: range.lowerBound, "GZIP page inflates to \(produced) bytes, not the declared \(expectedCount)")
        }
        return output
    }
}
