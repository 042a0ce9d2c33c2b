import Foundation
@testable import FootfallStore
import Testing

/// The JSON text the store writes (`path`, `goals`, `funnel_steps` columns): escaped where it must be, and
/// read back by a JSON parser as the same strings.
@Suite("JSON string literals")
struct JSONStringTests {
    @Test(arguments: [
        ("plain", "\"plain\""),
        ("보험 상품", "\"보험 상품\""),
        ("a\"b\\c", "\"a\\\"b\\\\c\""),
        ("tab\there\nnew", "\"tab\\there\\nnew\""),
        ("\u{1}x", "\"\\u0001x\""),
        ("line\u{2028}sep\u{2029}", "\"line\\u2028sep\\u2029\""),
        ("…\u{2026}", "\"……\""),  // E2 80 A6: not a separator
        ("", "\"\""),
    ])
    func quotes(text: String, literal: String) {
        #expect(JSONString.quote(text) == literal)
    }

    @Test func arraysReadBackAsTheSameStrings() throws {
        let values = ["/products/보험", "with \"quotes\"", "back\\slash", "ctl\u{7}", "sep\u{2028}", ""]
        let text = RowColumns.json(values)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
        #expect(parsed == values)
        #expect(RowColumns.json([]) == "[]")
    }
}
