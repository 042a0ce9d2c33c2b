import Foundation
public import FootfallStore
public import LogAnalytics
import ParquetStore
public import SiteConfig

/// `attribution --goal G [--lookback DAYS]` (SPEC §14): the visits that reached goal G in the range (conversions),
/// each credited to its person's touchpoints — the visits that started no more than DAYS × 86,400 s before it and no
/// later than it, itself included — under five credit models, per channel and per campaign, with each campaign's
/// cost per attributed conversion.
public struct AttributionReport: Sendable {
    /// The credit models, in the JSON's order.
    public enum Model: String, Sendable, CaseIterable {
        case lastTouch = "last_touch", firstTouch = "first_touch", linear, positionBased = "position_based", timeDecay = "time_decay"
    }

    public struct ChannelRow: Sendable, Equatable {
        public var channel: String
        public var touchpoints: Int
        /// Conversions credited, per model (in ``Model/allCases`` order).
        public var credit: [Double]
    }

    public struct CampaignRow: Sendable, Equatable {
        public var campaign: String
        public var touchpoints: Int
        public var credit: [Double]
        /// The campaign's cost in the range (SPEC §12.18); `nil` without a cost or under a visit filter.
        public var cost: Double?
        /// `cost / credit` per model; `nil` without a cost or a credit.
        public var costPerConversion: [Double?]
    }

    public var query: ReportQuery
    public var goal: String
    public var lookbackDays: Int
    public var conversions: Int
    /// Touchpoints per conversion, on average (`nil` without conversions).
    public var averageTouchpoints: Double?
    /// Days from the first touchpoint to the conversion.
    public var lagMedianDays: Double?
    public var lagP90Days: Double?
    /// Channels with touchpoints, most touchpoints first, then by name.
    public var channels: [ChannelRow]
    /// Campaigns with touchpoints, most touchpoints first, then by name.
    public var campaigns: [CampaignRow]

    /// Why costs are null (under a visit filter), for the JSON's `cost_note`.
    public var costNote: String? {
        query.filtersVisits ? "a campaign's cost is spent on all of its visits: under a visit filter it cannot be split, so cost and cost_per_conversion are null" : nil
    }

    /// Each touchpoint's weight under `model` (they add up to 1), for touchpoints at `ages` seconds before the
    /// conversion (in time order, the conversion last) whose channels are `direct[i]` when direct.
    static func weights(_ model: Model, ages: [Double], direct: [Bool]) -> [Double] {
        let count = ages.count
        var weights = [Double](repeating: 0, count: count)
        switch model {
        case .lastTouch:
            weights[direct.lastIndex(of: false) ?? count - 1] = 1
        case .firstTouch:
            weights[0] = 1
        case .linear:
            weights = Array(repeating: 1 / Double(count), count: count)
        case .positionBased:
            if count == 1 {
                weights[0] = 1
            } else if count == 2 {
                weights = [0.5, 0.5]
            } else {
                weights = Array(repeating: 0.2 / Double(count - 2), count: count)
                weights[0] = 0.4
                weights[count - 1] = 0.4
            }
        case .timeDecay:
            let raw = ages.map { pow(2, -$0 / 604_800) }
            let total = raw.reduce(0, +)
            weights = raw.map { $0 / total }
        }
        return weights
    }

