/// A growable column of plain values that a builder appends to once per row.
///
/// The table builders append to some fifty columns per visit and its page views. As arrays, every
/// append checked that the array was uniquely referenced (a runtime call); as buffers held by reference,
/// every append retained and released the buffer. This is a plain struct over memory its owner frees:
/// an append is a bounds check and a store. ``takeArray()`` copies the values out once per row group and
/// starts again small (a day whose visits stopped coming holds no row group's worth of room until the end
/// of the run); the owner calls ``free()`` when done (``DayWriters`` does, for its builders). A copy of the
/// struct shares the memory: keep exactly one, mutated in place.
struct ColumnBuffer<Element: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the memory; the buffer must not be used afterwards.
    func free() { base.deallocate() }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: value)
        count += 1
    }

    /// The values, in order; the buffer is left empty, with the room it started with.
    mutating func takeArray() -> [Element] {
        let values = Array(UnsafeBufferPointer(start: base, count: count))
        free()
        self = ColumnBuffer()
        return values
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.initialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }
}
