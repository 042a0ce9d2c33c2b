import LogIngest

/// A calendar day in the site's time zone, as days since 1970-01-01.
public struct SiteDay: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int32

    /// Creates a day from days since 1970-01-01.
    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Parses `YYYY-MM-DD` (digits only).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts.map(\.utf8.count) == [4, 2, 2],
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }), let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= Timestamp.daysInMonth(year: year, month: month)
        else { return nil }
        daysSinceEpoch = Int32(Timestamp.daysFromCivil(year: year, month: month, day: day))
    }

    /// The civil date.
    public var components: (year: Int, month: Int, day: Int) {
        Timestamp.civilFromDays(Int64(daysSinceEpoch))
    }

    /// `YYYY-MM-DD`, the year written with four digits (at least).
    public var description: String {
        let (year, month, day) = components
        let yearText = String(year)
        let padding = year >= 0 ? String(repeating: "0", count: max(0, 4 - yearText.count)) : ""
        return "\(padding)\(yearText)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    public var weekday: Int {
        Int(((Int64(daysSinceEpoch) % 7) + 7 + 3) % 7)  // 1970-01-01 was a Thursday
    }

    /// The day `count` days later.
    public func adding(days count: Int) -> SiteDay {
        SiteDay(daysSinceEpoch: daysSinceEpoch + Int32(count))
    }

    public static func < (lhs: SiteDay, rhs: SiteDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = SiteDay(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-MM-DD, found \(text)")
        }
        self = day
    }
}
