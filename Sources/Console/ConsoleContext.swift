import Foundation
import Hummingbird
import HummingbirdAuth
import HTTPTypes
import NIOCore

/// A browser session: who logged in (its role is looked up again on each request, so a changed role or a
/// removed user takes effect at once).
struct ConsoleSession: Codable, Sendable {
    var user: String
}

/// The request context of the console: the session store's context and the user the request acts as.
struct ConsoleContext: AuthRequestContext, SessionRequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: ConsoleUser?
    let sessions: SessionContext<ConsoleSession>

    /// The client's address as the access log and the login limiter see it.
    let address: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        sessions = .init()
        let remote = source.channel.remoteAddress
        address = remote?.ipAddress ?? remote.map { "\($0)" } ?? "unknown"
    }

    /// Login forms and nothing else are posted: a small body is enough.
    var maxUploadSize: Int { 16 * 1024 }

}

/// An error answered as JSON `{error, hint}` (the API, downloads) with its status.
struct ConsoleAPIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var error: String
    var hint: String?

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var object: [(String, String)] = [("error", error)]
        if let hint { object.append(("hint", hint)) }
        let body = "{" + object.map { "\"\($0.0)\": \(ConsoleJSON.string($0.1))" }.joined(separator: ", ") + "}\n"
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// JSON string literals for the console's small answers.
enum ConsoleJSON {
    static func string(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<": output += "\\u003c"  // never markup, even if a browser sniffs it
            case ">": output += "\\u003e"
            default:
                if scalar.value < 0x20 || (0x2028...0x2029).contains(scalar.value) {
                    output += String(format: "\\u%04x", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
