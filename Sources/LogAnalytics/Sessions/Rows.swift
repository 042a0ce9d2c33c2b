public import LogIngest

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
    /// Page names with consecutive repeats collapsed (SPEC §12.10).
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

/// A finished visit and its page views.
///
/// The page-view rows are made when asked for: a consumer that needs only visit figures (`footfall
/// sessions`) does not pay for them.
public struct CompletedVisit: Sendable {
    public var visit: VisitRow
    /// The visit's visitor key as a dense number of this run (0, 1, 2… in order of first page view):
    /// equal numbers are equal keys, for counting distinct visitors without hashing the keys.
    public var visitorNumber: Int32
    let events: [PageViewEvent]
    let context: RowContext

    /// The visit's page views, in time order.
    public var pageViews: [PageViewRow] {
        var rows: [PageViewRow] = []
        rows.reserveCapacity(events.count)
        let model = context.model
        for (position, event) in events.enumerated() {
            let timeOnPage = position + 1 < events.count ? events[position + 1].timestamp - event.timestamp : nil
            let vocabulary = context.vocabularies[Int(event.file)]
            let page = vocabulary.page(of: event)
            rows.append(
                PageViewRow(
                    day: visit.day, visitId: visit.visitId, visitorKey: visit.visitorKey, memberId: visit.memberId,
                    segment: visit.segment, sequence: position + 1, timestamp: event.timestamp, siteOffset: event.siteOffset,
                    page: page.page, path: vocabulary.path(of: event), query: event.query, content: page.content,
                    productCategory: page.productCategory, product: page.product, method: event.method,
                    status: event.status, timeOnPage: timeOnPage, goals: model.goalNames(in: event.goals),
                    interestAction: model.action(ofGoals: event.goals), device: event.device, client: event.client))
        }
        return rows
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
