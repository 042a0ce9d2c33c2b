#if canImport(Glibc)
import Glibc
#endif

/// Masks client addresses when the config asks for `anonymize_ip` (SPEC §11): the last octet of an
/// IPv4 address, the last 80 bits of an IPv6 address.
///
/// The client field is read as what servers write there (issue 18.6): an address with a port
/// (`198.51.100.200:5555`, `[2001:db8::1]:443`: the port is dropped), an X-Forwarded-For list
/// (`192.0.2.123, 10.1.2.3`: every element masked), an IPv4-mapped IPv6 address (`::ffff:192.0.2.1` is
/// masked as the IPv4 address it is, not to `::`), an IPv6 zone (`fe80::1%eth0`: dropped). A host name (logs
/// with `HostnameLookups On`) loses its first label (`pc12.example.net` → `*.example.net`); anything else
/// becomes `*`.
public enum IPAnonymizer {
    /// The masked form of `client`.
    public static func anonymize(_ client: String) -> String {
        if client.contains(",") {
            return client.split(separator: ",", omittingEmptySubsequences: false)
                .map { anonymizeOne($0.trimmingSpaces) }
                .joined(separator: ",")
        }
        return anonymizeOne(client.trimmingSpaces)
    }

    private static func anonymizeOne(_ client: String) -> String {
        if let v4 = maskedIPv4(client) { return v4 }
        // [IPv6]:port or [IPv6]
        if client.hasPrefix("["), let close = client.firstIndex(of: "]") {
            let inner = String(client[client.index(after: client.startIndex)..<close])
            if let v6 = maskedIPv6(inner) { return v6 }
            return "*"
        }
        if let v6 = maskedIPv6(client) { return v6 }
        // IPv4:port
        if let colon = client.lastIndex(of: ":"), client.firstIndex(of: ":") == colon,
            client[client.index(after: colon)...].allSatisfy(\.isASCIIDigit), let v4 = maskedIPv4(String(client[..<colon]))
        {
            return v4
        }
        // Digits and dots that are not an address (`010.001.002.003`) are not a host name either.
        guard isHostName(client), !client.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) }), let dot = client.firstIndex(of: "."), client.index(after: dot) < client.endIndex else { return "*" }
        return "*" + client[dot...]
    }

    /// `a.b.c.0` for a dotted IPv4 address, else nil.
    private static func maskedIPv4(_ text: String) -> String? {
        var v4 = in_addr()
        guard inet_pton(AF_INET, text, &v4) == 1 else { return nil }
        return text.split(separator: ".").prefix(3).joined(separator: ".") + ".0"
    }

    /// An IPv6 address with its last 80 bits zeroed (an IPv4-mapped one with its IPv4 part's last octet
    /// zeroed), its zone dropped; nil when `text` is not one.
    private static func maskedIPv6(_ text: String) -> String? {
        let address = text.firstIndex(of: "%").map { String(text[..<$0]) } ?? text
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return nil }
        let mapped = withUnsafeBytes(of: &v6) { bytes in
            bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        }
        withUnsafeMutableBytes(of: &v6) { bytes in
            if mapped {
                bytes[15] = 0
            } else {
                for index in 6..<16 { bytes[index] = 0 }
            }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Letters, digits, `-` and `.` only.
    private static func isHostName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    fileprivate var trimmingSpaces: String { self[...].trimmingSpaces }
}
