import CPrefetch

/// A small direct-mapped cache in front of a ``ByteInterner`` for short keys (at most 16 bytes) that
/// come back soon after they were last seen, such as the visitor keys of the visits open at once.
///
/// A key's bytes are held in its slot, so a hit costs two word compares in a table that stays in
/// the CPU's cache; a miss interns the key and takes the slot. With hundreds of thousands of keys the
/// interner's own table and bytes no longer fit the cache, and each lookup there costs two misses.
package final class ShortKeyCache {
    /// One slot: the key's bytes zero-padded to two words, its length, and its id (`-1`: empty).
    private struct Slot {
        var low: UInt64
        var high: UInt64
        var length: Int32
        var id: Int32
    }

    /// The longest key the cache holds.
    package static let maximumLength = 16

    /// Raw storage, not an array: no retain, release or uniqueness check per look-up (see `RawStorage`).
    @exclusivity(unchecked) private var slots: RawStorage<Slot>
    /// The slot is the top bits of the mixed key: `64 - log2(size)` is the shift.
    @exclusivity(unchecked) private var shift: UInt64
    /// The size asked for, made on the first ``intern(_:in:)`` (0 once made, or once released): a cache of a
    /// file that is not read yet costs one slot (a run of thousands of files makes a builder for each at once).
    @exclusivity(unchecked) private var pendingSize: Int

    /// A cache of `size` slots (a power of two), made when first used.
    package init(size: Int = 4096) {
        precondition(size > 0 && size & (size - 1) == 0, "the size must be a power of two")
        slots = RawStorage(repeating: Slot(low: 0, high: 0, length: 0, id: -1), count: 1)
        shift = 64  // `>>` by 64 gives 0: the one slot
        pendingSize = size
    }

    /// Makes the cache its full size.
    private func allocate() {
        slots.free()
        slots = RawStorage(repeating: Slot(low: 0, high: 0, length: 0, id: -1), count: pendingSize)
        shift = UInt64(64 - pendingSize.trailingZeroBitCount)
        pendingSize = 0
    }

    deinit { slots.free() }

    /// Empties the cache and gives back its memory but one slot (it still answers, as a cache that always
    /// misses would): for a builder whose file is read, kept until the end of a run of many files.
    package func release() {
        slots.free()
        slots = RawStorage(repeating: Slot(low: 0, high: 0, length: 0, id: -1), count: 1)
        shift = 64  // `>>` by 64 gives 0: the one slot
        pendingSize = 0
    }

    /// The slot of a key of `length` bytes whose zero-padded words are `words` (for tests of the spread).
    package func slot(of words: (UInt64, UInt64), length: Int) -> Int {
        let mixed = (words.0 &* 0x9E37_79B9_7F4A_7C15) ^ (words.1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
        return Int(truncatingIfNeeded: ((mixed ^ (mixed >> 29)) &* 0xFF51_AFD7_ED55_8CCD) >> shift)
    }

    /// The `count` (at most 16) bytes at `base`, zero-padded to two words.
    @inline(__always)
    private static func words(_ base: UnsafePointer<UInt8>, count: Int) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base, byteCount: count) }
        return words
    }

    /// Asks the CPU for the cache slot of `bytes` and, in case the cache misses, for its slot in
    /// `interner`'s table, without waiting: a caller that calls ``intern(_:in:)`` for the same bytes a
    /// little later finds them in its cache. Changes nothing.
    @inline(__always)
    package func prefetch(_ bytes: UnsafeBufferPointer<UInt8>, in interner: ByteInterner) {
        let length = bytes.count
        if length <= Self.maximumLength, let base = bytes.baseAddress {
            footfall_prefetch(slots.base + slot(of: Self.words(base, count: length), length: length))
        }
        interner.prefetch(hash: ByteHash.hash(bytes))
    }

    /// The id of `bytes` in `interner` (added when new), through the cache for short keys.
    @inline(__always)
    package func intern(_ bytes: UnsafeBufferPointer<UInt8>, in interner: ByteInterner) -> Int32 {
        let length = bytes.count
        guard length <= Self.maximumLength, let base = bytes.baseAddress else { return interner.intern(bytes) }
        if pendingSize != 0 { allocate() }
        let words = Self.words(base, count: length)
        // Every byte of the key reaches the top bits of the product, which pick the slot.
        let index = slot(of: words, length: length)
        let slot = slots[index]
        if slot.id >= 0, slot.low == words.0, slot.high == words.1, slot.length == Int32(length) { return slot.id }
        let id = interner.intern(bytes)
        slots[index] = Slot(low: words.0, high: words.1, length: Int32(length), id: id)
        return id
    }
}
