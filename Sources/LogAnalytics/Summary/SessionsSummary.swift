public import LogIngest

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

    private var days: [SiteDay: Day] = [:]
    private var visitorsByDay: [SiteDay: Set<String>] = [:]

    public init() {}

    /// Counts one visit.
    public func add(_ completed: CompletedVisit) {
        let visit = completed.visit
        var day = days[visit.day] ?? Day(day: visit.day)
        day.visits += 1
        day.pageViews += visit.pageViews
        if visit.firstVisit { day.firstTimeVisitors += 1 }
        if visit.loggedIn { day.logins += 1 }
        day.segments[visit.segment.rawValue, default: 0] += 1
        day.channels[visit.channel.channel.rawValue, default: 0] += 1
        day.devices[visit.device.rawValue, default: 0] += 1
        days[visit.day] = day
        visitorsByDay[visit.day, default: []].insert(visit.visitorKey)
    }

    /// The days in order.
    public var result: [Day] {
        days.keys.sorted().map { key in
            var day = days[key]!
            day.visitors = visitorsByDay[key]?.count ?? 0
            return day
        }
    }
}
