#if canImport(Glibc)
import Glibc
#endif

/// Masks client addresses when the config asks for `anonymize_ip` (SPEC §11): the last octet of an
/// IPv4 address, the last 80 bits of an IPv6 address. A host name (logs with `HostnameLookups On`)
/// loses its first label (`pc12.example.net` → `*.example.net`).
public enum IPAnonymizer {
    /// The masked form of `client`.
    public static func anonymize(_ client: String) -> String {
        var v4 = in_addr()
        if inet_pton(AF_INET, client, &v4) == 1 {
            let parts = client.split(separator: ".")
            return parts.prefix(3).joined(separator: ".") + ".0"
        }
        var address = client
        var zone = ""
        if let percent = client.firstIndex(of: "%") {
            address = String(client[..<percent])
            zone = ""  // a zone id is local detail: dropped
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            withUnsafeMutableBytes(of: &v6) { bytes in
                for index in 6..<16 { bytes[index] = 0 }
            }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
            return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self) + zone
        }
        guard let dot = client.firstIndex(of: "."), client.index(after: dot) < client.endIndex else { return "*" }
        return "*" + client[dot...]
    }
}
