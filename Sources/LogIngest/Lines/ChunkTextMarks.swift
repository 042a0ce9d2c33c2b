/// Where a chunk of decoded input holds bytes that a line's text check must look at: NUL bytes and
/// bytes of 0x80 or more (SPEC §12.1). Found once per chunk on the thread that inflates it, so that
/// the thread that parses the lines skips the check for every line without such a byte — in an
/// ASCII log, all of them.
///
/// A chunk with more than ``maximumPositions`` marked bytes (a log full of non-ASCII text) keeps no
/// list, and every one of its lines is checked as before.
struct ChunkTextMarks: Sendable {
    /// The most positions kept per chunk.
    static let maximumPositions = 4096

    /// Offsets of the marked bytes, ascending; `nil` when there were too many to keep or the chunk
    /// was not scanned.
    private var positions: [Int32]?
    /// The first position not before the lines already asked about.
    private var cursor = 0

    /// Marks that know nothing: every line is checked.
    static let unknown = ChunkTextMarks(positions: nil)

    private init(positions: [Int32]?) {
        self.positions = positions
    }

    /// Scans `chunk` (at most 2 GiB).
    init(scanning chunk: UnsafeRawBufferPointer) {
        positions = Self.scan(chunk)
    }

    /// Whether `line` is known to hold neither a NUL byte nor a byte of 0x80 or more, so that it is
    /// acceptable text without a check. Lines must be asked about in order; a line outside `chunk`
    /// (one carried over from the previous chunk) is never known.
    @inline(__always)
    mutating func isKnownPlainText(_ line: UnsafeBufferPointer<UInt8>, in chunk: UnsafeRawBufferPointer) -> Bool {
        guard let positions, let lineBase = line.baseAddress, let chunkBase = chunk.baseAddress else { return false }
        let start = UnsafeRawPointer(lineBase) - chunkBase
        guard start >= 0, start + line.count <= chunk.count else { return false }
        while cursor < positions.count, Int(positions[cursor]) < start { cursor += 1 }
        return cursor == positions.count || Int(positions[cursor]) >= start + line.count
    }

    private static func scan(_ chunk: UnsafeRawBufferPointer) -> [Int32]? {
        guard let base = chunk.baseAddress, chunk.count > 0, chunk.count <= Int(Int32.max) else { return nil }
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let lowBits: UInt64 = 0x0101_0101_0101_0101
        var found: [Int32] = []
        let count = chunk.count
        var index = 0
        // Thirty-two bytes a round; a round with a marked byte is looked at byte by byte.
        while index < count {
            if index + 32 <= count {
                var any: UInt64 = 0
                for word in 0..<4 {
                    let value = base.loadUnaligned(fromByteOffset: index + 8 * word, as: UInt64.self)
                    any |= ((value &- lowBits) & ~value) | value
                }
                if any & highBits == 0 {
                    index += 32
                    continue
                }
            }
            let end = min(index + 32, count)
            while index < end {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                if byte == 0 || byte >= 0x80 {
                    if found.count == maximumPositions { return nil }
                    found.append(Int32(index))
                }
                index += 1
            }
        }
        return found
    }
}
