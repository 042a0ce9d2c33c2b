/// A fast, non-cryptographic 64-bit hash of a byte string, for hash tables of log values.
///
/// Eight bytes at a time with a multiply-xorshift mix (in the manner of wyhash and MurmurHash's
/// finaliser). Not keyed: never use it where an attacker's collisions would matter for security.
package enum ByteHash {
    /// Hashes `bytes`.
    ///
    /// - Complexity: O(*n*).
    @inline(__always)
    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        guard let base = bytes.baseAddress else { return mix(state) }
        let raw = UnsafeRawPointer(base)
        var index = 0
        // Two independent lanes, sixteen bytes a round, so the multiplies overlap.
        var other: UInt64 = 0x6A09_E667_F3BC_C908
        while index + 16 <= count {
            let first = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let second = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
            state = (state ^ first) &* 0xFF51_AFD7_ED55_8CCD
            other = (other ^ second) &* 0xC4CE_B9FE_1A85_EC53
            state ^= state >> 29
            other ^= other >> 31
            index += 16
        }
        state ^= other &* 0x9E37_79B9_7F4A_7C15
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            state = (state ^ word) &* 0xFF51_AFD7_ED55_8CCD
            state ^= state >> 29
            index += 8
        }
        if index < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                tail |= UInt64(base[index]) << shift
                shift += 8
                index += 1
            }
            state = (state ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        return mix(state)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return x
    }
}
