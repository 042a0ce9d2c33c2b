import Foundation
public import LogAnalytics
public import Reports

/// The whole state of a console view, as its URL's query holds it (SPEC §13: a bookmark or a pasted link opens
/// the same view): the range (a preset or `from`/`to`), the comparison, the §8 filters, the report's argument
/// (funnel or member id) and the language.
public struct ConsoleQuery: Sendable, Hashable {
    /// The filters of SPEC §8, in the order the filter bar shows them.
    public static let filterNames = ["segment", "grade", "gender", "age", "device", "channel", "campaign"]
    /// The options of SPEC §14's reports (`funnel` window, `attribution` goal and look-back, `cohorts` grouping, goal
    /// and periods): a view's own, not carried to other pages.
    public static let journeyOptions = ["window", "goal", "lookback", "by", "periods"]
    /// Range presets, relative to the store's last day (the day a nightly ingest last added).
    public static let presets = ["yesterday", "7d", "30d", "this-month", "last-month"]

    public var values: [String: String]

    public init(values: [String: String] = [:]) {
        self.values = values.filter { !$0.value.isEmpty }
    }

    /// Parses a raw query string (`a=b&c=d`): `+` is a space, `%XX` bytes are UTF-8; the last value of a key wins.
    public init(queryString: String) {
        var values: [String: String] = [:]
        for pair in queryString.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if !key.isEmpty { values[key] = value }
        }
        self.init(values: values)
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The query string, keys sorted (so equal states give equal URLs and cache keys).
    public var queryString: String {
        values.sorted { $0.key < $1.key }.map { Self.encode($0.key) + "=" + Self.encode($0.value) }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// This state with `key` set to `value` (or removed when `nil`).
    public func setting(_ key: String, _ value: String?) -> ConsoleQuery {
        var copy = self
        copy.values[key] = value.flatMap { $0.isEmpty ? nil : $0 }
        return copy
    }

    public subscript(key: String) -> String? { values[key] }

    /// The range of a preset, anchored on the store's last day.
    public static func presetRange(_ preset: String, storeLast: SiteDay) -> (from: SiteDay, to: SiteDay)? {
        let components = storeLast.components
        switch preset {
        case "yesterday": return (storeLast, storeLast)
        case "7d": return (storeLast.adding(days: -6), storeLast)
        case "30d": return (storeLast.adding(days: -29), storeLast)
        case "this-month":
            guard let first = firstDay(components.year, components.month) else { return nil }
            return (first, storeLast)
        case "last-month":
            guard let firstThis = firstDay(components.year, components.month) else { return nil }
            let lastPrevious = firstThis.adding(days: -1)
            let previous = lastPrevious.components
            guard let firstPrevious = firstDay(previous.year, previous.month) else { return nil }
            return (firstPrevious, lastPrevious)
        default: return nil
        }
    }

    static func firstDay(_ year: Int, _ month: Int) -> SiteDay? {
        SiteDay(String(format: "%04d-%02d-01", year, month))
    }

    /// The report request of this state for `report`: a preset wins over `from`/`to`; an unknown preset or
    /// comparison is the same usage error as the CLI's.
    public func request(report: String, storeLast: SiteDay?) throws(ReportRunError) -> ReportRequest {
        var request = ReportRequest(name: report, argument: values["arg"])
        request.from = values["from"]
        request.to = values["to"]
        if let preset = values["preset"] {
            guard let storeLast, let range = Self.presetRange(preset, storeLast: storeLast) else {
                throw ReportRunError(.usage, "preset '\(preset)' is not one of \(Self.presets.joined(separator: ", "))")
            }
            (request.from, request.to) = (range.from.description, range.to.description)
        }
        if let compare = values["compare"] {
            guard let period = ComparisonPeriod(rawValue: compare) else {
                throw ReportRunError(.usage, "compare '\(compare)' is not one of previous, year")
            }
            request.compare = period
        }
        request.segment = values["segment"]
        request.grade = values["grade"]
        request.gender = values["gender"]
        request.age = values["age"]
        request.device = values["device"]
        request.channel = values["channel"]
        request.campaign = values["campaign"]
        func number(_ name: String) throws(ReportRunError) -> Int? {
            guard let text = values[name] else { return nil }
            guard let value = Int(text) else { throw ReportRunError(.usage, "\(name) '\(text)' is not a whole number") }
            return value
        }
        request.window = try number("window")
        request.lookback = try number("lookback")
        request.periods = try number("periods")
        request.goal = values["goal"]
        request.by = values["by"] ?? (report == "cohorts" ? "week" : nil)
        return request
    }
}
