public import LogAnalytics
public import SiteConfig

/// The date range and visit filters of a report (SPEC §8, §12.15).
public struct ReportQuery: Sendable {
    /// First and last day, inclusive.
    public var from: SiteDay
    public var to: SiteDay
    public var segment: Segment?
    public var grade: String?
    public var gender: String?
    /// Inclusive age range; age is the range end's year minus `birth_year`.
    public var ages: ClosedRange<Int>?
    public var device: String?
    public var channel: String?
    public var campaign: String?
    /// The goals that count as conversions (SPEC §12.19; the config's, else every goal but `login`).
    public var conversionGoals: ConversionGoals = .allBut(["login"])
    /// The range asked for, when it reached past the store's days and was cut to `from … to` (SPEC §12.21):
    /// the JSON's `range_cut`.
    public var requestedRange: ClosedRange<SiteDay>?
    /// The earlier period the report is compared with (SPEC §12.22), if any.
    public var comparison: ComparisonPeriod?

    public init(
        from: SiteDay, to: SiteDay, segment: Segment? = nil, grade: String? = nil, gender: String? = nil,
        ages: ClosedRange<Int>? = nil, device: String? = nil, channel: String? = nil, campaign: String? = nil
    ) {
        self.from = from
        self.to = to
        self.segment = segment
        self.grade = grade
        self.gender = gender
        self.ages = ages
        self.device = device
        self.channel = channel
        self.campaign = campaign
    }

    /// `true` when a visit filter is set: then hit counts are omitted (SPEC §12.15).
    public var filtersVisits: Bool {
        segment != nil || grade != nil || gender != nil || ages != nil || device != nil || channel != nil || campaign != nil
    }

    /// The calendar days of the range.
    public var days: [SiteDay] {
        guard from <= to else { return [] }
        return (0...Int(to.daysSinceEpoch - from.daysSinceEpoch)).map { from.adding(days: $0) }
    }

    /// The filters as the JSON contract's `filters` object.
    public var filterValues: [String: String] {
        var values: [String: String] = [:]
        if let segment { values["segment"] = segment.rawValue }
        if let grade { values["grade"] = grade }
        if let gender { values["gender"] = gender }
        if let ages { values["age"] = "\(ages.lowerBound)-\(ages.upperBound)" }
        if let device { values["device"] = device }
        if let channel { values["channel"] = channel }
        if let campaign { values["campaign"] = campaign }
        return values
    }
}
