import ByteTables

/// A column chunk's values split into a dictionary of distinct values and one index per value.
package struct DictionaryEncoding<Value: PlainValue> {
    /// The distinct values, in first-seen order: the dictionary page.
    var entries: [Value]
    /// For each non-null value, its position in ``entries``.
    var indices: [UInt32]
    /// Bits per index in the data pages: enough for `entries.count - 1`, and at least 1.
    var bitWidth: Int
}

extension DictionaryEncoding {
    /// The dictionary of `entries` and `indices`, or `nil` when the dictionary page plus the bit-packed
    /// indices would not be smaller than the PLAIN values (`plainBytes`).
    static func finished(entries: [Value], indices: [UInt32], dictionaryBytes: Int, plainBytes: Int) -> DictionaryEncoding? {
        guard let bitWidth = paidIndexBitWidth(entryCount: entries.count, indexCount: indices.count, dictionaryBytes: dictionaryBytes, plainBytes: plainBytes)
        else { return nil }
        return DictionaryEncoding(entries: entries, indices: indices, bitWidth: bitWidth)
    }
}

/// The bit width of the indices of a dictionary of `entryCount` entries (`dictionaryBytes` as a PLAIN
/// page) and `indexCount` values, when the dictionary page plus the bit-packed indices are smaller than the
/// values PLAIN (`plainBytes`); else `nil`: the dictionary does not pay.
func paidIndexBitWidth(entryCount: Int, indexCount: Int, dictionaryBytes: Int, plainBytes: Int) -> Int? {
    let bitWidth = max(1, bitsNeeded(UInt64(max(entryCount, 1) - 1)))
    let indexBytes = (indexCount * bitWidth + 7) / 8
    return dictionaryBytes + indexBytes < plainBytes ? bitWidth : nil
}

extension DictionaryEncoding where Value: DictionaryValue {
    /// Builds the dictionary of `values`, or returns `nil` when dictionary encoding should not be
    /// used: the distinct values' PLAIN size exceeds `maxBytes`, or the dictionary page plus
    /// the bit-packed indices would not be smaller than PLAIN.
    ///
    /// Building stops as soon as the dictionary is too big, so a column of unique values costs
    /// at most `maxBytes` of hashing before falling back.
    ///
    /// - Complexity: O(*n*) expected, hashing each value once.
    static func build(_ values: [Value?], maxBytes: Int) -> DictionaryEncoding? {
        var positions: [Value.DictionaryKey: UInt32] = [:]
        var entries: [Value] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(values.count)
        var dictionaryBytes = 0
        var plainBytes = 0
        for case let value? in values {
            let size = value.plainByteCount
            plainBytes += size
            let key = value.dictionaryKey
            if let index = positions[key] {
                indices.append(index)
                continue
            }
            dictionaryBytes += size
            if dictionaryBytes > maxBytes { return nil }
            let index = UInt32(entries.count)
            positions[key] = index
            entries.append(value)
            indices.append(index)
        }
        return finished(entries: entries, indices: indices, dictionaryBytes: dictionaryBytes, plainBytes: plainBytes)
    }
}

/// A dictionary being built from values keyed by their bytes, in a ``ByteInterner``: ids come in
/// first-seen order, which are the dictionary's positions.
private struct ByteKeyedDictionary<Value: PlainValue> {
    let interner = ByteInterner(capacity: 256)
    let maxBytes: Int
    var entries: [Value] = []
    var indices: [UInt32] = []
    var dictionaryBytes = 0
    var plainBytes = 0

    init(maxBytes: Int, capacity: Int) {
        self.maxBytes = maxBytes
        indices.reserveCapacity(capacity)
    }

    /// Adds `value`, whose bytes are `bytes`; returns its id, or `nil` once the distinct values' PLAIN
    /// size exceeds `maxBytes`.
    @inline(__always)
    mutating func add(_ value: Value, bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let id = interner.intern(bytes)
        plainBytes += 4 + bytes.count
        if Int(id) == entries.count {
            dictionaryBytes += 4 + bytes.count
            if dictionaryBytes > maxBytes { return nil }
            entries.append(value)
        }
        indices.append(UInt32(id))
        return id
    }

    /// Adds a value already seen, as id `id` of `length` bytes.
    @inline(__always)
    mutating func addRepeat(id: Int32, length: Int) {
        plainBytes += 4 + length
        indices.append(UInt32(id))
    }

    func finished() -> DictionaryEncoding<Value>? {
        DictionaryEncoding.finished(entries: entries, indices: indices, dictionaryBytes: dictionaryBytes, plainBytes: plainBytes)
    }
}

