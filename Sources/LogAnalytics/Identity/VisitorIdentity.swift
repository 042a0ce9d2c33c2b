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

    /// Calls `body` with the bytes of the visitor key (valid during the call) and whether it is a
    /// fingerprint.
    ///
    /// The fingerprint hashes the client as it may appear in rows (masked when `anonymize_ip` is on)
    /// and the User-Agent, under the key: `fp:` and 32 hex digits. The raw pair is never kept.
    public func withVisitorKey<Result>(
        of hit: HitView, client: String, _ body: (UnsafeBufferPointer<UInt8>, Bool) -> Result
    ) -> Result {
        if let cookie = hit.cookie(named: visitorCookie), !cookie.isEmpty {
            return body(cookie, false)
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
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 35) { key in
            key[0] = UInt8(ascii: "f")
            key[1] = UInt8(ascii: "p")
            key[2] = UInt8(ascii: ":")
            Self.writeHex(high, into: key, at: 3)
            Self.writeHex(low, into: key, at: 19)
            return body(UnsafeBufferPointer(key), true)
        }
    }

    /// The bytes of the page view's member id (valid during the hit's callback), or `nil` (`-` and empty
    /// mean none).
    public func memberIdBytes(of hit: HitView) -> UnsafeBufferPointer<UInt8>? {
        let value: UnsafeBufferPointer<UInt8>?
        if memberFromAuthUser {
            value = hit.bytes(hit.fields.user)
        } else {
            value = hit.cookie(named: memberCookie)
        }
        guard let value, !value.isEmpty, !value.equals("-") else { return nil }
        return value
    }

    /// Writes `value` as 16 lower-case hex digits at `start`.
    private static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        let digits: StaticString = "0123456789abcdef"
        let table = digits.utf8Start
        for index in 0..<16 {
            buffer[start + index] = table[Int((value >> UInt64(60 - 4 * index)) & 0xF)]
        }
    }

    static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
