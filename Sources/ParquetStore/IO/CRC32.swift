import CIsal

/// CRC-32 as zlib and gzip compute it (ISA-L's `crc32_gzip_refl`), for page checksums (the `crc` of a
/// Parquet page header) and whole-file checksums.
package enum CRC32 {
    /// The CRC-32 of `bytes`, continuing from `crc` (0 to start).
    @inline(__always)
    package static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return crc32_gzip_refl(crc, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// The CRC-32 of `bytes[range]`.
    package static func of(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
        bytes.withUnsafeBytes { update(0, UnsafeRawBufferPointer(rebasing: $0[range])) }
    }
}
