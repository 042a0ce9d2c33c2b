import ParquetStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Text keys held as their UTF-8 bytes one after the other, in byte order: no `String` per key, and a
/// key is found by binary search. The stored visitor history and member numbers keep their keys so.
struct SortedUTF8Keys: Sendable {
    /// The keys' bytes; key `i` ends at `ends[i]`.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    init() {}

    /// The number of keys.
    var count: Int { ends.count }

    /// Appends `key` after the others (the caller keeps the order, or calls ``sortingOrder()``).
    mutating func append<Key: Collection<UInt8>>(_ key: Key) {
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
    }

    /// Appends every value of `column` (read with ``ParquetByteArrays``), in its order; `nil` when one is null.
    mutating func append(contentsOf column: ParquetByteArrays) -> Bool {
        guard column.nullCount == 0 else { return false }
        for row in 0..<column.count { append(column[row]!) }
        return true
    }

    /// The UTF-8 bytes of key `index`.
    func key(at index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    /// Key `index` as a string.
    func string(at index: Int) -> String { String(decoding: key(at: index), as: UTF8.self) }

    /// Whether every key comes after the one before it.
    var isSorted: Bool {
        (1..<max(count, 1)).allSatisfy { Self.compare(key(at: $0 - 1), key(at: $0)) < 0 }
    }

    /// The positions of the keys in byte order (see ``sortingOrder(bytes:ends:)``).
    func sortingOrder() -> [Int] { Self.sortingOrder(bytes: bytes, ends: ends) }

    /// The positions in byte order of the keys held as `bytes` one after the other, key `i` ending at
    /// `ends[i]` (as here, or in ``VisitorHistoryUpdates``).
    ///
    /// Sorts (prefix, position) pairs, the prefix being a key's first eight bytes loaded as one
    /// big-endian number (zero-padded), and compares all the bytes only on a tie: visitor keys mostly
    /// differ in their first eight bytes, so sorting a day's keys rarely reads a key twice.
    ///
    /// - Complexity: O(*n* log *n*).
    static func sortingOrder(bytes: [UInt8], ends: [Int]) -> [Int] {
        bytes.withUnsafeBufferPointer { bytes in
            ends.withUnsafeBufferPointer { ends in
                func key(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
                }
                var items = [(prefix: UInt64, index: Int)]()
                items.reserveCapacity(ends.count)
                for index in ends.indices {
                    var prefix: UInt64 = 0
                    var shift: UInt64 = 56
                    for byte in key(index).prefix(8) {
                        prefix |= UInt64(byte) << shift
                        shift &-= 8
                    }
                    items.append((prefix, index))
                }
                items.sort { left, right in
                    if left.prefix != right.prefix { return left.prefix < right.prefix }
                    return compare(key(left.index), key(right.index)) < 0
                }
                return items.map(\.index)
            }
        }
    }

    /// These keys in the order `order` (positions, as from ``sortingOrder()``).
    func reordered(_ order: [Int]) -> SortedUTF8Keys {
        var result = SortedUTF8Keys()
        result.bytes.reserveCapacity(bytes.count)
        result.ends.reserveCapacity(count)
        for index in order { result.append(key(at: index)) }
        return result
    }

    /// The position of `key`, found by binary search.
    func index(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { wanted in
            var low = 0, high = count
            while low < high {
                let middle = (low + high) / 2
                let order = Self.compare(self.key(at: middle), wanted)
                if order == 0 { return middle }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// Byte-wise order of UTF-8 strings: negative, zero or positive. Contiguous bytes (array slices,
    /// native strings' UTF-8 views) are compared with `memcmp`.
    @inline(__always)
    static func compare<A: Collection<UInt8>, B: Collection<UInt8>>(_ lhs: A, _ rhs: B) -> Int {
        let contiguous = lhs.withContiguousStorageIfAvailable { left in
            rhs.withContiguousStorageIfAvailable { right in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : Int(memcmp(left.baseAddress!, right.baseAddress!, common))
                return order != 0 ? order : left.count - right.count
            }
        }
        if let order = contiguous ?? nil { return order }
        var left = lhs.makeIterator(), right = rhs.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let a?, let b?): if a != b { return a < b ? -1 : 1 }
            }
        }
    }
}
