import Foundation
import FootfallStore
import LogAnalytics
import ParquetStore

/// What an audience needs of each member's visits in its range: the member visits of every day read on every
/// core as flat rows, then tallied per member in dense arrays (a member's *slot*: 0, 1, 2… in order of member
/// number), with each member's rows listed by slot.
struct AudienceVisits: Sendable {
    /// One visit of a member.
    struct Row: Sendable {
        var member: Int32
        var ordinal: Int32
        var day: Int32
        var offset: Int32
        var start: Int64
        /// A bit per asked goal reached (``Wanted/goals``' order, at most 64).
        var goals: UInt64
        /// A bit per asked campaign the visit came from.
        var campaigns: UInt64
        /// The furthest step of the asked funnel reached within the visit.
        var funnelStep: Int16
        /// `segment`: 0 member, 1 customer, 2 any other.
        var segment: UInt8
    }

    /// The goals, campaigns and funnel (within visits) asked about.
    struct Wanted: Sendable {
        var goals: [String] = []
        var campaigns: [String] = []
        var funnel: String?
    }

    static let segmentCodes = ["member": UInt8(0), "customer": 1]

    var rows: [Row] = []
    /// The member number of each slot, ascending.
    var members: [Int32] = []
    var visits: [Int32] = []
    /// The row of each member's last visit (latest start; the later row on a tie).
    var lastRow: [Int] = []
    /// Per slot and asked goal (`slot * goals + goal`), the visits reaching it.
    var goalVisits: [Int32] = []
    /// Per slot and asked campaign, the visits from it.
    var campaignVisits: [Int32] = []
    var furthestStep: [Int16] = []
    /// Each slot's rows: `rowsOfSlot[slotStarts[s] ..< slotStarts[s + 1]]`.
    var slotStarts: [Int] = []
    var rowsOfSlot: [Int] = []

    var count: Int { members.count }

    func rows(of slot: Int) -> ArraySlice<Int> { rowsOfSlot[slotStarts[slot]..<slotStarts[slot + 1]] }

    static func load(from store: Store, days: [SiteDay], wanted: Wanted) throws -> AudienceVisits {
        let goals = Array(wanted.goals.prefix(64)), campaigns = Array(wanted.campaigns.prefix(64))
        let rows = try DayParallelLoad.loadFiles(.visits, of: store, days: days, empty: [Row]()) { result, day, reader in
            var numbers: [Int32] = []
            try reader.readColumn("member_no", appendingTo: &numbers, nullsAs: -1)
            guard numbers.contains(where: { $0 >= 0 }) else { return }
            var starts: [Int64] = [], offsets: [Int32] = [], segments = ParquetStringCodes()
            try reader.readColumn("start", appendingTo: &starts)
            try reader.readColumn("site_offset_s", appendingTo: &offsets)
            try reader.readColumn("segment", codingInto: &segments)
            let segmentCode = segments.decodedDictionary { Self.segmentCodes[$0] ?? 2 }
            var goalCodes = ParquetStringCodes(), campaignCodes = ParquetStringCodes(), funnelCodes = ParquetStringCodes()
            var goalBits: [UInt64] = [], campaignBits: [UInt64] = [], funnelSteps: [Int16] = []
            if !goals.isEmpty {
                try reader.readColumn("goals", codingInto: &goalCodes)
                goalBits = goalCodes.decodedDictionary { text in
                    let reached = Set(JSONText.stringArray(text))
                    return goals.enumerated().reduce(UInt64(0)) { reached.contains($1.element) ? $0 | (1 << UInt64($1.offset)) : $0 }
                }
            }
            if !campaigns.isEmpty {
                try reader.readColumn("campaign", codingInto: &campaignCodes)
                campaignBits = campaignCodes.decodedDictionary { name in campaigns.firstIndex(of: name).map { UInt64(1) << UInt64($0) } ?? 0 }
            }
            if let funnel = wanted.funnel {
                try reader.readColumn("funnel_steps", codingInto: &funnelCodes)
                funnelSteps = funnelCodes.decodedDictionary { Int16(clamping: JSONText.integerObject($0)[funnel] ?? 0) }
            }
            func bits<T: FixedWidthInteger>(_ table: [T], _ codes: ParquetStringCodes, _ row: Int) -> T {
                table.isEmpty || codes.codes[row] < 0 ? 0 : table[Int(codes.codes[row])]
            }
            for row in numbers.indices where numbers[row] >= 0 {
                result.append(Row(
                    member: numbers[row], ordinal: Int32(row), day: day.daysSinceEpoch, offset: offsets[row], start: starts[row],
                    goals: bits(goalBits, goalCodes, row), campaigns: bits(campaignBits, campaignCodes, row),
                    funnelStep: bits(funnelSteps, funnelCodes, row), segment: segments.codes[row] >= 0 ? segmentCode[Int(segments.codes[row])] : 2))
            }
        } join: { rows, later in
            rows.append(contentsOf: later)
        }
        return AudienceVisits(rows: rows, goalCount: goals.count, campaignCount: campaigns.count)
    }

    init() {}

    /// Tallies `rows` (in day order) per member.
    init(rows: [Row], goalCount: Int, campaignCount: Int) {
        self.rows = rows
        let highest = Int(rows.lazy.map(\.member).max() ?? -1)
        var slotOf = [Int32](repeating: -1, count: highest + 1)
        for row in rows { slotOf[Int(row.member)] = 0 }
        for number in slotOf.indices where slotOf[number] == 0 {
            slotOf[number] = Int32(members.count)
            members.append(Int32(number))
        }
        visits = Array(repeating: 0, count: members.count)
        lastRow = Array(repeating: -1, count: members.count)
        goalVisits = Array(repeating: 0, count: members.count * goalCount)
        campaignVisits = Array(repeating: 0, count: members.count * campaignCount)
        furthestStep = Array(repeating: 0, count: members.count)
        for (index, row) in rows.enumerated() {
            let slot = Int(slotOf[Int(row.member)])
            visits[slot] += 1
            if lastRow[slot] < 0 || row.start >= rows[lastRow[slot]].start { lastRow[slot] = index }
            if row.goals != 0 { for goal in 0..<goalCount where row.goals & (1 << UInt64(goal)) != 0 { goalVisits[slot * goalCount + goal] += 1 } }
            if row.campaigns != 0 {
                for campaign in 0..<campaignCount where row.campaigns & (1 << UInt64(campaign)) != 0 { campaignVisits[slot * campaignCount + campaign] += 1 }
            }
            furthestStep[slot] = max(furthestStep[slot], row.funnelStep)
        }
        // Each slot's rows, by a counting sort.
        slotStarts = Array(repeating: 0, count: members.count + 1)
        for slot in 0..<members.count { slotStarts[slot + 1] = slotStarts[slot] + Int(visits[slot]) }
        var next = Array(slotStarts.dropLast())
        rowsOfSlot = Array(repeating: 0, count: rows.count)
        for (index, row) in rows.enumerated() {
            let slot = Int(slotOf[Int(row.member)])
            rowsOfSlot[next[slot]] = index
            next[slot] += 1
        }
    }
}
