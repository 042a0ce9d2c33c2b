import CDeflate
import CIsal

/// Compresses pages into gzip members (Parquet's `GZIP` codec): level 1 through ISA-L's igzip, the
/// other levels through libdeflate.
///
/// A page is compressed whole, in one call (no streaming is needed: the page is in memory). At level 1
/// igzip is 2.5 to 2.8 times as fast as libdeflate's level 1 on footfall's pages, for pages 1–2 % bigger
/// (`Scripts/bench/gzip_levels.c`); libdeflate does the higher levels about twice as fast as zlib and a
/// little smaller. One compressor is kept per file writer. Each page becomes one complete
/// gzip member (RFC 1952: header, deflate data, CRC-32 and size), which is what parquet-cpp,
/// parquet-mr and DuckDB expect.
package final class GzipCompressor {
    /// The default level: 6, zlib's (and pyarrow's) balance of speed and size.
    static let defaultLevel: Int32 = 6

    private enum Engine {
        /// igzip's level 1, with the working buffer it needs and a stream kept from page to page (an
        /// `isal_zstream` holds ~82 KB of arrays that a stateless call does not use; zeroing a new one per
        /// page cost more than compressing a small page).
        case igzip(UnsafeMutableRawBufferPointer, UnsafeMutablePointer<isal_zstream>)
        case libdeflate(OpaquePointer)
    }

    private let engine: Engine
    /// libdeflate at level 1, for a page igzip cannot fit in its output bound; made when first needed.
    private var fallback: OpaquePointer?

    /// Prepares a compressor at `level` (1 fastest … 9, as zlib's levels).
    ///
    /// - Returns: `nil` when libdeflate cannot allocate its state.
    /// The corresponding C functions are `isal_deflate_stateless` (level 1) and `libdeflate_alloc_compressor`.
    package init?(level: Int32 = defaultLevel) {
        if level <= 1 {
            // Zeroed: igzip checks the matches its hash table proposes but does not clear the table for a
            // stateless call, so leftover bytes of an earlier allocation could change (not break) the output;
            // zeroed, the same pages in the same order compress to the same bytes.
            let levelBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(footfall_isal_level1_buffer_size()), alignment: 64)
            levelBuffer.initializeMemory(as: UInt8.self, repeating: 0)
            let stream = UnsafeMutablePointer<isal_zstream>.allocate(capacity: 1)
            stream.initialize(to: isal_zstream())  // zeroed
            engine = .igzip(levelBuffer, stream)
        } else {
            guard let compressor = libdeflate_alloc_compressor(level) else { return nil }
            engine = .libdeflate(compressor)
        }
    }

    deinit {
        switch engine {
        case .igzip(let buffer, let stream):
            buffer.deallocate()
            stream.deallocate()
        case .libdeflate(let compressor): libdeflate_free_compressor(compressor)
        }
        if let fallback { libdeflate_free_compressor(fallback) }
    }

    /// Returns `input` as one gzip member.
    ///
    /// - Returns: `nil` if the output does not fit the compressor's own bound (which only a library
    ///   bug or memory corruption causes).
    /// - Complexity: O(*n*).
    package func compress(_ input: [UInt8]) -> [UInt8]? {
        switch engine {
        case .igzip(let buffer, let stream):
            if let output = igzip(input, levelBuffer: buffer, stream: stream) { return output }
            if fallback == nil { fallback = libdeflate_alloc_compressor(1) }
            return fallback.flatMap { libdeflate(input, $0) }
        case .libdeflate(let compressor):
            return libdeflate(input, compressor)
        }
    }

    /// igzip level 1 in one stateless call; `nil` when the output would exceed the bound (stored blocks
    /// of incompressible data plus header and trailer fit it).
    private func igzip(_ input: [UInt8], levelBuffer: UnsafeMutableRawBufferPointer, stream: UnsafeMutablePointer<isal_zstream>) -> [UInt8]? {
        let bound = input.count + input.count / 16 + 1024
        var ok = false
        let output = [UInt8](unsafeUninitializedCapacity: bound) { destination, count in
            count = 0
            input.withUnsafeBufferPointer { source in
                // The fields as a zeroed stream has them (the last page left `has_wrap_hdr` set, which would
                // drop this member's gzip header), then the stateless defaults.
                footfall_isal_clear_stream_fields(stream)
                isal_deflate_stateless_init(stream)
                stream.pointee.level = 1
                stream.pointee.level_buf = levelBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
                stream.pointee.level_buf_size = UInt32(levelBuffer.count)
                stream.pointee.gzip_flag = UInt16(IGZIP_GZIP)
                stream.pointee.end_of_stream = 1
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = UInt32(source.count)
                stream.pointee.next_out = destination.baseAddress
                stream.pointee.avail_out = UInt32(bound)
                guard isal_deflate_stateless(stream) == COMP_OK, stream.pointee.avail_in == 0 else { return }
                count = Int(stream.pointee.total_out)
                ok = true
            }
        }
        return ok ? output : nil
    }

    /// The corresponding C function is `libdeflate_gzip_compress`.
    private func libdeflate(_ input: [UInt8], _ compressor: OpaquePointer) -> [UInt8]? {
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
