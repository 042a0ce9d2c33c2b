public import LogIngest

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

extension CompletedVisit {
    /// The site model the visit was made with (goal names, weights, funnels).
    public var model: SiteModel { context.model }

    /// UTC seconds of the first page view.
    public var start: Int64 { events[0].timestamp }

    /// `end − start` of the visit, seconds.
    public var durationSeconds: Int64 { events[events.count - 1].timestamp - events[0].timestamp }

    /// Calls `body` with each page view, in time order, its strings coded by `codes` (the same
    /// figures as ``pageViews``).
    public func forEachPageView(codes: StringCodes, _ body: (CodedPageView) throws -> Void) rethrows {
        let vocabularies = context.vocabularies
        let model = context.model
        for position in events.indices {
            let event = events[position]
            let vocabulary = vocabularies[Int(event.file)]
            try body(CodedPageView(
                sequence: position + 1, timestamp: event.timestamp, siteOffset: event.siteOffset,
                page: codes.pageCodes(of: event, in: vocabulary), path: codes.pathCode(of: event, in: vocabulary),
                query: event.query, isPost: event.isPost, status: event.status,
                timeOnPage: position + 1 < events.count ? events[position + 1].timestamp - event.timestamp : nil,
                goals: event.goals, interestAction: model.action(ofGoals: event.goals), device: event.device,
                client: event.client))
        }
    }

    /// The codes of the visit's path: its page names with consecutive repeats collapsed (the same as
    /// ``VisitRow/path``); the first is the entry page, the last the exit page.
    public func pathCodes(_ codes: StringCodes) -> [Int32] {
        let vocabularies = context.vocabularies
        var path: [Int32] = []
        for event in events {
            let page = codes.pageCodes(of: event, in: vocabularies[Int(event.file)]).page
            if path.last != page { path.append(page) }
        }
        return path
    }
}
