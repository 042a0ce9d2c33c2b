import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore

/// What an audience needs of each member's visits in its range, read from the `visits` table on every core:
/// one entry per member with visit count, last visit and the goals, funnel progress and campaigns asked about.
struct AudienceVisits: Sendable {
    /// A member's visits in the range.
    struct Member: Sendable {
        var visits: Int32 = 0
        var lastStart: Int64 = .min
        var lastOffset: Int32 = 0
        var lastDay = SiteDay(daysSinceEpoch: 0)
        /// `segment` of the last visit: 0 member, 1 customer, 2 any other.
        var lastSegment: UInt8 = 2
        /// Per asked goal (``goals``' order), the visits reaching it.
        var goalVisits: [Int32]
        /// Per asked campaign, the visits from it.
        var campaignVisits: [Int32]
        /// The furthest step of the asked funnel reached within one visit.
        var furthestStep: Int32 = 0
        var references: [VisitReference] = []
    }

    var members: [Int32: Member] = [:]

    /// The goals, campaigns and funnel (within visits) asked about.
    struct Wanted: Sendable {
        var goals: [String] = []
        var campaigns: [String] = []
        var funnel: String?
    }

    static let segmentCodes = ["member": UInt8(0), "customer": 1]

    static func load(from store: Store, days: [SiteDay], wanted: Wanted) throws -> AudienceVisits {
        let parts = try DayParallelLoad.loadFiles(.visits, of: store, days: days, empty: AudienceVisits()) { result, day, reader in
            var numbers: [Int32] = []
            try reader.readColumn("member_no", appendingTo: &numbers, nullsAs: -1)
            guard numbers.contains(where: { $0 >= 0 }) else { return }
            var starts: [Int64] = [], offsets: [Int32] = [], segments = ParquetStringCodes()
            try reader.readColumn("start", appendingTo: &starts)
            try reader.readColumn("site_offset_s", appendingTo: &offsets)
            try reader.readColumn("segment", codingInto: &segments)
            let segmentCode = segments.decodedDictionary { Self.segmentCodes[$0] ?? 2 }
            var goals = ParquetStringCodes(), campaigns = ParquetStringCodes(), funnels = ParquetStringCodes()
            var goalFlags: [[Bool]] = [], campaignIndex: [Int] = [], funnelSteps: [Int32] = []
            if !wanted.goals.isEmpty {
                try reader.readColumn("goals", codingInto: &goals)
                goalFlags = goals.decodedDictionary { text in
                    let reached = Set(JSONText.stringArray(text))
                    return wanted.goals.map(reached.contains)
                }
            }
            if !wanted.campaigns.isEmpty {
                try reader.readColumn("campaign", codingInto: &campaigns)
                campaignIndex = campaigns.decodedDictionary { wanted.campaigns.firstIndex(of: $0) ?? -1 }
            }
            if let funnel = wanted.funnel {
                try reader.readColumn("funnel_steps", codingInto: &funnels)
                funnelSteps = funnels.decodedDictionary { Int32(JSONText.integerObject($0)[funnel] ?? 0) }
            }
            for row in numbers.indices where numbers[row] >= 0 {
                var member = result.members.removeValue(forKey: numbers[row])
                    ?? Member(goalVisits: Array(repeating: 0, count: wanted.goals.count), campaignVisits: Array(repeating: 0, count: wanted.campaigns.count))
                member.visits += 1
                if starts[row] >= member.lastStart {
                    member.lastStart = starts[row]
                    member.lastOffset = offsets[row]
                    member.lastDay = day
                    member.lastSegment = segments.codes[row] >= 0 ? segmentCode[Int(segments.codes[row])] : 2
                }
                if !goalFlags.isEmpty, goals.codes[row] >= 0 {
                    for (index, reached) in goalFlags[Int(goals.codes[row])].enumerated() where reached { member.goalVisits[index] += 1 }
                }
                if !campaignIndex.isEmpty, campaigns.codes[row] >= 0, case let index = campaignIndex[Int(campaigns.codes[row])], index >= 0 {
                    member.campaignVisits[index] += 1
                }
                if !funnelSteps.isEmpty, funnels.codes[row] >= 0 { member.furthestStep = max(member.furthestStep, funnelSteps[Int(funnels.codes[row])]) }
                member.references.append(VisitReference(day: day, ordinal: Int32(row)))
                result.members[numbers[row]] = member
            }
        } join: { result, part in
            for (number, later) in part.members {
                guard var member = result.members.removeValue(forKey: number) else {
                    result.members[number] = later
                    continue
                }
                member.visits += later.visits
                if later.lastStart >= member.lastStart {
                    (member.lastStart, member.lastOffset, member.lastDay, member.lastSegment) = (later.lastStart, later.lastOffset, later.lastDay, later.lastSegment)
                }
                for index in member.goalVisits.indices { member.goalVisits[index] += later.goalVisits[index] }
                for index in member.campaignVisits.indices { member.campaignVisits[index] += later.campaignVisits[index] }
                member.furthestStep = max(member.furthestStep, later.furthestStep)
                member.references += later.references
                result.members[number] = member
            }
        }
        return parts
    }
}
