public import LogIngest
public import SiteConfig

/// Works out who a page view belongs to (SPEC §3, §12.5): the visitor key (the visitor cookie, or a
/// keyed fingerprint of client IP and User-Agent) and the member id.
public struct VisitorIdentity: Sendable {
    /// The secret of the fingerprint hash: two 64-bit words. Keep it with the visitor history, so
    /// that fingerprints stay the same from one run to the next.
    public struct FingerprintKey: Sendable, Hashable {
        public var first: UInt64
        public var second: UInt64

        public init(first: UInt64, second: UInt64) {
            self.first = first
            self.second = second
        }

        /// A new random key.
        public static func random() -> FingerprintKey {
            var generator = SystemRandomNumberGenerator()
            return FingerprintKey(first: generator.next(), second: generator.next())
        }
    }

    private let visitorCookie: String
    private let memberCookie: String
    private let memberFromAuthUser: Bool
    private let anonymizeIP: Bool
    private let key: FingerprintKey

    /// Creates the identity rules of `configuration`, with the fingerprint `key`.
    public init(configuration: SiteConfiguration, key: FingerprintKey) {
        visitorCookie = configuration.visitorCookie
        memberCookie = configuration.memberCookie
        memberFromAuthUser = configuration.memberSource == .authuser
        anonymizeIP = configuration.anonymizeIP
        self.key = key
    }

    /// The client as it may appear in rows: masked when `anonymize_ip` is on.
    public func client(of hit: HitView) -> String {
        let client = hit.string(hit.fields.client)
        return anonymizeIP ? IPAnonymizer.anonymize(client) : client
    }

    /// The visitor key and whether it is a fingerprint.
    ///
    /// The fingerprint hashes the client as it may appear in rows (masked when `anonymize_ip` is on)
    /// and the User-Agent, under the key: `fp:` and 32 hex digits. The raw pair is never kept.
    public func visitorKey(of hit: HitView, client: String) -> (key: String, isFingerprint: Bool) {
        if let cookie = hit.cookie(named: visitorCookie), !cookie.isEmpty {
            return (cookie.string, false)
        }
        var material = Array(client.utf8)
        material.append(0)
        let agent = hit.bytes(hit.fields.userAgent)
        if hit.fields.plusMeansSpace {
            material.append(contentsOf: agent.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 })
        } else {
            material.append(contentsOf: agent)
        }
        let (high, low) = SipHash128.hash(material, key0: key.first, key1: key.second)
        return ("fp:" + Self.hex(high) + Self.hex(low), true)
    }

    /// The member id of the page view, or `nil` (`-` and empty mean none).
    public func memberId(of hit: HitView) -> String? {
        let value: UnsafeBufferPointer<UInt8>?
        if memberFromAuthUser {
            value = hit.bytes(hit.fields.user)
        } else {
            value = hit.cookie(named: memberCookie)
        }
        guard let value, !value.isEmpty, !value.equals("-") else { return nil }
        return value.string
    }

    static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
