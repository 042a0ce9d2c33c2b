/// Text from logs, file names and CSV values made safe for people to look at (issue 18.16): control
/// characters (C0, DEL, C1) could move a terminal's cursor, change its colours or rewrite a line, and
/// bidirectional formatting characters (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) could show a table cell,
/// a CSV cell in a spreadsheet or an HTML page in another order than its bytes. Every human-facing output
/// (terminal tables, messages on standard error, CSV, HTML) shows them as visible escapes instead; JSON keeps
/// them as data, escaped (`\u202e`).
public enum SafeText {
    /// Whether `scalar` is a control character or a bidirectional formatting character.
    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` with each unsafe character written as a visible escape: `\x1B` for the ASCII controls,
    /// `\u{202E}` for the others; with `keepingNewlines`, line feeds (and tabs) stay.
    public static func visible(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !isUnsafe(scalar) || (keepingNewlines && (scalar == "\n" || scalar == "\t")) {
                output.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let escape = scalar.value < 0x80
                ? "\\x" + (hex.count < 2 ? "0" : "") + hex
                : "\\u{" + hex + "}"
            output.append(contentsOf: escape.unicodeScalars)
        }
        return String(output)
    }
}
