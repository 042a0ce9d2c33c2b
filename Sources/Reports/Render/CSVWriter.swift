import LogIngest
/// CSV output (RFC 4180) that is safe to open in a spreadsheet: a text cell beginning with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is prefixed with `'`, so a log-derived value cannot become a
/// formula (SPEC §8). Numbers written by footfall, and the lone `-` that stands for "none", are left as they are.
///
/// A report's CSV is for people (a spreadsheet): control and bidirectional characters are shown as visible
/// escapes (``SafeText``). An export that feeds another system (`exact`) keeps every value as it is, but for
/// the formula guard.
public enum CSVWriter {
    public static func text(headers: [String], rows: [[String]], exact: Bool = false) -> String {
        // Written as bytes: appending `String`s cell by cell took a fifth of a 125,000-row audience's time.
        var output: [UInt8] = []
        output.reserveCapacity((rows.first.map { $0.reduce(0) { $0 + $1.utf8.count + 1 } } ?? 16) * (rows.count + 1) * 11 / 10)
        for row in CollectionOfOne(headers) + rows {
            for (index, value) in row.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendCell(value, exact: exact, to: &output)
            }
            output.append(0x0D)
            output.append(0x0A)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The lines of `rows` (no header) as UTF-8 bytes, for a caller that writes parts of a long table on several cores.
    public static func lines(_ rows: ArraySlice<[String]>, exact: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendCell(value, exact: exact, to: &output)
            }
            output.append(0x0D)
            output.append(0x0A)
        }
        return output
    }

    /// Appends ``cell(_:exact:)``'s text; a cell that needs neither the formula guard nor quotes is copied as it is.
    static func appendCell(_ value: String, exact: Bool, to output: inout [UInt8]) {
        var plain = true
        var first = true
        for byte in value.utf8 {
            if first, byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@") {
                plain = false
                break
            }
            first = false
            // Quotes, separators, line breaks, other controls and any non-ASCII byte (SafeText's bidirectional and
            // invisible characters) take the general path.
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte < 0x20 || byte == 0x7F || (byte >= 0x80 && !exact) {
                plain = false
                break
            }
        }
        if plain {
            output.append(contentsOf: value.utf8)
        } else {
            output.append(contentsOf: cell(value, exact: exact).utf8)
        }
    }

    /// One cell, neutralised and quoted as needed.
    public static func cell(_ value: String, exact: Bool = false) -> String {
        var text = exact ? value : SafeText.visible(value)
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil, text != "-", !isSignedPeopleNumber(text) {
            text = "'" + text
        }
        // One pass over the bytes (a `Character` scan per cell was a third of a large audience's time).
        var quoted = false
        for byte in text.utf8 where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            quoted = true
            break
        }
        return quoted ? "\"" + text.replacingQuotes() + "\"" : text
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var output = ""
        for character in self { output += character == "\"" ? "\"\"" : String(character) }
        return output
    }
}

/// `+5.2%`, `-1,234`, `−3.0%`: a number for people with its sign, not a formula.
private func isSignedPeopleNumber(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars.dropFirst())
    guard let first = scalars.first, first.isASCII, first.properties.numericType != nil else { return false }
    return scalars.allSatisfy { ($0.isASCII && $0.properties.numericType != nil) || $0 == "," || $0 == "." || $0 == "%" }
}
