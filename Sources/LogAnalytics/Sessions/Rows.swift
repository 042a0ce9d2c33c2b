public import LogIngest
import SiteConfig

/// The four visitor segments of the case study (SPEC §3).
public enum Segment: String, Sendable, Hashable, CaseIterable, Codable {
    /// Member id known and insured: 고객.
    case customer
    /// Member id known, not a customer: 회원.
    case member
    /// No member id, first visit of the key ever: 최초 익명.
    case anonymousNew = "anonymous_new"
    /// No member id, a returning key: 익명.
    case anonymous
}

/// One visit (SPEC §3–§7): the row the store writes to `visits/`.
public struct VisitRow: Sendable, Hashable {
    public var day: SiteDay
    /// `visitor_key@start`: unique in the store.
    public var visitId: String
    public var visitorKey: String
    public var isFingerprint: Bool
    /// The visit's member id: its first page view's that carries one, else the recognised member.
    public var memberId: String?
    /// A page view of the visit carried the member id.
    public var loggedIn: Bool
    /// The member id came from an earlier visit of the key (SPEC §12.6).
    public var recognisedMember: Bool
    public var segment: Segment
    /// The key's first visit ever (history included).
    public var firstVisit: Bool
    /// From the customer master, when the member is in it.
    public var grade: String?
    public var gender: String?
    public var birthYear: Int?
    /// UTC seconds of the first and last page view.
    public var start: Int64
    public var end: Int64
    /// The site's UTC offset at the start.
    public var siteOffset: Int32
    /// `end − start`, seconds.
    public var durationSeconds: Int64
    public var pageViews: Int
    public var entryPage: String
    public var exitPage: String
    /// Exactly one page view.
    public var bounce: Bool
    public var device: DeviceClass
    public var browser: String
    public var operatingSystem: String
    public var channel: ChannelInfo
    /// Names of the goals reached.
    public var goals: [String]
    /// Steps reached in each funnel, by funnel name.
    public var funnelSteps: [String: Int]
    /// Page names with consecutive repeats (equal bytes) collapsed (SPEC §12.10).
    public var path: [String]
}

/// One page view of a visit: the row the store writes to `pageviews/`.
public struct PageViewRow: Sendable, Hashable {
    public var day: SiteDay
    public var visitId: String
    public var visitorKey: String
    /// The visit's member id and segment (so page views filter like their visits).
    public var memberId: String?
    public var segment: Segment
    /// 1-based position in the visit.
    public var sequence: Int
    /// UTC seconds.
    public var timestamp: Int64
    public var siteOffset: Int32
    public var page: String
    public var path: String
    public var query: String
    public var content: String?
    public var productCategory: String?
    public var product: String?
    public var method: String
    public var status: UInt16
    /// Seconds to the next page view of the visit; `nil` for the last.
    public var timeOnPage: Int64?
    public var goals: [String]
    /// The interest `action` term: the sum of the weights of the goals this page view reaches.
    public var interestAction: Double
    public var device: DeviceClass
    public var client: String
}

/// A finished visit: the figures a summary needs, and its rows (``visit``, ``pageViews``), made
/// when asked for.
///
/// A consumer that needs only visit figures (`footfall sessions`) pays for neither the visit row's
/// strings (its id, path, goals, funnel steps, channel details) nor the page-view rows.
public struct CompletedVisit: Sendable {
    /// The site day of the first page view.
    public let day: SiteDay
    public let segment: Segment
    /// The key's first visit ever (history included).
    public let firstVisit: Bool
    /// A page view of the visit carried the member id.
    public let loggedIn: Bool
    /// The number of page views.
    public var pageViewCount: Int { events.count }
    /// The device class of the first page view.
    public var device: DeviceClass { events[0].device }
    /// The channel of the landing page view.
    public let channel: Channel
    /// The visit's visitor key as a dense number of this run (0, 1, 2… in order of first page view):
    /// equal numbers are equal keys, for counting distinct visitors without hashing the keys.
    public var visitorNumber: Int32
    /// The visitor key.
    public let visitorKey: String
    /// The visit's member id (its own or the recognised one).
    public let memberId: String?
    let customer: CustomerRecord?
    let events: [PageViewEvent]
    let context: RowContext

