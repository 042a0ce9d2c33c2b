/// Compiles an nginx `log_format` string into a ``CompiledFormat``.
///
/// Supported: `$remote_addr $remote_user $time_local $time_iso8601 $request $status
/// $body_bytes_sent $bytes_sent $http_referer $http_user_agent $http_cookie $cookie_NAME
/// $request_time $host $server_name $request_uri $uri $args $query_string $request_method
/// $server_protocol`, also written `${name}`. Any other variable is read and ignored.
enum NginxFormatCompiler {
    static func compile(_ format: String) throws(LogIngestError) -> CompiledFormat {
        var items: [FormatItem] = []
        var cookieNames: [String] = []
        var literal: [UInt8] = []
        let characters = Array(format)
        var index = 0

        func isNameCharacter(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || character == "_")
        }

        while index < characters.count {
            let character = characters[index]
            guard character == "$" else {
                literal.append(contentsOf: Array(String(character).utf8))
                index += 1
                continue
            }
            index += 1
            var name = ""
            if index < characters.count, characters[index] == "{" {
                guard let close = characters[index...].firstIndex(of: "}") else {
                    throw LogIngestError(
                        .badFormat, file: "log_format", message: "an unclosed ${ in '\(format)'",
                        hint: "Close the variable name with }")
                }
                name = String(characters[(index + 1)..<close])
                index = close + 1
            } else {
                while index < characters.count, isNameCharacter(characters[index]) {
                    name.append(characters[index])
                    index += 1
                }
            }
            guard !name.isEmpty else {
                literal.append(UInt8(ascii: "$"))
                continue
            }
            let kind: FieldKind
            switch name {
            case "remote_addr", "realip_remote_addr", "binary_remote_addr": kind = .remoteHost
            case "remote_user": kind = .user
            case "time_local": kind = .timeLocal
            case "time_iso8601": kind = .timeISO8601
            case "request": kind = .request
            case "status": kind = .status
            case "body_bytes_sent", "bytes_sent": kind = .bytes
            case "http_referer": kind = .referrer
            case "http_user_agent": kind = .userAgent
            case "http_cookie": kind = .cookieHeader
            case "request_time": kind = .durationFractionalSeconds
            case "host", "server_name", "http_host": kind = .virtualHost
            case "request_uri": kind = .target
            case "uri", "document_uri": kind = .path
            case "args", "query_string": kind = .query
            case "request_method": kind = .method
            case "server_protocol": kind = .httpProtocol
            default:
                if name.hasPrefix("cookie_") {
                    cookieNames.append(String(name.dropFirst("cookie_".count)))
                    kind = .namedCookie(cookieNames.count - 1)
                } else {
                    kind = .ignored
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
