import LogIngest

/// The figures of `footfall sessions`, per site day.
public final class SessionsSummary {
    /// One day's figures (the JSON contract of `footfall sessions`).
    public struct Day: Sendable, Codable, Hashable {
        public var day: SiteDay
        public var visits = 0
        public var visitors = 0
        public var firstTimeVisitors = 0
        public var pageViews = 0
        public var logins = 0
        public var segments: [String: Int] = Dictionary(uniqueKeysWithValues: Segment.allCases.map { ($0.rawValue, 0) })
        public var channels: [String: Int] = Dictionary(uniqueKeysWithValues: Channel.allCases.map { ($0.rawValue, 0) })
        public var devices: [String: Int] = Dictionary(uniqueKeysWithValues: DeviceClass.allCases.map { ($0.rawValue, 0) })

        enum CodingKeys: String, CodingKey {
            case day, visits, visitors, logins, segments, channels, devices
            case firstTimeVisitors = "first_time_visitors"
            case pageViews = "page_views"
        }

        init(day: SiteDay) {
            self.day = day
        }
    }

    /// Counts of one day in arrays indexed by the enums' positions (no string hashing per visit).
    private struct Tally {
        var visits = 0
        var pageViews = 0
        var firstTime = 0
        var logins = 0
        var segments = [Int](repeating: 0, count: Segment.allCases.count)
        var channels = [Int](repeating: 0, count: Channel.allCases.count)
        var devices = [Int](repeating: 0, count: DeviceClass.allCases.count)
        /// Bit *n*: visitor number *n* visited on the day.
        var visitors: [UInt64] = []
        var distinctVisitors = 0
        /// Set once the day is complete and its visitor bits dropped.
        var complete = false

    mutating func add(_ visit: CompletedVisit, visitor: Int32, segment: Int, channel: Int, device: Int) {
        visits += 1
        pageViews += visit.pageViewCount
        if visit.firstVisit { firstTime += 1 }
        if visit.loggedIn { logins += 1 }
        segments[segment] += 1
        channels[channel] += 1
        devices[device] += 1
        let word = Int(visitor) >> 6
        if word >= visitors.count { visitors.append(contentsOf: repeatElement(0, count: word + 1 - visitors.count)) }
        let bit: UInt64 = 1 << UInt64(visitor & 63)
        if visitors[word] & bit == 0 {
            visitors[word] |= bit
            distinctVisitors += 1
        }
    }
    }

    private var tallies: [SiteDay: Tally] = [:]
    private var latestDay: SiteDay?
    // Positions in `allCases` found by a linear search of a few cases: no hashing per visit.
    private static let segments = Segment.allCases
    private static let channels = Channel.allCases
    private static let devices = DeviceClass.allCases

    public init() {}

    /// Counts one visit.
    public func add(_ completed: CompletedVisit) {
        let visit = completed
        if latestDay == nil || visit.day > latestDay! {
            // Visits close in time order and a day's last visits close when the next day begins:
            // earlier days are complete, so their visitor bits can go (memory stays flat over days).
            for (day, tally) in tallies where day < visit.day && !tally.complete {
                tallies[day]!.complete = true
                tallies[day]!.visitors = []
            }
            latestDay = visit.day
        }
        tallies[visit.day, default: Tally()].add(
            visit, visitor: completed.visitorNumber, segment: Self.segments.firstIndex(of: visit.segment)!,
            channel: Self.channels.firstIndex(of: visit.channel)!, device: Self.devices.firstIndex(of: visit.device)!)
    }

    /// The days in order.
    public var result: [Day] {
        tallies.keys.sorted().map { key in
            let tally = tallies[key]!
            var day = Day(day: key)
            day.visits = tally.visits
            day.visitors = tally.distinctVisitors
            day.firstTimeVisitors = tally.firstTime
            day.pageViews = tally.pageViews
            day.logins = tally.logins
            for (index, segment) in Segment.allCases.enumerated() { day.segments[segment.rawValue] = tally.segments[index] }
            for (index, channel) in Channel.allCases.enumerated() { day.channels[channel.rawValue] = tally.channels[index] }
            for (index, device) in DeviceClass.allCases.enumerated() { day.devices[device.rawValue] = tally.devices[index] }
            return day
        }
    }
}
