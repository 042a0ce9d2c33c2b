/// SipHash-2-4 with a 128-bit output (Aumasson and Bernstein): a keyed hash, so a visitor
/// fingerprint cannot be reversed to an IP address and User-Agent without the site's key.
struct SipHash128 {
    private var v0: UInt64
    private var v1: UInt64
    private var v2: UInt64
    private var v3: UInt64

    /// The 128-bit digest of `bytes` under the key `(key0, key1)`.
    static func hash(_ bytes: [UInt8], key0: UInt64, key1: UInt64) -> (UInt64, UInt64) {
        var state = SipHash128(key0: key0, key1: key1)
        return state.digest(bytes)
    }

    private init(key0: UInt64, key1: UInt64) {
        v0 = key0 ^ 0x736F_6D65_7073_6575
        v1 = key1 ^ 0x646F_7261_6E64_6F6D ^ 0xEE
        v2 = key0 ^ 0x6C79_6765_6E65_7261
        v3 = key1 ^ 0x7465_6462_7974_6573
    }

    private mutating func round() {
        v0 = v0 &+ v1; v1 = (v1 << 13) | (v1 >> 51); v1 ^= v0; v0 = (v0 << 32) | (v0 >> 32)
        v2 = v2 &+ v3; v3 = (v3 << 16) | (v3 >> 48); v3 ^= v2
        v0 = v0 &+ v3; v3 = (v3 << 21) | (v3 >> 43); v3 ^= v0
        v2 = v2 &+ v1; v1 = (v1 << 17) | (v1 >> 47); v1 ^= v2; v2 = (v2 << 32) | (v2 >> 32)
    }

    private mutating func digest(_ bytes: [UInt8]) -> (UInt64, UInt64) {
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            var word: UInt64 = 0
            for offset in 0..<8 { word |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
            v3 ^= word
            round(); round()
            v0 ^= word
            index += 8
        }
        var last = UInt64(truncatingIfNeeded: count) << 56
        var shift: UInt64 = 0
        while index < count {
            last |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        v3 ^= last
        round(); round()
        v0 ^= last
        v2 ^= 0xEE
        round(); round(); round(); round()
        let first = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xDD
        round(); round(); round(); round()
        return (first, v0 ^ v1 ^ v2 ^ v3)
    }
}
