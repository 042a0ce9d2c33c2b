/// What one field of a delimited log line holds.
enum FieldKind: Hashable, Sendable {
    /// `%h`, `$remote_addr`: the client host (IP address or resolved name).
    case remoteHost
    /// `%a`: the client IP address; preferred over `%h` when both are present.
    case clientIP
    /// `%l`: identd user, ignored.
    case ident
    /// `%u`, `$remote_user`: the authenticated user.
    case user
    /// `%t`: `[10/Oct/2000:13:55:36 -0700]` with its brackets.
    case timeBracketed
    /// `$time_local`: `10/Oct/2000:13:55:36 -0700` without brackets.
    case timeLocal
    /// `$time_iso8601`: `2000-10-10T13:55:36-07:00`.
    case timeISO8601
    /// `%r`, `$request`: `METHOD target PROTOCOL`.
    case request
    /// `%m`, `$request_method`.
    case method
    /// `%U`, `$uri`: the path without query.
    case path
    /// `%q`: `?query` or empty.
    case queryWithMark
    /// `$args`, `$query_string`: the query without `?`.
    case query
    /// `$request_uri`: path and query.
    case target
    /// `%H`, `$server_protocol`.
    case httpProtocol
    /// `%s`, `%>s`, `$status`.
    case status
    /// `%b`, `%B`, `$body_bytes_sent`, `$bytes_sent`: a number or `-`.
    case bytes
    /// `%D`: microseconds.
    case durationMicroseconds
    /// `%T`: whole seconds.
    case durationSeconds
    /// `$request_time`: seconds with a fraction (`0.123`).
    case durationFractionalSeconds
    /// `%v`, `%V`, `%{Host}i`, `$host`, `$server_name`.
    case virtualHost
    /// `%{Referer}i`, `$http_referer`.
    case referrer
    /// `%{User-Agent}i`, `$http_user_agent`.
    case userAgent
    /// `%{Cookie}i`, `$http_cookie`.
    case cookieHeader
    /// `%{NAME}C`, `$cookie_NAME`: one cookie's value; the payload indexes the format's cookie names.
    case namedCookie(Int)
    /// Any other directive or variable: read and ignored.
    case ignored

    /// A field that never holds a space (numbers, addresses, methods, protocols): as the last field of a line,
    /// it ends at the first space, and what follows is extra trailing fields, ignored as they are after a
    /// quoted last field (docs/FORMATS.md).
    var isSpaceFree: Bool {
        switch self {
        case .remoteHost, .clientIP, .ident, .status, .bytes, .durationMicroseconds, .durationSeconds,
            .durationFractionalSeconds, .method, .httpProtocol:
            true
        default:
            false
        }
    }
}

/// One step of a compiled delimited format: a literal to match or a field to read.
enum FormatStep: Hashable, Sendable {
    case literal([UInt8])
    /// A field; `quoted` when it sits between `"` literals (so it may hold spaces and `\"`),
    /// `terminator` the first byte of the literal that follows (nil at the end of the line).
    case field(FieldKind, quoted: Bool, terminator: UInt8?)
}

/// A delimited format compiled into steps, ready for ``DelimitedLineParser``.
struct CompiledFormat: Hashable, Sendable {
    var steps: [FormatStep]
    /// The cookie names of `.namedCookie` fields, by index.
    var cookieNames: [String]
    /// The text the format was compiled from, for messages.
    var source: String

    /// Builds the steps from a list of alternating literals and fields, deciding quoting and
    /// terminators.
    init(items: [FormatItem], cookieNames: [String], source: String) throws(LogIngestError) {
        var merged: [FormatItem] = []
        for item in items {
            // `%U%q` reads as one target, split at `?` like `$request_uri`.
            if case .field(.queryWithMark) = item, case .field(.path)? = merged.last {
                merged[merged.count - 1] = .field(.target)
                continue
            }
            if case .literal(let text) = item, case .literal(let previous)? = merged.last {
                merged[merged.count - 1] = .literal(previous + text)
            } else if case .literal(let text) = item, text.isEmpty {
                continue
            } else {
                merged.append(item)
            }
        }
        var steps: [FormatStep] = []
        var sawField = false
        for (index, item) in merged.enumerated() {
            switch item {
            case .literal(let bytes):
                steps.append(.literal(bytes))
            case .field(let kind):
                sawField = true
                var previousLiteral: [UInt8] = []
                if index > 0, case .literal(let bytes) = merged[index - 1] { previousLiteral = bytes }
                var nextLiteral: [UInt8] = []
                var nextIsField = false
                if index + 1 < merged.count {
                    switch merged[index + 1] {
                    case .literal(let bytes): nextLiteral = bytes
                    case .field: nextIsField = true
                    }
                }
                if nextIsField {
                    throw LogIngestError(
                        .badFormat, file: "log format", message: "two fields with nothing between them in '\(source)'",
                        hint: "Put a space or other literal between fields (only %U%q may be adjacent)")
                }
                let quoted = previousLiteral.last == UInt8(ascii: "\"") && nextLiteral.first == UInt8(ascii: "\"")
                steps.append(.field(kind, quoted: quoted, terminator: nextLiteral.first))
            }
        }
        guard sawField else {
            throw LogIngestError(
                .badFormat, file: "log format", message: "no field in '\(source)'",
                hint: "A format needs directives such as %h %t \"%r\" %>s or variables such as $remote_addr")
        }
        self.steps = steps
        self.cookieNames = cookieNames
        self.source = source
    }
}

/// A literal or field, before compilation.
enum FormatItem: Hashable {
    case literal([UInt8])
    case field(FieldKind)
}
