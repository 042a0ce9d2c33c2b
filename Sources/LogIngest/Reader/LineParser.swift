/// The parser of one file's lines: a compiled delimited format or the stateful W3C parser.
enum LineParser: Sendable {
    case delimited(DelimitedLineParser)
    case w3c(W3CLineParser)

    /// The outcome of one non-blank line.
    enum Outcome {
        case hit
        case directive
        case bad(BadLineReason)
    }

    /// Builds the parser of a resolved (non-`auto`) format.
    static func make(for format: LogFormat) throws(LogIngestError) -> LineParser {
        switch format {
        case .w3c:
            return .w3c(W3CLineParser())
        case .nginxCombined:
            return .delimited(DelimitedLineParser(format: try NginxFormatCompiler.compile(LogFormat.nginxCombinedString)))
        case .nginx(let text):
            return .delimited(DelimitedLineParser(format: try checked(NginxFormatCompiler.compile(text))))
        case .auto:
            preconditionFailure("auto is resolved before a parser is made")
        default:
            return .delimited(DelimitedLineParser(format: try checked(ApacheFormatCompiler.compile(format.apacheEquivalent!))))
        }
    }

    /// A format must say when a request happened and what was requested.
    private static func checked(_ format: CompiledFormat) throws(LogIngestError) -> CompiledFormat {
        var hasTime = false
        var hasTarget = false
        for case .field(let kind, _, _) in format.steps {
            switch kind {
            case .timeBracketed, .timeLocal, .timeISO8601: hasTime = true
            case .request, .path, .target: hasTarget = true
            default: break
            }
        }
        guard hasTime, hasTarget else {
            throw LogIngestError(
                .badFormat, file: "log format", message: "'\(format.source)' has no \(hasTime ? "request or path" : "time") field",
                hint: "footfall needs the time (%t, $time_local or $time_iso8601) and the request (%r, %U, $request or $request_uri)")
        }
        return format
    }

    /// The names of `%{NAME}C` / `$cookie_NAME` fields.
    var cookieNames: [String] {
        switch self {
        case .delimited(let parser): parser.format.cookieNames
        case .w3c: []
        }
    }

    @inline(__always)
    mutating func parse(
        _ line: UnsafeBufferPointer<UInt8>, into fields: inout HitFields, cache: inout TimestampCache
    ) -> Outcome {
        switch self {
        case .delimited(let parser):
            if let problem = parser.parse(line, into: &fields, cache: &cache) { return .bad(problem) }
            return .hit
        case .w3c(var parser):
            self = .w3c(W3CLineParser())  // keep the payload uniquely referenced while it mutates
            let outcome = parser.parse(line, into: &fields)
            self = .w3c(parser)
            switch outcome {
            case .hit: return .hit
            case .directive: return .directive
            case .bad(let reason): return .bad(reason)
            }
        }
    }
}
