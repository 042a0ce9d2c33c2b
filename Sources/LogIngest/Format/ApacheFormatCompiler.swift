/// Compiles an Apache `LogFormat` string (mod_log_config) into a ``CompiledFormat``.
///
/// Supported: `%h %a %l %u %t %r %m %U %q %H %s %>s %<s %b %B %D %T %v %V %{Name}i %{Name}C %%`,
/// with optional `<`/`>` and status-condition modifiers (`%400,501{User-agent}i`). Other directives
/// that Apache knows (`%p %P %I %O %X %k %L %R %f %e %{Name}e %{Name}n %{Name}o` …) are read and
/// ignored. `%{format}t` (a custom time format) is refused with a clear message.
enum ApacheFormatCompiler {
    private static let ignoredLetters: Set<Character> = ["A", "f", "k", "L", "p", "P", "R", "X", "I", "O", "S", "e", "n", "o", "l", "F", "R"]

    static func compile(_ format: String) throws(LogIngestError) -> CompiledFormat {
        var items: [FormatItem] = []
        var cookieNames: [String] = []
        var literal: [UInt8] = []
        let characters = Array(format)
        var index = 0

        func fail(_ message: String) -> LogIngestError {
            LogIngestError(
                .badFormat, file: "LogFormat", message: "\(message) in '\(format)'",
                hint: "See the supported directives in docs/FORMATS.md")
        }

        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                // Escapes as in httpd.conf strings: \" \\ \t \n.
                let next = characters[index + 1]
                switch next {
                case "t": literal.append(0x09)
                case "n": literal.append(0x0A)
                default: literal.append(contentsOf: Array(String(next).utf8))
                }
                index += 2
                continue
            }
            guard character == "%" else {
                literal.append(contentsOf: Array(String(character).utf8))
                index += 1
                continue
            }
            index += 1
            guard index < characters.count else { throw fail("a lone % at the end") }
            if characters[index] == "%" {
                literal.append(UInt8(ascii: "%"))
                index += 1
                continue
            }
            // Modifiers: status conditions (!400,501) and < >.
            while index < characters.count, "<>!,0123456789".contains(characters[index]) { index += 1 }
            var argument: String?
            if index < characters.count, characters[index] == "{" {
                guard let close = characters[index...].firstIndex(of: "}") else { throw fail("an unclosed %{") }
                argument = String(characters[(index + 1)..<close])
                index = close + 1
            }
            guard index < characters.count else { throw fail("a directive without its letter") }
            let letter = characters[index]
            index += 1
            let kind: FieldKind
            switch (letter, argument) {
            case ("h", nil): kind = .remoteHost
            case ("a", _): kind = .clientIP
            case ("l", nil): kind = .ident
            case ("u", nil): kind = .user
            case ("t", nil): kind = .timeBracketed
            case ("t", _?): throw fail("a custom time format %{…}t is not supported")
            case ("r", nil): kind = .request
            case ("m", nil): kind = .method
            case ("U", nil): kind = .path
            case ("q", nil): kind = .queryWithMark
            case ("H", nil): kind = .httpProtocol
            case ("s", nil): kind = .status
            case ("b", nil), ("B", nil): kind = .bytes
            case ("D", nil): kind = .durationMicroseconds
            case ("T", nil): kind = .durationSeconds
            case ("T", _?): kind = .ignored
            case ("v", nil), ("V", nil): kind = .virtualHost
            case ("i", let name?):
                switch name.lowercased() {
                case "referer", "referrer": kind = .referrer
                case "user-agent": kind = .userAgent
                case "cookie": kind = .cookieHeader
                case "host": kind = .virtualHost
                default: kind = .ignored
                }
            case ("C", let name?):
                cookieNames.append(name)
                kind = .namedCookie(cookieNames.count - 1)
            default:
                if ignoredLetters.contains(letter) {
                    kind = .ignored
                } else {
                    throw fail("unsupported directive %\(argument.map { "{\($0)}" } ?? "")\(letter)")
                }
            }
            if !literal.isEmpty {
                items.append(.literal(literal))
                literal = []
            }
            items.append(.field(kind))
        }
        if !literal.isEmpty { items.append(.literal(literal)) }
        return try CompiledFormat(items: items, cookieNames: cookieNames, source: format)
    }
}
