import Foundation
public import FootfallStore
public import LogAnalytics
public import LogIngest
import ParquetStore

/// `funnel NAME --window DAYS` (SPEC §14): persons reaching each step of a funnel across visits within DAYS of an
/// attempt's start, with the time between steps, persons per step by the segment and channel of the attempt's first
/// visit, and the pages viewed next by persons who stopped at a step.
public struct WindowedFunnelReport: Sendable {
    public struct Step: Sendable, Equatable {
        /// The step's glob as written in the config.
        public var name: String
        public var persons: Int
        public var conversionFromStart: Double
        public var conversionFromPrevious: Double
        /// Seconds from the previous step's page view to this one's in the counted attempts (`nil` at step 1 and
        /// when nobody reached it).
        public var medianSecondsFromPrevious: Double?
        public var p90SecondsFromPrevious: Double?
    }

    /// The pages viewed next, in the same visit, by the persons whose counted attempt stopped at a step.
    public struct Drop: Sendable, Equatable {
        /// Persons whose attempt stopped at the step.
        public var persons: Int
        /// The top 5 pages viewed next, most persons first, then by name (persons whose step page view ended its
        /// visit are in no page's count).
        public var nextPages: [NextPage]
    }

    public struct NextPage: Sendable, Equatable {
        public var page: String
        public var persons: Int
    }

    public var query: ReportQuery
    public var funnel: String
    public var windowDays: Int
    public var steps: [Step]
    /// Persons reaching each step, by the segment of the attempt's first visit (all four).
    public var bySegment: [(segment: Segment, persons: [Int])]
    /// Persons reaching each step, by the channel of the attempt's first visit (all five).
    public var byChannel: [(channel: Channel, persons: [Int])]
    /// Per step.
    public var drops: [Drop]
    /// The page name of each step (see ``FunnelReport/pageNames(steps:rules:)``).
    public var pageNames: [String?] = []

    /// Computes the report for the funnel `name` with steps `steps` and a window of `windowDays` (at least 1).
    public static func make(
        store: Store, storeDays: ClosedRange<SiteDay>, query: ReportQuery, name: String, steps: [PathGlob], windowDays: Int
    ) throws -> WindowedFunnelReport {
        let journeys = try FunnelJourneys.make(store: store, storeDays: storeDays, query: query, funnel: name, steps: steps, windowDays: windowDays)
        let count = min(steps.count, 64)
        var reaching = [Int](repeating: 0, count: count)
        var gaps = [[Double]](repeating: [], count: count)
        let visits = journeys.timeline.visits
        // Persons per step by the code of the first visit's segment and channel (one more code for none).
        var perSegmentCode = [[Int]](repeating: Array(repeating: 0, count: count), count: visits.segment.dictionary.count + 1)
        var perChannelCode = [[Int]](repeating: Array(repeating: 0, count: count), count: visits.channel.dictionary.count + 1)
        var dropped = [Int](repeating: 0, count: count)
        var nextPages = [[Int32: Int]](repeating: [:], count: count)
        for attempt in journeys.attempts {
            let segment = Int(visits.segment.codes[attempt.firstVisit]) + 1, channel = Int(visits.channel.codes[attempt.firstVisit]) + 1
            for step in 0..<attempt.reached {
                reaching[step] += 1
                perSegmentCode[segment][step] += 1
                perChannelCode[channel][step] += 1
                if step > 0 {
                    let times = journeys.stepTimes
                    gaps[step].append(Double(times[attempt.timesStart + step] - times[attempt.timesStart + step - 1]) / 1_000_000)
                }
            }
            if attempt.reached < count {
                dropped[attempt.reached - 1] += 1
                if attempt.nextPage >= 0 { nextPages[attempt.reached - 1][attempt.nextPage, default: 0] += 1 }
            }
        }
        let reportSteps = steps.prefix(count).enumerated().map { index, step in
            Step(
                name: step.pattern, persons: reaching[index],
                conversionFromStart: index == 0 ? (reaching[0] > 0 ? 1 : 0) : OverviewReport.ratio(reaching[index], reaching[0]),
                conversionFromPrevious: index == 0 ? (reaching[0] > 0 ? 1 : 0) : OverviewReport.ratio(reaching[index], reaching[index - 1]),
                medianSecondsFromPrevious: index == 0 ? nil : JourneyStatistics.median(gaps[index]),
                p90SecondsFromPrevious: index == 0 ? nil : JourneyStatistics.p90(gaps[index]))
        }
        let drops = (0..<count).map { step in
            Drop(persons: dropped[step], nextPages: nextPages[step].map { NextPage(page: journeys.pages[Int($0.key)], persons: $0.value) }
                .sorted { $0.persons != $1.persons ? $0.persons > $1.persons : $0.page < $1.page }.prefix(5).map { $0 })
        }
        let zeros = [Int](repeating: 0, count: count)
        var perSegment = [String: [Int]](), perChannel = [String: [Int]]()
        for (code, name) in visits.segment.dictionary.enumerated() { perSegment[name] = perSegmentCode[code + 1] }
        for (code, name) in visits.channel.dictionary.enumerated() { perChannel[name] = perChannelCode[code + 1] }
        return WindowedFunnelReport(
            query: query, funnel: name, windowDays: windowDays, steps: reportSteps,
            bySegment: Segment.allCases.map { ($0, perSegment[$0.rawValue] ?? zeros) },
            byChannel: Channel.allCases.map { ($0, perChannel[$0.rawValue] ?? zeros) }, drops: drops)
    }

    func pageName(_ step: Int) -> String? { step < pageNames.count ? pageNames[step] : nil }

    public var jsonValue: JSONValue {
        func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        return .object([
            ("report", .string("funnel")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("funnel", .string(funnel)), ("unit", .string("persons")), ("window_days", .int(windowDays)),
            ("steps", .array(steps.enumerated().map { index, step in
                .object([
                    ("name", .string(step.name)), ("page", pageName(index).map(JSONValue.string) ?? .null), ("persons", .int(step.persons)),
                    ("conversion_from_start", .double(step.conversionFromStart)), ("conversion_from_previous", .double(step.conversionFromPrevious)),
                    ("median_s_from_previous", optional(step.medianSecondsFromPrevious)), ("p90_s_from_previous", optional(step.p90SecondsFromPrevious)),
                ])
            })),
            ("by_segment", .object(bySegment.map { ($0.segment.rawValue, .array($0.persons.map(JSONValue.int))) })),
            ("by_channel", .object(byChannel.map { ($0.channel.rawValue, .array($0.persons.map(JSONValue.int))) })),
            ("next_pages_after_drop", .array(zip(steps, drops).map { step, drop in
                .object([
                    ("step", .string(step.name)), ("dropped", .int(drop.persons)),
                    ("pages", .array(drop.nextPages.map { .object([("page", .string($0.page)), ("persons", .int($0.persons))]) })),
                ])
            })),
        ])
    }
}