extension DictionaryEncoding {
    /// Builds the dictionary of values that are strings of bytes (strings, byte arrays), as
    /// ``build(_:maxBytes:)`` does, keyed on their bytes by a ``ByteInterner``: a fast non-keyed hash
    /// and one probe instead of `Hasher`'s SipHash, and ids given in first-seen order — the
    /// dictionary's positions. `withBytes` calls its body with a value's bytes.
    ///
    /// - Complexity: O(*n*) expected in the values' total size.
    static func build(
        byteStrings values: [Value?], maxBytes: Int,
        withBytes: (Value, (UnsafeBufferPointer<UInt8>) -> Int32?) -> Int32?
    ) -> DictionaryEncoding? {
        var dictionary = ByteKeyedDictionary<Value>(maxBytes: maxBytes, capacity: values.count)
        for case let value? in values {
            guard withBytes(value, { dictionary.add(value, bytes: $0) }) != nil else { return nil }
        }
        return dictionary.finished()
    }
}

extension DictionaryEncoding where Value == String {
    /// Slots of the cache of ``build(strings:maxBytes:)``.
    private static var cacheSlots: Int { 1024 }

    /// Builds the dictionary of strings, as ``build(byteStrings:maxBytes:withBytes:)`` does, with a cache
    /// in front of the interner keyed on each value's two machine words.
    ///
    /// While the strings are alive (the array holds them all), equal words mean equal bytes: the same
    /// small string stored inline, or the same heap storage. A row group's strings are mostly copies of
    /// a few shared ones (a page name, a segment, the visit's id on each of its page views), so most
    /// values are answered from the cache without hashing their bytes and without retaining them;
    /// equal strings in different storage still meet in the interner.
    static func build(strings values: [String?], maxBytes: Int) -> DictionaryEncoding? {
        guard MemoryLayout<String?>.size == 16, MemoryLayout<String?>.stride == 16 else {
            return build(byteStrings: values, maxBytes: maxBytes) { value, body in String.withUTF8(of: value, body) }
        }
        let none = withUnsafeBytes(of: String?.none) { $0.loadUnaligned(as: (UInt64, UInt64).self) }
        var dictionary = ByteKeyedDictionary<String>(maxBytes: maxBytes, capacity: values.count)
        var cacheWords = [(UInt64, UInt64)](repeating: none, count: cacheSlots)
        var cacheIds = [Int32](repeating: -1, count: cacheSlots)
        var cacheLengths = [Int32](repeating: 0, count: cacheSlots)
        let complete = values.withUnsafeBufferPointer { values in
            let raw = UnsafeRawPointer(values.baseAddress)
            for index in values.indices {
                let words = raw!.loadUnaligned(fromByteOffset: 16 * index, as: (UInt64, UInt64).self)
                if words == none { continue }
                let slot = Int(truncatingIfNeeded: (words.0 &* 0x9E37_79B9_7F4A_7C15 ^ words.1 &* 0xC2B2_AE3D_27D4_EB4F) >> 54)
                if cacheIds[slot] >= 0, cacheWords[slot] == words {
                    dictionary.addRepeat(id: cacheIds[slot], length: Int(cacheLengths[slot]))
                    continue
                }
                let value = values[index]!
                let added = String.withUTF8(of: value) { bytes in dictionary.add(value, bytes: bytes).map { ($0, bytes.count) } }
                guard let (id, length) = added else { return false }
                cacheWords[slot] = words
                cacheIds[slot] = id
                cacheLengths[slot] = Int32(length)
            }
            return true
        }
        return complete ? dictionary.finished() : nil
    }
}

extension DictionaryEncoding where Value: FixedWidthInteger {
    /// Builds the dictionary of integers, as ``build(_:maxBytes:)`` does, keyed on their 64-bit pattern in
    /// an ``IntegerInterner`` (a multiply and a probe per value instead of `Hasher`'s SipHash); ids come in
    /// first-seen order, the dictionary's positions. Values are read in place.
    ///
    /// - Complexity: O(*n*) expected.
    static func build(integers values: [Value?], maxBytes: Int) -> DictionaryEncoding? {
        let interner = IntegerInterner(capacity: 256)
        var entries: [Value] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(values.count)
        let size = MemoryLayout<Value>.size
        var dictionaryBytes = 0
        var plainBytes = 0
        let complete = values.withUnsafeBufferPointer { values in
            for index in values.indices {
                guard let value = values[index] else { continue }
                plainBytes += size
                let id = interner.intern(UInt64(truncatingIfNeeded: Int64(truncatingIfNeeded: value)))
                if Int(id) == entries.count {
                    dictionaryBytes += size
                    if dictionaryBytes > maxBytes { return false }
                    entries.append(value)
                }
                indices.append(UInt32(id))
            }
            return true
        }
        guard complete else { return nil }
        return finished(entries: entries, indices: indices, dictionaryBytes: dictionaryBytes, plainBytes: plainBytes)
    }
}
