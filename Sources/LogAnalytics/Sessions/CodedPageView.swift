public import LogIngest
public import SiteConfig

/// One page view of a visit with its strings as codes of a ``StringCodes``: what a `pageviews` row
/// holds, for a writer or a tally that takes the repeated strings (page, path, content, product) by
/// number and so makes, copies and frees no `String` for them.
public struct CodedPageView: Sendable {
    /// 1-based position in the visit.
    public var sequence: Int
    /// UTC seconds.
    public var timestamp: Int64
    public var siteOffset: Int32
    /// The page name, content category, product category and product.
    public var page: StringCodes.PageCodes
    /// The raw path.
    public var path: Int32
    public var query: String
    /// `POST`; else `GET`.
    public var isPost: Bool
    public var status: UInt16
    /// Seconds to the next page view of the visit; `nil` for the last.
    public var timeOnPage: Int64?
    /// Goals reached (bits of ``SiteModel/goalNames``).
    public var goals: UInt64
    /// The interest `action` term: the sum of the weights of ``goals``.
    public var interestAction: Double
    public var device: DeviceClass
    public var client: String

    /// `GET` or `POST`.
    public var method: String { isPost ? "POST" : "GET" }
}

/// What a tally needs of a page view (``CompletedVisit/forEachPageViewFigures(codes:_:)``): its page's
/// codes, time and goals — no string and no path code, so that reading it copies nothing.
public struct PageViewFigures: Sendable {
    /// UTC seconds.
    public var timestamp: Int64
    public var siteOffset: Int32
    /// The page name, content category, product category and product.
    public var page: StringCodes.PageCodes
    /// Seconds to the next page view of the visit; `nil` for the last.
    public var timeOnPage: Int64?
    /// Goals reached (bits of ``SiteModel/goalNames``).
    public var goals: UInt64
}

extension CompletedVisit {
    /// The site model the visit was made with (goal names, weights, funnels).
    public var model: SiteModel { context.model }

    /// UTC seconds of the first page view.
    public var start: Int64 { events[0].timestamp }

    /// UTC seconds of the last page view.
    public var end: Int64 { events[events.count - 1].timestamp }

    /// `end − start` of the visit, seconds.
    public var durationSeconds: Int64 { events[events.count - 1].timestamp - events[0].timestamp }

    /// `visitor_key@start`: unique in the store (made on each call).
    public var visitId: String { "\(visitorKey)@\(events[0].timestamp)" }

    /// The visit's customer record, when its member is in the customer master.
    public var customerRecord: CustomerRecord? { customer }

    /// Whether the visitor key is a fingerprint (no cookie).
    public var isFingerprint: Bool { events[0].isFingerprint }

    /// The site's UTC offset at the start.
    public var siteOffset: Int32 { events[0].siteOffset }

    /// The browser and OS families of the first page view.
    public var browser: String { events[0].browser }
    public var operatingSystem: String { events[0].operatingSystem }

    /// The positions of ``browser`` in `UserAgentInfo.browsers` and of ``operatingSystem`` in
    /// `UserAgentInfo.operatingSystems`: codes for a column, with no string read.
    public var browserCode: Int32 { Int32(events[0].browserIndex) }
    public var operatingSystemCode: Int32 { Int32(events[0].operatingSystemIndex) }

    /// The goals reached by any page view (bits of ``SiteModel/goalNames``).
    public var goalMask: UInt64 {
        events.withUnsafeBufferPointer { events in events.indices.reduce(0) { $0 | events[$1].goals } }  // in place
    }

    /// Steps reached in each funnel, in the order of ``SiteModel/funnels``.
    public var funnelProgress: [Int] {
        context.model.funnelProgress(events.withUnsafeBufferPointer { events in events.indices.map { events[$0].funnelSteps } })
    }

    /// The interest `action` term of a page view that reaches `goals` (``SiteModel/action(ofGoals:)``,
    /// without copying the model).
    public func interestAction(ofGoals goals: UInt64) -> Double { context.model.action(ofGoals: goals) }

    /// The codes of the landing page view's channel details (the same as ``VisitRow/channel``).
    public func channelCodes(_ codes: StringCodes) -> StringCodes.ChannelCodes {
        events.withUnsafeBufferPointer { codes.channelCodes(of: $0.baseAddress!, in: context.vocabularies) }
    }

    /// Calls `body` with each page view, in time order, its strings coded by `codes` (the same
    /// figures as ``pageViews``).
    public func forEachPageView(codes: StringCodes, _ body: (CodedPageView) throws -> Void) rethrows {
        let vocabularies = context.vocabularies
        // Events read in place, field by field: `events[position]` or a `for` loop would copy each (retaining
        // its strings).
        try events.withUnsafeBufferPointer { events in
            for position in events.indices {
                let event = events.baseAddress! + position
                try body(CodedPageView(
                    sequence: position + 1, timestamp: events[position].timestamp, siteOffset: events[position].siteOffset,
                    page: codes.pageCodes(of: event, in: vocabularies), path: codes.pathCode(of: event, in: vocabularies),
                    query: events[position].query, isPost: events[position].isPost, status: events[position].status,
                    timeOnPage: position + 1 < events.count ? events[position + 1].timestamp - events[position].timestamp : nil,
                    goals: events[position].goals, interestAction: context.model.action(ofGoals: events[position].goals),
                    device: events[position].device, client: events[position].client))
            }
        }
    }

    /// Calls `body` with the figures of each page view, in time order (the same as ``forEachPageView(codes:_:)``
    /// gives, without the strings and path).
    public func forEachPageViewFigures(codes: StringCodes, _ body: (PageViewFigures) throws -> Void) rethrows {
        let vocabularies = context.vocabularies
        try events.withUnsafeBufferPointer { events in  // read in place, as in `forEachPageView`
            for position in events.indices {
                try body(PageViewFigures(
                    timestamp: events[position].timestamp, siteOffset: events[position].siteOffset,
                    page: codes.pageCodes(of: events.baseAddress! + position, in: vocabularies),
                    timeOnPage: position + 1 < events.count ? events[position + 1].timestamp - events[position].timestamp : nil,
                    goals: events[position].goals))
            }
        }
    }

    /// The codes of the visit's path: its page names with consecutive repeats collapsed (the same as
    /// ``VisitRow/path``); the first is the entry page, the last the exit page.
    public func pathCodes(_ codes: StringCodes) -> [Int32] {
        let vocabularies = context.vocabularies
        var path: [Int32] = []
        path.reserveCapacity(events.count)
        events.withUnsafeBufferPointer { events in  // read in place, as in `forEachPageView`
            for position in events.indices {
                let page = codes.pageCodes(of: events.baseAddress! + position, in: vocabularies).page
                if path.last != page { path.append(page) }
            }
        }
        return path
    }
}
