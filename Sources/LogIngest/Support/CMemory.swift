#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `memcmp` over two byte pointers. The corresponding C function is `memcmp`.
@inline(__always)
func memcmpBytes(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    memcmp(lhs, rhs, count)
}

/// The first occurrence of `byte` in `[start, end)`. The corresponding C function is `memchr`.
@inline(__always)
func findByte(_ byte: UInt8, from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
    // The first eight bytes are searched in place, as one word: most fields of a log line (ident, user,
    // status, size) end within them. Longer ones go to memchr, which beats an inline loop on them.
    let count = end - start
    guard count > 0 else { return nil }
    if count >= 8 {
        let word = UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
        let matches = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        let zeroBytes = (matches &- 0x0101_0101_0101_0101) & ~matches & 0x8080_8080_8080_8080
        if zeroBytes != 0 { return start + zeroBytes.trailingZeroBitCount / 8 }
        guard count > 8, let found = memchr(start + 8, Int32(byte), count - 8) else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
    }
    guard let found = memchr(start, Int32(byte), count) else { return nil }
    return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
}
