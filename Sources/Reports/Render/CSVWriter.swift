import LogIngest
/// CSV output (RFC 4180) that is safe to open in a spreadsheet: a text cell beginning with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is prefixed with `'`, so a log-derived value cannot become a
/// formula (SPEC §8). Numbers written by footfall, and the lone `-` that stands for "none", are left as they are.
public enum CSVWriter {
    public static func text(headers: [String], rows: [[String]]) -> String {
        ([headers] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One cell, neutralised and quoted as needed.
    public static func cell(_ value: String) -> String {
        var text = SafeText.visible(value)
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil, text != "-" {
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
