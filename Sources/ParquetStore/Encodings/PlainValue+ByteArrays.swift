#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// PLAIN `BYTE_ARRAY`: each value is a 4-byte little-endian length, then the bytes.
enum ByteArrayPlain {
    /// Calls `body` with the byte range of each of `count` values in `bytes[position..<end]`,
    /// advancing `position` past them.
    ///
    /// - Complexity: O(*n*) in the number of values.
    @inline(__always)
    static func forEach(
        _ bytes: [UInt8], at position: inout Int, end: Int, count: Int, _ body: (Range<Int>) -> Void
    ) throws(ParquetDecodingError) {
        guard count >= 0 else { throw ParquetDecodingError(.corrupt, at: position, "negative value count") }
        for _ in 0..<count {
            try [UInt8].requireBytes(4, at: position, end: end, "a BYTE_ARRAY length")
            let length = Int(bytes.loadLittleEndian(at: position, as: UInt32.self))
            position += 4
            try [UInt8].requireBytes(length, at: position, end: end, "a BYTE_ARRAY value of \(length) bytes")
            body(position..<position + length)
            position += length
        }
    }
}

extension Array: PlainValue, DictionaryValue where Element == UInt8 {
    package static var physicalType: ParquetPhysicalType { .byteArray }
    package static func appendPlain(_ values: ArraySlice<[UInt8]>, to buffer: inout [UInt8]) {
        for value in values {
            buffer.appendLittleEndian(UInt32(value.count))
            buffer.append(contentsOf: value)
        }
    }
    package static func decodePlain(_ bytes: [UInt8], at position: inout Int, end: Int, count: Int)
        throws(ParquetDecodingError) -> [[UInt8]]
    {
        var result: [[UInt8]] = []
        result.reserveCapacity(Swift.min(count, end - position))
        try ByteArrayPlain.forEach(bytes, at: &position, end: end, count: count) { result.append(Array(bytes[$0])) }
        return result
    }
    package var plainByteCount: Int { 4 + count }
    package static var fixedPlainByteCount: Int? { nil }
    package var statisticsBytes: [UInt8] { self }
    package init?(statisticsBytes bytes: [UInt8]) { self = bytes }
    package static func precedes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool { lhs.lexicographicallyPrecedes(rhs) }
    package static func columnValues(_ values: [[UInt8]?]) -> ParquetColumnValues { .binary(values) }
    package static func statisticValue(_ value: [UInt8]) -> ParquetValue { .binary(value) }
    package static func dictionaryEncoding(of values: [[UInt8]?], maxBytes: Int) -> DictionaryEncoding<[UInt8]>? {
        DictionaryEncoding.build(byteStrings: values, maxBytes: maxBytes) { value, body in value.withUnsafeBufferPointer(body) }
    }
}

extension String: DictionaryValue {
    package static var physicalType: ParquetPhysicalType { .byteArray }
    package static func appendPlain(_ values: ArraySlice<String>, to buffer: inout [UInt8]) {
        // Each string read in place (a `for` loop would copy, so retain and release, every one).
        values.withUnsafeBufferPointer { values in
            for index in values.indices {
                let utf8 = values[index].utf8
                buffer.appendLittleEndian(UInt32(utf8.count))
                if utf8.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) == nil {
                    buffer.append(contentsOf: utf8)
                }
            }
        }
    }
    package static func decodePlain(_ bytes: [UInt8], at position: inout Int, end: Int, count: Int)
        throws(ParquetDecodingError) -> [String]
    {
        var result: [String] = []
        result.reserveCapacity(Swift.min(count, end - position))
        try bytes.withUnsafeBufferPointer { (all) throws(ParquetDecodingError) in
            try ByteArrayPlain.forEach(bytes, at: &position, end: end, count: count) { range in
                result.append(String(decoding: UnsafeBufferPointer(rebasing: all[range]), as: UTF8.self))
            }
        }
        return result
    }
    package var plainByteCount: Int { 4 + utf8.count }
    package static var fixedPlainByteCount: Int? { nil }
    package var statisticsBytes: [UInt8] { Array(utf8) }
    package init?(statisticsBytes bytes: [UInt8]) { self = String(decoding: bytes, as: UTF8.self) }
    /// UTF-8 byte order, which is also Unicode code-point order (not Swift's `<`, which compares
    /// canonical equivalents).
    package static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        withUTF8(of: lhs) { left in
            withUTF8(of: rhs) { right in
                let common = Swift.min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order < 0 || (order == 0 && left.count < right.count)
            }
        }
    }
    package static func columnValues(_ values: [String?]) -> ParquetColumnValues { .string(values) }
    package static func statisticValue(_ value: String) -> ParquetValue { .string(value) }

    /// Strings are keyed on their UTF-8 bytes: Swift's `==` holds canonically equivalent strings
    /// ("é" and "e" + U+0301) equal, and a dictionary keyed on it would change the data written.
    package var dictionaryKey: UTF8Key { UTF8Key(self) }

    package static func dictionaryEncoding(of values: [String?], maxBytes: Int) -> DictionaryEncoding<String>? {
        DictionaryEncoding.build(strings: values, maxBytes: maxBytes)
    }

    /// Calls `body` with the UTF-8 bytes of `value` without copying a native string (a bridged one
    /// is copied first).
    @inline(__always)
    static func withUTF8<R>(of value: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = value.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = value
        return copy.withUTF8(body)
    }
}

/// A string compared and hashed by its UTF-8 bytes, not by Unicode canonical equivalence.
package struct UTF8Key: Hashable {
    package let string: String

    package init(_ string: String) { self.string = string }

    package static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        var left = lhs.string
        var right = rhs.string
        guard left.utf8.count == right.utf8.count else { return false }
        return left.withUTF8 { a in
            right.withUTF8 { b in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }

    package func hash(into hasher: inout Hasher) {
        var contiguous = string  // withUTF8 makes a bridged string contiguous; native ones are not copied
        contiguous.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(contiguous.utf8.count)
    }
}
