#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPrefetch

/// Maps byte strings to dense integer ids, storing each distinct string once.
///
/// The values of a log repeat (user agents, paths, referrers): interning them lets the hot loop
/// count by id without making a `String` per line. Ids are assigned 0, 1, 2… in first-seen order,
/// the same shape a Parquet dictionary page needs.
///
/// Open addressing with linear probing over a power-of-two table kept at most half full. Each slot
/// holds the string's id, where its bytes start and end, and 32 bits of its hash: a lookup touches
/// the slot and, only when those hash bits agree, the bytes themselves (two cache lines, not four:
/// with hundreds of thousands of visitor keys the table no longer fits in the cache).
package final class ByteInterner {
    /// One slot of the table; `end == 0` and `id == -1` mark an empty slot.
    private struct Slot {
        var hashBits: UInt32
        var id: Int32
        var start: UInt32
        var end: UInt32

        static let empty = Slot(hashBits: 0, id: -1, start: 0, end: 0)
    }

    // Raw storage, not arrays: no retain, release or uniqueness check per look-up (see `RawStorage`).
    @exclusivity(unchecked) private var arena = RawStorage<UInt8>(capacity: 4096)
    @exclusivity(unchecked) private var starts = RawStorage<Int>(repeating: 0, count: 1)
    @exclusivity(unchecked) private var table: RawStorage<Slot>
    @exclusivity(unchecked) private var mask: Int

    /// Creates an interner with room for about `capacity` strings before it grows.
    package init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = RawStorage(repeating: .empty, count: size)
        mask = size - 1
    }

    deinit {
        arena.free()
        starts.free()
        table.free()
    }

    /// Forgets every string and gives back the memory (an empty interner of the smallest size remains): for a
    /// builder whose file is read, kept until the end of a run of many files.
    package func release() {
        arena.free()
        starts.free()
        table.free()
        arena = RawStorage<UInt8>(capacity: 16)
        starts = RawStorage<Int>(repeating: 0, count: 1)
        table = RawStorage(repeating: .empty, count: 16)
        mask = 15
    }

    /// The number of distinct strings.
    package var count: Int { starts.count - 1 }

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
        let bits = UInt32(truncatingIfNeeded: hash >> 32)
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = table[index]
            if slot.id < 0 { break }
            if slot.hashBits == bits, matches(slot, bytes) { return slot.id }
            index = (index + 1) & mask
        }
        precondition(arena.count + bytes.count < Int(UInt32.max), "more than 4 GiB of distinct strings")
        let id = Int32(count)
        let start = arena.count
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        table[index] = Slot(hashBits: bits, id: id, start: UInt32(start), end: UInt32(arena.count))
        if count * 2 > table.count { grow() }
        return id
    }

    /// Asks the CPU for the table slot where a look-up of bytes whose ``ByteHash`` is `hash` starts, without
    /// waiting (see ``ShortKeyCache/prefetch(_:in:)``).
    @inline(__always)
    package func prefetch(hash: UInt64) {
        footfall_prefetch(table.base + (Int(truncatingIfNeeded: hash) & mask))
    }

    /// Returns the id of `bytes` if it was interned, without adding it.
    package func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = ByteHash.hash(bytes)
        let bits = UInt32(truncatingIfNeeded: hash >> 32)
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = table[index]
            if slot.id < 0 { return nil }
            if slot.hashBits == bits, matches(slot, bytes) { return slot.id }
            index = (index + 1) & mask
        }
    }

    /// Whether string `id` is `bytes` (a check without hashing, for a caller that expects a repeat).
    @inline(__always)
    package func holds(_ id: Int32, equalTo bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[Int(id)]
        let length = starts[Int(id) + 1] - start
        guard length == bytes.count else { return false }
        guard length > 0 else { return true }
        return memcmp(arena.base + start, bytes.baseAddress!, length) == 0
    }

    /// Calls `body` with the bytes of `id`, in the interner's own storage: `body` must not add to this
    /// interner (a growing arena moves, and the bytes with it).
    package func withBytes<R>(of id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = starts[Int(id)]
        let end = starts[Int(id) + 1]
        return try body(UnsafeBufferPointer(start: arena.base + start, count: end - start))
    }

    /// Appends the bytes of `id` to `bytes` (not generic, unlike ``withBytes(of:_:)``: no closure call
    /// from another module).
    package func appendBytes(of id: Int32, to bytes: inout [UInt8]) {
        let start = starts[Int(id)]
        let end = starts[Int(id) + 1]
        bytes.append(contentsOf: UnsafeBufferPointer(start: arena.base + start, count: end - start))
    }

    /// The string of `id` (invalid UTF-8 repaired).
    package func string(of id: Int32) -> String {
        withBytes(of: id) { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always)
    private func matches(_ slot: Slot, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = Int(slot.end - slot.start)
        guard length == bytes.count else { return false }
        guard length > 0 else { return true }
        return memcmp(arena.base + Int(slot.start), bytes.baseAddress!, length) == 0
    }

    private func grow() {
        let size = table.count * 2
        let grown = RawStorage<Slot>(repeating: .empty, count: size)
        mask = size - 1
        for id in 0..<count {
            let start = starts[id]
            let end = starts[id + 1]
            let hash = ByteHash.hash(UnsafeBufferPointer(start: arena.base + start, count: end - start))
            var index = Int(truncatingIfNeeded: hash) & mask
            while grown[index].id >= 0 { index = (index + 1) & mask }
            grown[index] = Slot(
                hashBits: UInt32(truncatingIfNeeded: hash >> 32), id: Int32(id), start: UInt32(start), end: UInt32(end))
        }
        table.free()
        table = grown
    }
}