    public static func make(
        store: Store, storeDays: ClosedRange<SiteDay>, query: ReportQuery, goal: String, lookbackDays: Int, costs: [String: CampaignCostRecord]
    ) throws -> AttributionReport {
        // A touchpoint starts at most DAYS × 86,400 s before a conversion on the range's first day: one day more for the
        // site's offset and a change to summer time.
        let firstDay = max(storeDays.lowerBound, query.from.adding(days: -(lookbackDays + 1)))
        let timeline = try PersonTimeline.load(
            store: store, storeDays: storeDays, days: firstDay...query.to, columns: Set(["goals", "channel", "campaign"]).union(PersonTimeline.filterColumns(query)))
        let visits = timeline.visits
        let selected = timeline.selected(by: query)
        let reachesGoal = visits.goalsJSON.decodedDictionary { JSONText.stringArray($0).contains(goal) }
        let channelOf = visits.channel.dictionary.map { Channel(rawValue: $0) }
        let lookback = Int64(lookbackDays) * 86_400 * 1_000_000
        let models = Model.allCases
        var channelTouchpoints = [Int](repeating: 0, count: Channel.allCases.count)
        var channelCredit = [[Double]](repeating: Array(repeating: 0, count: models.count), count: Channel.allCases.count)
        var campaignTouchpoints = [Int](repeating: 0, count: visits.campaign.dictionary.count)
        var campaignCredit = [[Double]](repeating: Array(repeating: 0, count: models.count), count: visits.campaign.dictionary.count)
        var conversions = 0, touchpointTotal = 0
        var lags: [Double] = []
        for person in 0..<(timeline.groupStarts.count - 1) {
            let group = timeline.group(Int32(person))
            guard !group.isEmpty else { continue }
            var low = group.lowerBound
            for position in group {
                let row = Int(timeline.order[position])
                let goalsCode = visits.goalsJSON.codes[row]
                guard selected[row], goalsCode >= 0, reachesGoal[Int(goalsCode)] else { continue }
                let start = visits.start[row]
                while visits.start[Int(timeline.order[low])] < start - lookback { low += 1 }
                var high = position + 1
                while high < group.upperBound, visits.start[Int(timeline.order[high])] <= start { high += 1 }
                let touchpoints = (low..<high).map { Int(timeline.order[$0]) }
                conversions += 1
                touchpointTotal += touchpoints.count
                lags.append(Double(start - visits.start[touchpoints[0]]) / 86_400_000_000)
                let ages = touchpoints.map { Double(start - visits.start[$0]) / 1_000_000 }
                let channels: [Channel?] = touchpoints.map { visits.channel.codes[$0] >= 0 ? channelOf[Int(visits.channel.codes[$0])] : nil }
                let direct = channels.map { $0 == .direct }
                for (index, channel) in channels.enumerated() {
                    if let channel { channelTouchpoints[Channel.allCases.firstIndex(of: channel)!] += 1 }
                    let campaign = visits.campaign.codes[touchpoints[index]]
                    if campaign >= 0 { campaignTouchpoints[Int(campaign)] += 1 }
                }
                for (modelIndex, model) in models.enumerated() {
                    for (index, weight) in weights(model, ages: ages, direct: direct).enumerated() where weight > 0 {
                        if let channel = channels[index] { channelCredit[Channel.allCases.firstIndex(of: channel)!][modelIndex] += weight }
                        let campaign = visits.campaign.codes[touchpoints[index]]
                        if campaign >= 0 { campaignCredit[Int(campaign)][modelIndex] += weight }
                    }
                }
            }
        }
        let channelRows = Channel.allCases.enumerated().filter { channelTouchpoints[$0.offset] > 0 }.map {
            ChannelRow(channel: $0.element.rawValue, touchpoints: channelTouchpoints[$0.offset], credit: channelCredit[$0.offset])
        }.sorted { $0.touchpoints != $1.touchpoints ? $0.touchpoints > $1.touchpoints : $0.channel < $1.channel }
        let touched = visits.campaign.dictionary.enumerated().filter { campaignTouchpoints[$0.offset] > 0 }
        let costDays = try CampaignsReport.costDays(store: store, names: touched.map(\.element), costs: costs)
        let campaignRows = touched.map { code, name -> CampaignRow in
                let cost = query.filtersVisits ? nil : costs[name]?.cost.map { CampaignsReport.spentCost($0, over: costDays[name], in: query.from...query.to) }
                return CampaignRow(
                    campaign: name, touchpoints: campaignTouchpoints[code], credit: campaignCredit[code], cost: cost,
                    costPerConversion: campaignCredit[code].map { credit -> Double? in cost.flatMap { credit > 0 ? $0 / credit : nil } })
        }.sorted { $0.touchpoints != $1.touchpoints ? $0.touchpoints > $1.touchpoints : $0.campaign < $1.campaign }
        return AttributionReport(
            query: query, goal: goal, lookbackDays: lookbackDays, conversions: conversions,
            averageTouchpoints: conversions > 0 ? Double(touchpointTotal) / Double(conversions) : nil,
            lagMedianDays: JourneyStatistics.median(lags), lagP90Days: JourneyStatistics.p90(lags), channels: channelRows, campaigns: campaignRows)
    }

    public var jsonValue: JSONValue {
        func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        func credit(_ values: [Double]) -> JSONValue { .object(zip(Model.allCases, values).map { ($0.rawValue, .double($1)) }) }
        var pairs: [(String, JSONValue)] = [
            ("report", .string("attribution")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("filters", .object(query.filterValues.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
        if let costNote { pairs.append(("cost_note", .string(costNote))) }
        pairs += [
            ("goal", .string(goal)), ("lookback_days", .int(lookbackDays)), ("conversions", .int(conversions)),
            ("avg_touchpoints", optional(averageTouchpoints)),
            ("lag_days", .object([("median", optional(lagMedianDays)), ("p90", optional(lagP90Days))])),
            ("channels", .array(channels.map { row in
                .object([("channel", .string(row.channel)), ("touchpoints", .int(row.touchpoints)), ("credit", credit(row.credit))])
            })),
            ("campaigns", .array(campaigns.map { row in
                .object([
                    ("campaign", .string(row.campaign)), ("touchpoints", .int(row.touchpoints)), ("credit", credit(row.credit)), ("cost", optional(row.cost)),
                    ("cost_per_conversion", .object(zip(Model.allCases, row.costPerConversion).map { ($0.rawValue, optional($1)) })),
                ])
            })),
        ]
        return .object(pairs)
    }
}