    /// The visit row (made on each call).
    public var visit: VisitRow { rows(pageViews: false).visit }

    /// The visit's page views, in time order (made on each call).
    public var pageViews: [PageViewRow] { rows(pageViews: true).pageViews }

    /// The visit row and its page views, made together (they share their strings).
    public func rows() -> (visit: VisitRow, pageViews: [PageViewRow]) { rows(pageViews: true) }

    private func rows(pageViews withPageViews: Bool) -> (visit: VisitRow, pageViews: [PageViewRow]) {
        let model = context.model
        let vocabularies = context.vocabularies
        let first = events[0]
        let last = events[events.count - 1]
        let firstVocabulary = vocabularies[Int(first.file)]
        var goalMask: UInt64 = 0
        var pathPages: [String] = []
        var stepMasks: [UInt64] = []
        stepMasks.reserveCapacity(events.count)
        var previousPage: (file: Int32, number: Int32) = (-1, -1)
        for event in events {
            goalMask |= event.goals
            stepMasks.append(event.funnelSteps)
            // The same page number of the same file is the same page name: no string to compare.
            if event.page >= 0, event.file == previousPage.file, event.page == previousPage.number { continue }
            let page = vocabularies[Int(event.file)].pageName(of: event)
            // Repeats are equal bytes (as in the store's codes), not Swift's canonical equivalence.
            if !(pathPages.last?.utf8.elementsEqual(page.utf8) ?? false) { pathPages.append(page) }
            previousPage = (event.file, event.page)
        }
        let progress = model.funnelProgress(stepMasks)
        var funnelSteps: [String: Int] = [:]
        for (funnel, reached) in zip(model.funnels, progress) { funnelSteps[funnel.name] = reached }
        let visit = VisitRow(
            day: day, visitId: "\(visitorKey)@\(first.timestamp)", visitorKey: visitorKey, isFingerprint: first.isFingerprint,
            memberId: memberId, loggedIn: loggedIn, recognisedMember: !loggedIn && memberId != nil,
            segment: segment, firstVisit: firstVisit, grade: customer?.grade.rawValue, gender: customer?.gender,
            birthYear: customer?.birthYear, start: first.timestamp, end: last.timestamp, siteOffset: first.siteOffset,
            durationSeconds: last.timestamp - first.timestamp, pageViews: events.count,
            entryPage: firstVocabulary.pageName(of: first), exitPage: vocabularies[Int(last.file)].pageName(of: last),
            bounce: events.count == 1, device: first.device, browser: first.browser,
            operatingSystem: first.operatingSystem, channel: firstVocabulary.channel(of: first),
            goals: model.goalNames(in: goalMask), funnelSteps: funnelSteps, path: pathPages)
        guard withPageViews else { return (visit, []) }
        var rows: [PageViewRow] = []
        rows.reserveCapacity(events.count)
        for (position, event) in events.enumerated() {
            let timeOnPage = position + 1 < events.count ? events[position + 1].timestamp - event.timestamp : nil
            let vocabulary = vocabularies[Int(event.file)]
            let page = vocabulary.page(of: event)
            rows.append(
                PageViewRow(
                    day: day, visitId: visit.visitId, visitorKey: visitorKey, memberId: memberId,
                    segment: segment, sequence: position + 1, timestamp: event.timestamp, siteOffset: event.siteOffset,
                    page: page.page, path: vocabulary.path(of: event), query: event.query, content: page.content,
                    productCategory: page.productCategory, product: page.product, method: event.method,
                    status: event.status, timeOnPage: timeOnPage, goals: model.goalNames(in: event.goals),
                    interestAction: model.action(ofGoals: event.goals), device: event.device, client: event.client))
        }
        return (visit, rows)
    }
}

/// What making rows needs, shared by reference by every visit of a run.
final class RowContext: Sendable {
    let model: SiteModel
    /// The vocabulary of each file's events.
    let vocabularies: [EventVocabulary]

    init(model: SiteModel, vocabularies: [EventVocabulary]) {
        self.model = model
        self.vocabularies = vocabularies
    }
}
