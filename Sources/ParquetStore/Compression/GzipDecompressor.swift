import CDeflate
import CZlib

/// Inflates `GZIP` pages: through libdeflate when the page is one gzip member (what footfall and most
/// writers produce; the page's inflated size is known, so it is inflated in one call, about twice as
/// fast as zlib), through zlib's `inflate` otherwise.
///
/// The zlib path accepts gzip members (what the specification asks for) and, like parquet-cpp, zlib
/// streams, since some old writers produced those: window bits 15 + 32 detect the wrapper. A page may
/// hold several concatenated members; each `Z_STREAM_END` resets the stream and decoding goes on. It
/// also words the errors of damaged pages.
package final class GzipDecompressor {
    /// 15 (up to a 32 KiB window) + 32 (detect gzip or zlib wrapper).
    static let autoDetectWindowBits: Int32 = 15 + 32

    private let stream: UnsafeMutablePointer<z_stream>
    private let whole: OpaquePointer

    /// Initialises zlib and libdeflate; `nil` when either cannot allocate its state.
    /// The corresponding C functions are `inflateInit2` and `libdeflate_alloc_decompressor`.
    package init?() {
        guard let whole = libdeflate_alloc_decompressor() else { return nil }
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        if footfall_inflateInit2(stream, Self.autoDetectWindowBits) != Z_OK {
            stream.deallocate()
            libdeflate_free_decompressor(whole)
            return nil
        }
        self.whole = whole
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        libdeflate_free_decompressor(whole)
    }

    /// Inflates `input[range]` as one gzip member of exactly `expectedCount` bytes; `nil` when it is not
    /// that (another wrapper, several members, another size, damage): the zlib path then decides.
    /// The corresponding C function is `libdeflate_gzip_decompress_ex`.
    private func inflateWhole(_ input: [UInt8], _ range: Range<Int>, expectedCount: Int) -> [UInt8]? {
        var consumed = 0, produced = 0
        let output = [UInt8](unsafeUninitializedCapacity: expectedCount) { destination, count in
            let result = input.withUnsafeBufferPointer { source in
                libdeflate_gzip_decompress_ex(
                    whole, source.baseAddress! + range.lowerBound, range.count, destination.baseAddress, expectedCount, &consumed, &produced)
            }
            count = result == LIBDEFLATE_SUCCESS ? produced : 0
            if result != LIBDEFLATE_SUCCESS { produced = -1 }
        }
        guard produced == expectedCount, consumed == range.count else { return nil }
        return output
    }

    /// Inflates `input[range]`, which must hold exactly `expectedCount` bytes once inflated.
    ///
    /// - Throws: `.corrupt` when the data does not inflate or inflates to another size.
    /// - Complexity: O(*n*) in the inflated size.
    /// The corresponding C function is `inflate`.
    package func decompress(_ input: [UInt8], _ range: Range<Int>, expectedCount: Int) throws(ParquetDecodingError) -> [UInt8] {
        if expectedCount == 0, range.isEmpty { return [] }
        if expectedCount > 0, let output = inflateWhole(input, range, expectedCount: expectedCount) { return output }
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
