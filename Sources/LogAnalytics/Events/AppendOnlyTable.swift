/// A table that one thread appends to while another reads the entries already handed to it.
///
/// The entries live in segments that never move, so appending never disturbs a reader. Segments double
/// in size (64 entries, then 128, 256…), so that a table of a few entries costs a few entries: a run of
/// thousands of small files keeps five tables per file (issue 18.9). A reader may read entry `i` only once
/// the append of `i` happened before its read, e.g. because the id reached it inside a batch passed through
/// a lock (``MergedLogReader``'s queues): the table itself takes no lock. Entries are never removed; the
/// table is freed with its last reference.
final class AppendOnlyTable<Element>: @unchecked Sendable {
    /// Entries of the first segment (a power of two); segment `k` has `firstSegmentSize << k`.
    static var firstSegmentShift: Int { 6 }
    /// Segments the directory has room for: more than `Int32.max` entries in all.
    static var maximumSegments: Int { 26 }

    private let directory: UnsafeMutablePointer<UnsafeMutablePointer<Element>?>
    /// Written by the appending thread only.
    private(set) var count = 0

    init() {
        directory = .allocate(capacity: Self.maximumSegments)
        directory.initialize(repeating: nil, count: Self.maximumSegments)
    }

    deinit {
        var remaining = count
        var segment = 0
        while remaining > 0, let entries = directory[segment] {
            let filled = min(remaining, Self.capacity(ofSegment: segment))
            entries.deinitialize(count: filled)
            entries.deallocate()
            remaining -= filled
            segment += 1
        }
        directory.deallocate()
    }

    /// The entries segment `segment` holds.
    @inline(__always)
    static func capacity(ofSegment segment: Int) -> Int { 1 << (firstSegmentShift + segment) }

    /// The segment of entry `index` and its place in it.
    @inline(__always)
    static func position(of index: Int) -> (segment: Int, offset: Int) {
        // Segment k starts at first × (2^k − 1): k = ⌊log2(index / first + 1)⌋.
        let scaled = (index >> firstSegmentShift) + 1
        let segment = Int.bitWidth - 1 - scaled.leadingZeroBitCount
        return (segment, index - (((1 << segment) - 1) << firstSegmentShift))
    }

    /// Whether another entry fits.
    var hasRoom: Bool { count < Int(Int32.max) }

    /// Appends `element` and returns its id (on the appending thread; check ``hasRoom`` first).
    @discardableResult
    func append(_ element: Element) -> Int32 {
        let id = count
        let (segment, offset) = Self.position(of: id)
        if offset == 0 { directory[segment] = .allocate(capacity: Self.capacity(ofSegment: segment)) }
        (directory[segment]! + offset).initialize(to: element)
        count = id + 1
        return Int32(id)
    }

    /// The entry `id` (appended before the caller learnt of `id`).
    subscript(id: Int32) -> Element {
        address(of: id).pointee
    }

    /// Where entry `id` is (to read one property of a large entry without copying the whole of it).
    @inline(__always)
    func address(of id: Int32) -> UnsafeMutablePointer<Element> {
        let (segment, offset) = Self.position(of: Int(id))
        return directory[segment]! + offset
    }
}
