/// A problem with the store: what went wrong, where, and what to do. The store is unchanged when
/// one is thrown by an ingest.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The path concerned.
    public var path: String
    /// What went wrong.
    public var message: String
    /// What to do.
    public var hint: String

    public init(path: String, message: String, hint: String = "") {
        self.path = path
        self.message = message
        self.hint = hint
    }

    public var description: String {
        "\(path): \(message)" + (hint.isEmpty ? "" : ". \(hint)")
    }
}
