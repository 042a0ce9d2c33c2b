@testable import FootfallStore
import Testing

/// Byte-wise order of keys: the `memcmp` path (contiguous bytes) and the element-by-element path
/// (any collection) agree, and both order by UTF-8 bytes, shorter prefix first.
@Suite("Sorted UTF-8 keys")
struct SortedUTF8KeysTests {
    @Test(arguments: [
        ("a", "b", -1), ("b", "a", 1), ("abc", "abc", 0), ("ab", "abc", -1), ("abc", "ab", 1), ("", "", 0), ("", "a", -1),
        ("fp:00ff", "fp:0100", -1), ("메인", "고객센터", 1), ("Z", "메인", -1), ("e\u{301}", "é", -1),
    ])
    func ordersByUTF8Bytes(lhs: String, rhs: String, expected: Int) {
        let contiguous = SortedUTF8Keys.compare(lhs.utf8, Array(rhs.utf8)[...]).signum()
        let iterated = SortedUTF8Keys.compare(lhs.utf8.lazy.map { $0 }, rhs.utf8.lazy.map { $0 }).signum()
        #expect(contiguous == expected)
        #expect(iterated == expected)
    }

    @Test func findsEveryKeyOfASortedSet() {
        let strings = ["b-key", "a-key", "메인-key", "fp:0000", "fp:00000", "Zulu"]
        var keys = SortedUTF8Keys()
        for key in strings { keys.append(key.utf8) }
        let sorted = keys.reordered(keys.sortingOrder())
        #expect(sorted.isSorted)
        for key in strings { #expect(sorted.index(of: key).map(sorted.string(at:)) == key) }
        #expect(sorted.index(of: "fp:000") == nil)
    }

    /// Keys sorted by their eight-byte prefixes, then by all their bytes, come out in byte order: ties
    /// in the prefix (fingerprints, a string and its zero-padded self), short strings, Korean text.
    @Test(arguments: [
        ["fp:0123456789abcdef", "fp:0123456789abcdee", "fp:01234", "fp:0123", "2d6f7441a25f9313", "2d6f7441a25f9312"],
        ["abc", "abc\u{0}", "abc\u{0}\u{0}x", "ab", "", "메인", "메인센터", "Zulu", "e\u{301}", "é"],
        (0..<500).map { "fp:\(String($0 * 7919 % 1000, radix: 16))-\($0)" },
    ])
    func sortsStringsByTheirPrefixesThenTheirBytes(strings: [String]) {
        var keys = SortedUTF8Keys()
        for string in strings { keys.append(string.utf8) }
        let order = keys.sortingOrder()
        let sorted = order.map { strings[$0] }
        #expect(sorted == strings.sorted { SortedUTF8Keys.compare($0.utf8, $1.utf8) < 0 })
        #expect(Set(order) == Set(strings.indices))
    }
}
