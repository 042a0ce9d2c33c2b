import ByteTables
import Testing

/// The cache in front of an interner gives the interner's ids: for keys of every length up to 16
/// bytes and beyond, keys that differ only in their padding or length, and keys that evict each other
/// from a tiny cache.
@Suite("Short key cache")
struct ShortKeyCacheTests {
    static let keys: [[UInt8]] = {
        var keys: [[UInt8]] = (0...20).map { length in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) } }
        keys += [[0], [0, 0], [0, 0, 0], [1], [1, 0], Array("2d6f7441a25f9313".utf8), Array("2d6f7441a25f9312".utf8)]
        keys += (0..<500).map { Array("v\($0 * 7919)".utf8) }
        return keys
    }()

    @Test(arguments: [1, 8, 4096])
    func givesTheInternersIds(size: Int) {
        let cache = ShortKeyCache(size: size)
        let cached = ByteInterner()
        let plain = ByteInterner()
        for round in 0..<3 {
            for key in Self.keys + Self.keys.reversed() {
                let ids = key.withUnsafeBufferPointer { (cache.intern($0, in: cached), plain.intern($0)) }
                #expect(ids.0 == ids.1, "round \(round), key \(key)")
            }
        }
        #expect(cached.count == plain.count)
    }

    /// Keys that differ in any one byte (the last ones included) spread over the slots: 4,096 visitor-like
    /// keys fill most of 4,096 slots, as random slots would (about 63 %).
    @Test func keysSpreadOverTheSlots() {
        let cache = ShortKeyCache(size: 4096)
        let interner = ByteInterner()
        _ = Array("made".utf8).withUnsafeBufferPointer { cache.intern($0, in: interner) }  // the cache is made when first used
        for position in 0..<16 {
            var slots = Set<Int>()
            for value in 0..<4096 {
                var bytes = Array("2d6f7441a25f9313".utf8)
                bytes[position] = UInt8(truncatingIfNeeded: value)
                bytes[(position + 1) % 16] = UInt8(truncatingIfNeeded: value >> 8)
                var words: (UInt64, UInt64) = (0, 0)
                withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: bytes) }
                slots.insert(cache.slot(of: words, length: 16))
            }
            #expect(slots.count > 2_400, "byte \(position): \(slots.count) slots")
        }
    }
}
