/// A growable run of plain values in memory the owner allocates and frees itself.
///
/// The tables of this module are read and written once or more per log line from their owner's
/// methods. Held as Swift arrays in a class, each access retains and releases the array's buffer
/// (the compiler cannot prove that a call in between leaves the property alone) and each append
/// checks that the buffer is unique; this storage does neither. The owner calls ``free()`` in its
/// `deinit`; a copy of the struct shares the memory (it is not copy-on-write), so only one owner
/// may hold it.
struct RawStorage<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    /// Storage with room for `capacity` elements (at least one), none in use.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    /// Storage of `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        self.init(capacity: count)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// Frees the memory; the storage must not be used afterwards.
    func free() { base.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "index out of range")
            return base[index]
        }
        nonmutating set {
            precondition(index >= 0 && index < count, "index out of range")
            base[index] = newValue
        }
    }

    /// The elements in use.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(toHold: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard let source = values.baseAddress, !values.isEmpty else { return }
        if count + values.count > capacity { grow(toHold: count + values.count) }
        (base + count).initialize(from: source, count: values.count)
        count += values.count
    }

    /// Reserves room for at least `needed` elements, at least doubling.
    private mutating func grow(toHold needed: Int) {
        let grown = max(needed, capacity * 2)
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: grown)
        larger.initialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = grown
    }
}
