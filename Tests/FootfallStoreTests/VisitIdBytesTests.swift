@testable import FootfallStore
import Testing

/// Visit ids made as bytes read as the ids the pipeline makes as strings (`visitor key@start`).
@Suite("Visit ids as bytes")
struct VisitIdBytesTests {
    @Test(arguments: [
        ("2d6f7441a25f9313", Int64(1_794_896_820)), ("fp:0123456789abcdef", 0), ("m:홍길동", 7), ("", -1),
        ("k", Int64.max), ("k", Int64.min), ("k", -1_794_896_820),
    ])
    func readsAsTheStringId(key: String, start: Int64) {
        var id = VisitIdBytes()
        id.make(visitorKey: "an earlier, longer key than this one@123456789", start: 42)
        id.make(visitorKey: key, start: start)
        #expect(String(decoding: id.bytes, as: UTF8.self) == "\(key)@\(start)")
    }
}
