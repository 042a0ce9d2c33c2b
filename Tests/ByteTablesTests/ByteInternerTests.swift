import ByteTables
import Testing

@Suite("ByteInterner")
struct ByteInternerTests {
    @Test(arguments: [1, 16, 1000, 70_000])
    func idsAreDenseAndStableThroughGrowth(count: Int) {
        let interner = ByteInterner(capacity: 4)
        let keys = (0..<count).map { Array("key-\($0)-\(String(repeating: "x", count: $0 % 40))".utf8) }
        for (index, key) in keys.enumerated() {
            #expect(key.withUnsafeBufferPointer { interner.intern($0) } == Int32(index))
        }
        #expect(interner.count == count)
        for (index, key) in keys.enumerated().reversed() {
            #expect(key.withUnsafeBufferPointer { interner.intern($0) } == Int32(index))
            #expect(key.withUnsafeBufferPointer { interner.lookup($0) } == Int32(index))
            #expect(interner.string(of: Int32(index)) == String(decoding: key, as: UTF8.self))
        }
        #expect(interner.count == count)
    }

    @Test func emptyAndPrefixStringsAreDistinct() {
        let interner = ByteInterner()
        let values = ["", "a", "ab", "abc", "b", "한국어"]
        let ids = values.map { value in var value = value; return value.withUTF8 { interner.intern($0) } }
        #expect(ids == [0, 1, 2, 3, 4, 5])
        #expect(Array("abcd".utf8).withUnsafeBufferPointer { interner.lookup($0) } == nil)
        #expect(interner.string(of: 5) == "한국어")
    }

    @Test func aHashGivenByTheCallerFindsTheSameString() {
        let interner = ByteInterner()
        let key = Array("84a20e8ba878491a".utf8)
        let first = key.withUnsafeBufferPointer { interner.intern($0, hash: ByteHash.hash($0)) }
        #expect(key.withUnsafeBufferPointer { interner.intern($0) } == first)
    }
}
