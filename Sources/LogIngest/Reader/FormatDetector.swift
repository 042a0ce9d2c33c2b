/// Chooses a named format for `auto` from the first lines of a file (SPEC §1).
///
/// A `#Fields:`, `#Software:` or `#Version:` directive means W3C. Otherwise each of
/// combined_cookie, combined and common parses the sample; the one that parses most lines wins, but a
/// less specific format must parse more than a tenth of the sample more than a more specific one: a less
/// specific format also reads the lines of a more specific one (their extra fields are ignored), so one
/// damaged line in a combined log must not make it `common`. With nothing parseable it answers combined, and
/// the lines are then counted as malformed.
enum FormatDetector {
    /// Non-blank lines looked at before deciding.
    static let sampleSize = 50

    static func detect(_ sample: [[UInt8]]) -> LogFormat {
        for line in sample {
            if line.starts(with: Array("#Fields:".utf8)) || line.starts(with: Array("#Software:".utf8))
                || line.starts(with: Array("#Version:".utf8))
            {
                return .w3c
            }
        }
        var best = LogFormat.combined
        var bestCount = 0
        for candidate in LogFormat.autoCandidates {
            guard case .delimited(let parser) = try? LineParser.make(for: candidate) else { continue }
            var parsed = 0
            for line in sample {
                line.withUnsafeBufferPointer { bytes in
                    var fields = HitFields()
                    var cache = TimestampCache()
                    if TextValidation.problem(in: bytes) == nil, parser.parse(bytes, into: &fields, cache: &cache) == nil {
                        parsed += 1
                    }
                }
            }
            if parsed > bestCount + max(0, sample.count / 10) || (bestCount == 0 && parsed > 0) {
                best = candidate
                bestCount = parsed
            }
        }
        return best
    }
}
