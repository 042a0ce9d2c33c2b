/// Counts malformed lines by reason and keeps the first few as `file:line: reason`.
public struct BadLineTally: Sendable, Hashable {
    /// How many examples are kept (SPEC §1: the first 10).
    public static let keptExampleLimit = 10

    /// One kept example of a malformed line: where it is and why it was skipped.
    public struct Example: Sendable, Hashable, CustomStringConvertible {
        /// The file as given on the command line.
        public var file: String
        /// The 1-based line number.
        public var line: Int
        /// Why it was skipped.
        public var reason: BadLineReason
        /// The start of the line itself, kept only when asked (`--verbose`): log lines hold
        /// personal data, so messages leave them out by default.
        public var text: String?

        public var description: String {
            let base = "\(file):\(line): \(reason.rawValue) (\(reason.explanation))"
            guard let text else { return base }
            return base + ": " + text
        }
    }

    /// Malformed lines per reason.
    public private(set) var counts: [BadLineReason: Int] = [:]
    /// The first ``keptExampleLimit`` malformed lines, in input order.
    public private(set) var examples: [Example] = []

    /// Creates an empty tally.
    public init() {}

    /// The number of malformed lines over all reasons.
    public var total: Int { counts.values.reduce(0, +) }

    /// Bytes of a malformed line kept in an example when text is asked for.
    public static let keptTextLimit = 200

    /// Records one malformed line; `text` is kept with the example when given.
    public mutating func record(_ reason: BadLineReason, file: String, line: Int, text: UnsafeBufferPointer<UInt8>? = nil) {
        counts[reason, default: 0] += 1
        if examples.count < Self.keptExampleLimit {
            var kept: String?
            if let text {
                // Escape control and non-ASCII bytes so that the example is safe on any terminal.
                var escaped = ""
                for byte in text.prefix(Self.keptTextLimit) {
                    if byte >= 0x20, byte < 0x7F {
                        escaped.unicodeScalars.append(Unicode.Scalar(byte))
                    } else {
                        let hex = String(byte, radix: 16, uppercase: true)
                        escaped += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                    }
                }
                if text.count > Self.keptTextLimit { escaped += "…" }
                kept = escaped
            }
            examples.append(Example(file: file, line: line, reason: reason, text: kept))
        }
    }

    /// Adds another tally's counts; keeps this tally's examples first.
    public mutating func merge(_ other: BadLineTally) {
        for (reason, count) in other.counts { counts[reason, default: 0] += count }
        for example in other.examples where examples.count < Self.keptExampleLimit {
            examples.append(example)
        }
    }
}
