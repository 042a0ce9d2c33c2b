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

        public var description: String { "\(file):\(line): \(reason.rawValue) (\(reason.explanation))" }
    }

    /// Malformed lines per reason.
    public private(set) var counts: [BadLineReason: Int] = [:]
    /// The first ``keptExampleLimit`` malformed lines, in input order.
    public private(set) var examples: [Example] = []

    /// Creates an empty tally.
    public init() {}

    /// The number of malformed lines over all reasons.
    public var total: Int { counts.values.reduce(0, +) }

    /// Records one malformed line.
    public mutating func record(_ reason: BadLineReason, file: String, line: Int) {
        counts[reason, default: 0] += 1
        if examples.count < Self.keptExampleLimit {
            examples.append(Example(file: file, line: line, reason: reason))
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
