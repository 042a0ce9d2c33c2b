/// A problem in the site config or one of its CSV files: names the file, the line or key, and
/// what was expected.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file concerned.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The key (`[site].visit_timeout`, `[[pages]][2].match`) or column, when known.
    public var key: String?
    /// What is wrong and what is expected.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let key { text += ": \(key)" }
        return text + ": \(message)"
    }
}
