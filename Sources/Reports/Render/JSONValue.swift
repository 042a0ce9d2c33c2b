import FootfallStore

/// A JSON value written in a stable form: object keys in the order given, integers as integers,
/// fractions with up to 6 decimals (SPEC §8: counts are integers, ratios are fractions).
public indirect enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text() == rhs.text() }

    /// The JSON text, indented by two spaces per level when `pretty`.
    public func text(pretty: Bool = true) -> String {
        var output = ""
        write(into: &output, indent: 0, pretty: pretty)
        return output
    }

    private func write(into output: inout String, indent: Int, pretty: Bool) {
        let newline = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closingPad = pretty ? String(repeating: "  ", count: indent) : ""
        switch self {
        case .object(let pairs):
            guard !pairs.isEmpty else { return output += "{}" }
            output += "{" + newline
            for (index, (key, value)) in pairs.enumerated() {
                output += pad + Self.quote(key) + (pretty ? ": " : ":")
                value.write(into: &output, indent: indent + 1, pretty: pretty)
                output += (index + 1 < pairs.count ? "," : "") + newline
            }
            output += closingPad + "}"
        case .array(let values):
            guard !values.isEmpty else { return output += "[]" }
            output += "[" + newline
            for (index, value) in values.enumerated() {
                output += pad
                value.write(into: &output, indent: indent + 1, pretty: pretty)
                output += (index + 1 < values.count ? "," : "") + newline
            }
            output += closingPad + "]"
        case .string(let text): output += Self.quote(text)
        case .int(let value): output += String(value)
        case .double(let value): output += Self.format(value)
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        }
    }

    /// This object with `pair` inserted after the key `after` (at the end when it is absent); other values as
    /// they are.
    /// This object without `keys`, at its top level and in its `comparison` object (a report's JSON for a reader
    /// who may not see some of it, such as member ids).
    public func removing(keys: Set<String>) -> JSONValue {
        guard case .object(let pairs) = self, !keys.isEmpty else { return self }
        return .object(pairs.filter { !keys.contains($0.0) }.map { $0.0 == "comparison" ? ($0.0, $0.1.removing(keys: keys)) : $0 })
    }

    public func inserting(_ pair: (String, JSONValue), after key: String) -> JSONValue {
        guard case .object(var pairs) = self else { return self }
        let index = pairs.firstIndex { $0.0 == key }.map { $0 + 1 } ?? pairs.count
        pairs.insert(pair, at: index)
        return .object(pairs)
    }

    /// Up to 6 decimals, without trailing zeros, always with a decimal point.
    /// A non-finite value (which JSON cannot write) is `null`; a magnitude of 10¹² or more is written as Swift
    /// writes it (`1e+308` is JSON too).
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if abs(value) >= 1e12 {
            let text = String(value)
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        var text = String(rounded)
        if text.contains("e") { text = String(format: rounded) }
        return text.contains(".") ? text : text + ".0"
    }

    static func quote(_ text: String) -> String { JSONString.quote(text, escapingUnsafe: true) }
}

extension String {
    /// A plain decimal rendering of a small double (no exponent).
    init(format value: Double) {
        var text = ""
        let negative = value < 0
        var magnitude = abs(value)
        let whole = magnitude.rounded(.down)
        text = String(Int(whole))
        magnitude -= whole
        var digits = ""
        for _ in 0..<6 {
            magnitude *= 10
            let digit = Int(magnitude.rounded(.down))
            digits += String(digit)
            magnitude -= Double(digit)
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        self = (negative ? "-" : "") + text + (digits.isEmpty ? "" : "." + digits)
    }
}
