import ByteTables
import Testing

/// Integer keys get dense ids in first-seen order, through growth, for keys that collide in their low
/// or high bits, zero included.
@Suite("Integer interner")
struct IntegerInternerTests {
    static let sequential: [UInt64] = (0..<10_000).map { UInt64($0) }
    /// Keys that differ in their high bits only.
    static let highBits: [UInt64] = (0..<10_000).map { UInt64($0) << 40 }
    /// Packed like the rollup's tally keys (kind, segment, id), with repeats.
    static let packed: [UInt64] = (0..<10_000).map { (index: Int) -> UInt64 in
        let kind = UInt64(index % 13) << 40
        let segment = UInt64(index % 4) << 36
        return kind | segment | UInt64(index % 777)
    }
    static let extremes: [UInt64] = [0, UInt64.max, 1, UInt64.max - 1, 0, 1]

    @Test(arguments: [sequential, highBits, packed, extremes])
    func denseIdsInFirstSeenOrder(keys: [UInt64]) {
        let interner = IntegerInterner(capacity: 4)
        var expected: [UInt64: Int32] = [:]
        for key in keys {
            let id = interner.intern(key)
            if let known = expected[key] {
                #expect(id == known)
            } else {
                #expect(id == Int32(expected.count))
                expected[key] = id
            }
        }
        #expect(interner.count == expected.count)
        for (key, id) in expected {
            #expect(interner.lookup(key) == id)
            #expect(interner.key(at: id) == key)
        }
        #expect(interner.lookup(0x1234_5678_9ABC) == expected[0x1234_5678_9ABC])
    }
}
