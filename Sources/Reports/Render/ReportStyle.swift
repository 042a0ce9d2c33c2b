import Foundation

/// How a report is shown to people (SPEC §12, issue 19): its language, and whether a terminal table may be wider
/// than 120 columns or a CSV is for Excel. JSON does not change with any of it.
///
/// The command sets it once around rendering (`ReportStyle.$current.withValue(style) { … }`); renderers read
/// ``current`` through ``L(_:)`` and the number formats of ``PeopleNumbers``.
public struct ReportStyle: Sendable {
    /// The language of labels.
    public enum Language: String, Sendable, CaseIterable {
        case en, ko
    }

    public var language: Language
    /// A terminal table keeps every column, however wide (else it drops the least important past 120 columns).
    public var wide: Bool
    /// CSV for Excel: a UTF-8 byte order mark, labels in the language, numbers for people, one value per cell.
    public var excel: Bool
    /// In the console (SPEC §13): the address of the current view with `filter = value` added, so that every
    /// dimension value in a table or chart adds itself as a filter; `nil` in files (plain text).
    public var filterLink: (@Sendable (_ filter: String, _ value: String) -> String?)?

    public init(language: Language = .en, wide: Bool = false, excel: Bool = false) {
        self.language = language
        self.wide = wide
        self.excel = excel
    }

    /// The style reports render with now.
    @TaskLocal public static var current = ReportStyle()

    /// The language of `LANG`/`LC_ALL` (`ko_KR.UTF-8` → Korean), else English.
    public static func language(fromEnvironment environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty { return value.lowercased().hasPrefix("ko") ? .ko : .en }
        }
        return .en
    }
}

/// A label in the current language: English as written, Korean from ``KoreanLabels``.
public func L(_ english: String) -> String {
    guard ReportStyle.current.language == .ko else { return english }
    return KoreanLabels.table[english] ?? english
}

/// Numbers for people (issue 19): thousands separators, rates as percentages with one decimal, durations as
/// m:ss, money in won; the same rounding wherever a figure is shown (a KPI box and its table).
public enum PeopleNumbers {
    /// `1,234,567`.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A decimal with `places` digits after the point and separators: `3.02`, `1,234.5`.
    public static func decimal(_ value: Double, places: Int = 2) -> String {
        guard value.isFinite else { return "n/a" }
        let scale = pow(10.0, Double(places))
        let rounded = (value * scale).rounded() / scale
        let whole = Int(rounded.magnitude.rounded(.down))
        var fraction = Int(((rounded.magnitude - Double(whole)) * scale).rounded())
        var wholePart = whole
        if fraction >= Int(scale) { wholePart += 1; fraction -= Int(scale) }
        let sign = rounded < 0 && (wholePart != 0 || fraction != 0) ? "-" : ""
        guard places > 0 else { return sign + count(wholePart) }
        let fractionText = String(fraction)
        return sign + count(wholePart) + "." + String(repeating: "0", count: places - fractionText.count) + fractionText
    }

    /// A fraction as a percentage with one decimal: `0.4481` → `44.8%`.
    /// Below 0.1% (but not zero) two decimals, so that a small rate is not shown as 0.0%.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        let points = fraction * 100
        if points != 0, abs(points) < 0.05 { return abs(points) < 0.005 ? (points < 0 ? ">-0.01%" : "<0.01%") : decimal(points, places: 2) + "%" }
        return decimal(points, places: 1) + "%"
    }

    /// Seconds as `m:ss` (`h:mm:ss` from an hour): `128.4` → `2:08`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "n/a" }
        guard seconds >= 0 else { return "-" + duration(-seconds) }
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total % 3600 / 60, total % 60)
        let ss = rest < 10 ? "0\(rest)" : "\(rest)"
        if hours > 0 { return "\(hours):\(minutes < 10 ? "0" : "")\(minutes):\(ss)" }
        return "\(minutes):\(ss)"
    }

    /// Won, whole: `₩1,166,667`.
    public static func money(_ value: Double) -> String {
        value.isFinite ? "₩" + count(Int(value.rounded())) : "n/a"
    }

    /// An interest score: one decimal.
    public static func score(_ value: Double) -> String { decimal(value, places: 1) }

    /// A change in percent with its sign: `+5.2%`, `−3.0%`, `n/a`.
    public static func change(_ relative: Double?) -> String {
        guard let relative, relative.isFinite else { return "n/a" }
        let text = percent(relative)
        return relative > 0 ? "+" + text : text
    }
}

/// How a renderer writes a cell: for people (labels in the language, ``PeopleNumbers``) or as the JSON has it
/// (machine CSV: raw names, plain numbers). One row builder serves the table, the HTML and both CSVs.
public struct CellFormat: Sendable {
    /// Numbers for people and labels in the language.
    public var people: Bool

    public static let forPeople = CellFormat(people: true)
    public static let forMachines = CellFormat(people: false)
    /// The CSV's format: for people under `--excel`, else for machines.
    public static var csv: CellFormat { ReportStyle.current.excel ? .forPeople : .forMachines }

    public func count(_ value: Int) -> String { people ? PeopleNumbers.count(value) : String(value) }
    public func decimal(_ value: Double, places: Int = 2) -> String {
        people ? PeopleNumbers.decimal(value, places: places) : JSONValue.format(value)
    }
    public func percent(_ fraction: Double) -> String { people ? PeopleNumbers.percent(fraction) : JSONValue.format(fraction) }
    public func duration(_ seconds: Double) -> String { people ? PeopleNumbers.duration(seconds) : JSONValue.format(seconds) }
    public func money(_ won: Double) -> String { people ? PeopleNumbers.money(won) : JSONValue.format(won) }
    public func score(_ value: Double) -> String { people ? PeopleNumbers.score(value) : JSONValue.format(value) }
    /// A value that may be missing (null in JSON): "n/a" for people, empty for machines.
    public func optional<T>(_ value: T?, _ shown: (T) -> String) -> String { value.map(shown) ?? (people ? "n/a" : "") }
    /// A name the reports define (a segment, grade, device, channel): translated for people.
    public func label(_ name: String) -> String { people ? L(name) : name }
    /// Column heads: labels in the language for people; for machines the given names, else the labels in
    /// snake case.
    public func headers(_ labels: [String], machine: [String]? = nil) -> [String] {
        people ? labels.map(L) : machine ?? labels.map { String($0.map { $0 == " " || $0 == "/" || $0 == "-" ? "_" : $0 }) }
    }
}
