/// A table that one thread appends to while another reads the entries already handed to it.
///
/// The entries live in fixed segments that never move, so appending never disturbs a reader. A
/// reader may read entry `i` only once the append of `i` happened before its read, e.g. because the
/// id reached it inside a batch passed through a lock (``MergedLogReader``'s queues): the table itself
/// takes no lock. Entries are never removed; the table is freed with its last reference.
final class AppendOnlyTable<Element>: @unchecked Sendable {
    /// Entries per segment.
    static var segmentSize: Int { 4096 }
    /// Segments the directory has room for (2^28 entries in all).
    static var maximumSegments: Int { 65_536 }

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
            let filled = min(remaining, Self.segmentSize)
            entries.deinitialize(count: filled)
            entries.deallocate()
            remaining -= filled
            segment += 1
        }
        directory.deallocate()
    }

    /// Whether another entry fits.
    var hasRoom: Bool { count < Self.segmentSize * Self.maximumSegments }

    /// Appends `element` and returns its id (on the appending thread; check ``hasRoom`` first).
    @discardableResult
    func append(_ element: Element) -> Int32 {
        let id = count
        let segment = id / Self.segmentSize
        let offset = id % Self.segmentSize
        if offset == 0 { directory[segment] = .allocate(capacity: Self.segmentSize) }
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
        let index = Int(id)
        return directory[index / Self.segmentSize]! + index % Self.segmentSize
    }
}
