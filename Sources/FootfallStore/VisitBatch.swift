/// Visits handed from the sessionising thread to the writing thread: each moved into the batch and
/// moved out again, never copied (reading an array's element, looping over it or reversing it copied
/// each visit, retaining and later releasing every string and array it holds).
///
/// Filled by one thread, then emptied by one other thread after a lock hand-over.
final class VisitBatch: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<NumberedVisit>
    let capacity: Int
    /// Visits moved in.
    private(set) var count = 0
    /// Visits moved out (the first `taken` of them).
    private var taken = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        storage = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == capacity }

    /// Moves `visit` in, after the others; the batch must not be full.
    func append(_ visit: consuming NumberedVisit) {
        precondition(count < capacity, "a full visit batch")
        (storage + count).initialize(to: visit)
        count += 1
    }

    /// Moves the next visit out, in the order they came in; `nil` once all are out.
    func takeNext() -> NumberedVisit? {
        guard taken < count else { return nil }
        defer { taken += 1 }
        return (storage + taken).move()
    }

    deinit {
        (storage + taken).deinitialize(count: count - taken)
        storage.deallocate()
    }
}
