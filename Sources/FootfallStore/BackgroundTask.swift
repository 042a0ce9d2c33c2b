import Foundation

/// Work started on a thread of its own, whose result is waited for later: the ingest writes the next
/// version's visitor history while it closes the day files.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var result: Result<Value, any Error>?

    /// Starts `work` now, on a new thread named `name`.
    init(name: String, _ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let outcome = Result { try work() }
            condition.lock()
            result = outcome
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the work to end; its value, or its error. May be called more than once.
    func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}
