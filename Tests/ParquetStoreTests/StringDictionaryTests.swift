@testable import ParquetStore
import Testing

/// The string dictionary builder with its cache keyed on the strings' words gives the same dictionary
/// as the plain hashing one: equal bytes in different storage meet, canonically equivalent strings
/// stay apart, nulls are skipped, and a dictionary over the size limit is refused.
@Suite("String dictionaries")
struct StringDictionaryTests {
    /// `text` in a storage of its own (not shared with any other string of the same bytes).
    static func fresh(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }

    static let long = "어린이 경제교육 — a page name long enough to live on the heap"

    @Test func sameDictionaryAsTheHashingBuilder() throws {
        var values: [String?] = []
        for index in 0..<5_000 {
            switch index % 7 {
            case 0: values.append(nil)
            case 1: values.append(Self.long)  // one shared storage
            case 2: values.append(Self.fresh(Self.long))  // the same bytes, storage of its own
            case 3: values.append("메인")  // small, inline
            case 4: values.append("e\u{301}")  // canonically equivalent to "é", other bytes
            case 5: values.append("é")
            default: values.append(Self.fresh("visit-\(index % 50)@1794896820-and-some-more-bytes"))
            }
        }
        let cached = try #require(DictionaryEncoding.build(strings: values, maxBytes: 1 << 20))
        let hashed = try #require(DictionaryEncoding.build(values, maxBytes: 1 << 20))
        #expect(cached.entries == hashed.entries)
        #expect(cached.indices == hashed.indices)
        #expect(cached.bitWidth == hashed.bitWidth)
        #expect(cached.entries.count == 4 + 50)
        #expect(cached.indices.count == values.count - values.filter { $0 == nil }.count)
    }

    @Test func aDictionaryOverTheLimitIsRefused() {
        let values: [String?] = (0..<1_000).map { "distinct value number \($0)" }
        #expect(DictionaryEncoding.build(strings: values, maxBytes: 10_000) == nil)
        #expect(DictionaryEncoding.build(strings: values + values + values, maxBytes: 1 << 20) != nil)
    }
}

/// Integer dictionaries keyed in an integer interner give the same dictionary as the hashing builder:
/// negative values, extremes, nulls, and the size limit.
@Suite("Integer dictionaries")
struct IntegerDictionaryTests {
    static func int64(_ index: Int) -> Int64? {
        if index % 9 == 0 { return nil }
        let choices: [Int64] = [Int64.min, Int64.max, -1, 0, Int64(index % 37) * -1_000_003, Int64(index % 11) << 40]
        return choices[index % 6]
    }

    static func int32(_ index: Int) -> Int32? {
        if index % 7 == 0 { return nil }
        let choices: [Int32] = [Int32.min, Int32.max, -1, 0, Int32(index % 53) * -7]
        return choices[index % 5]
    }

    static let int64s: [Int64?] = (0..<5_000).map(int64)
    static let int32s: [Int32?] = (0..<5_000).map(int32)

    @Test func sameDictionaryAsTheHashingBuilder() throws {
        let fast64 = try #require(DictionaryEncoding.build(integers: Self.int64s, maxBytes: 1 << 20))
        let hashed64 = try #require(DictionaryEncoding.build(Self.int64s, maxBytes: 1 << 20))
        #expect(fast64.entries == hashed64.entries && fast64.indices == hashed64.indices && fast64.bitWidth == hashed64.bitWidth)
        let fast32 = try #require(DictionaryEncoding.build(integers: Self.int32s, maxBytes: 1 << 20))
        let hashed32 = try #require(DictionaryEncoding.build(Self.int32s, maxBytes: 1 << 20))
        #expect(fast32.entries == hashed32.entries && fast32.indices == hashed32.indices && fast32.bitWidth == hashed32.bitWidth)
        // Int32 -1 and Int32.max stay apart from each other (sign-extended keys).
        #expect(Set(fast32.entries).count == fast32.entries.count)
    }

    @Test func aDictionaryOverTheLimitIsRefused() {
        let distinct: [Int64?] = (0..<1_000).map { Int64($0) }
        #expect(DictionaryEncoding.build(integers: distinct, maxBytes: 800) == nil)
        #expect(DictionaryEncoding.build(distinct, maxBytes: 800) == nil)
    }
}
