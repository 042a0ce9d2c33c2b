/// Maps 64-bit keys to dense integer ids, 0, 1, 2… in first-seen order.
///
/// For tallies keyed on packed numbers (a kind, a segment and a name's id in one word): a lookup is a
/// multiply, a shift and one or two probes of a flat table, with no bytes to hash or compare.
/// Open addressing with linear probing over a power-of-two table kept at most half full.
package final class IntegerInterner {
    /// One slot: the key and its id; `id == -1` marks an empty slot.
    private struct Slot {
        var key: UInt64
        var id: Int32
    }

    // Raw storage, not arrays: no retain, release or uniqueness check per look-up (see `RawStorage`).
    @exclusivity(unchecked) private var table: RawStorage<Slot>
    @exclusivity(unchecked) private var mask: Int
    @exclusivity(unchecked) private var shift: UInt64
    @exclusivity(unchecked) private var keyStorage = RawStorage<UInt64>(capacity: 256)

    /// The keys by id (a copy of them all: see ``key(at:)`` for one).
    package var keys: [UInt64] { Array(keyStorage.buffer) }

    /// The key of `id`.
    package func key(at id: Int32) -> UInt64 { keyStorage[Int(id)] }

    /// Creates an interner with room for about `capacity` keys before it grows.
    package init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = RawStorage(repeating: Slot(key: 0, id: -1), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    deinit {
        table.free()
        keyStorage.free()
    }

    /// The number of distinct keys.
    package var count: Int { keyStorage.count }

    /// Returns the id of `key`, adding it when new.
    @inline(__always)
    package func intern(_ key: UInt64) -> Int32 {
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let slot = table[index]
            if slot.id < 0 { break }
            if slot.key == key { return slot.id }
            index = (index + 1) & mask
        }
        let id = Int32(keyStorage.count)
        keyStorage.append(key)
        table[index] = Slot(key: key, id: id)
        if keyStorage.count * 2 > table.count { grow() }
        return id
    }

    /// The id of `key`, if it was interned.
    package func lookup(_ key: UInt64) -> Int32? {
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let slot = table[index]
            if slot.id < 0 { return nil }
            if slot.key == key { return slot.id }
            index = (index + 1) & mask
        }
    }

    private func grow() {
        let size = table.count * 2
        let grown = RawStorage<Slot>(repeating: Slot(key: 0, id: -1), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for (id, key) in keyStorage.buffer.enumerated() {
            var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while grown[index].id >= 0 { index = (index + 1) & mask }
            grown[index] = Slot(key: key, id: Int32(id))
        }
        table.free()
        table = grown
    }
}
