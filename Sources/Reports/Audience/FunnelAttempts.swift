import FootfallStore
import LogAnalytics
import LogIngest

/// An audience's `--dropped FUNNEL:STEP --window DAYS` (SPEC §15): each member's furthest step over SPEC §14's
/// attempts across visits (``FunnelJourneys``: a member's anonymous visits before the key's first link count).
enum FunnelAttempts {
    /// The furthest step (1 … steps.count) of each member of `persons` (member numbers) who opened an attempt in
    /// `range`; members without one are absent (step 0).
    static func furthestSteps(
        store: Store, storeDays: ClosedRange<SiteDay>, range: ClosedRange<SiteDay>, funnel: String, windowDays: Int, steps: [PathGlob],
        persons: Set<Int32>
    ) throws -> [Int32: Int] {
        guard !persons.isEmpty, !steps.isEmpty else { return [:] }
        let journeys = try FunnelJourneys.make(
            store: store, storeDays: storeDays, query: ReportQuery(from: range.lowerBound, to: range.upperBound), funnel: funnel, steps: steps,
            windowDays: windowDays, members: persons, nextPages: false, breakdowns: false)
        var furthest: [Int32: Int] = [:]
        for attempt in journeys.attempts { furthest[journeys.timeline.person[attempt.firstVisit]] = attempt.reached }
        return furthest
    }
}
