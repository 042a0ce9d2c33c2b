import LogIngest
/// JSON string literals (RFC 8259), shared by the store's JSON columns and the reports' JSON output.
package enum JSONString {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped; U+2028 and
    /// U+2029 too, so the output is also safe inside JavaScript.
    ///
    /// With `escapingUnsafe` (the reports' JSON), C1 controls and bidirectional formatting characters are
    /// escaped too (``SafeText``); the store's JSON columns keep them as they are, so that a name is the same
    /// text in every day's files.
    package static func quote(_ text: String, escapingUnsafe: Bool = false) -> String {
        if !needsEscaping(text, unsafeToo: escapingUnsafe) { return "\"" + text + "\"" }
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 || (escapingUnsafe && SafeText.isUnsafe(scalar)) {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// Whether `text` holds a character that ``quote(_:)`` escapes (most page names and goals hold none).
    static func needsEscaping(_ text: String, unsafeToo: Bool) -> Bool {
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            // DEL, C1 controls (C2 80–9F), U+061C (D8 9C), bidirectional formatting characters (E2 80 8E/8F/AA–AE,
            // E2 81 A6–A9): escaped by quote(_:escapingUnsafe:) as ``SafeText/isUnsafe(_:)`` says.
            if unsafeToo, byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2 { return true }
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            if byte == 0xE2, bytes.next() == 0x80, let last = bytes.next(), last == 0xA8 || last == 0xA9 { return true }
        }
        return false
    }
}
