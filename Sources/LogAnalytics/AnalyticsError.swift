/// A problem with the analytics setup (time zone, history file) that stops a run.
public struct AnalyticsError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// What to do.
    public var hint: String

    /// Creates an error.
    public init(_ message: String, hint: String = "") {
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.isEmpty ? message : "\(message). \(hint)" }
}
