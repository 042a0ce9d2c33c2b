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
        ([headers] + rows).map { $0.map { cell($0, exact: exact) }.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One cell, neutralised and quoted as needed.
    public static func cell(_ value: String, exact: Bool = false) -> String {
        var text = exact ? value : SafeText.visible(value)
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil, text != "-", !isSignedPeopleNumber(text) {
            text = "'" + text
        }
        if text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") {
            return "\"" + text.replacingQuotes() + "\""
        }
        return text
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
