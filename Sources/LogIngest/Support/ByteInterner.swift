/// Maps byte strings to dense integer ids, storing each distinct string once.
///
/// The values of a log repeat (user agents, paths, referrers): interning them lets the hot loop
/// count by id without making a `String` per line. Ids are assigned 0, 1, 2… in first-seen order,
/// the same shape a Parquet dictionary page needs.
///
/// Open addressing with linear probing over a power-of-two table kept at most half full.
package final class ByteInterner {
    @exclusivity(unchecked) private var arena: [UInt8] = []
    @exclusivity(unchecked) private var starts: [Int] = [0]
    @exclusivity(unchecked) private var hashes: [UInt64] = []
    @exclusivity(unchecked) private var table: [Int32]
    @exclusivity(unchecked) private var mask: Int

    /// Creates an interner with room for about `capacity` strings before it grows.
    package init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// The number of distinct strings.
    package var count: Int { hashes.count }

    /// Bytes held in the arena, for memory accounting.
    package var storedBytes: Int { arena.count }

    /// Returns the id of `bytes`, adding it when new.
    ///
    /// - Complexity: O(*n*) in the length of `bytes`, amortised.
    @inline(__always)
    package func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        intern(bytes, hash: ByteHash.hash(bytes))
    }

    /// Returns the id of `bytes`, whose ``ByteHash`` is `hash` (computed elsewhere, e.g. on another
    /// thread), adding it when new.
    @inline(__always)
    package func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = table[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash, matches(Int(id), bytes) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        table[slot] = id
        if hashes.count * 2 > table.count { grow() }
        return id
    }

    /// Returns the id of `bytes` if it was interned, without adding it.
    package func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = ByteHash.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = table[slot]
            if id < 0 { return nil }
            if hashes[Int(id)] == hash, matches(Int(id), bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with the bytes of `id`.
    package func withBytes<R>(of id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = starts[Int(id)]
        let end = starts[Int(id) + 1]
        return try arena.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }

    /// The string of `id` (invalid UTF-8 repaired).
    package func string(of id: Int32) -> String {
        withBytes(of: id) { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always)
    private func matches(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[id]
        let length = starts[id + 1] - start
        guard length == bytes.count else { return false }
        guard length > 0 else { return true }
        return arena.withUnsafeBufferPointer { all in
            memcmpBytes(all.baseAddress! + start, bytes.baseAddress!, length) == 0
        }
    }

    private func grow() {
        let size = table.count * 2
        table = Array(repeating: -1, count: size)
        mask = size - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(id)
        }
    }
}
