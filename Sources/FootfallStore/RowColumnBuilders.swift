import ByteTables
import LogAnalytics
import LogIngest
import ParquetStore
import SiteConfig

/// The `visits` table's columns, filled a visit at a time from the visit itself (no visit row).
///
/// As in ``PageViewColumnBuilder``, repeated strings go in as codes: entry and exit pages and channel
/// details by the run-wide ``StringCodes``; goals, funnel steps and paths as JSON texts made once per
/// distinct value (``VisitTextCodes``); segment, device and channel by fixed lists.
struct VisitColumnBuilder {
    private(set) var count = 0
    private var visitId: [String?] = [], visitorKey: [String?] = [], memberId: [String?] = []
    private var grade: [String?] = [], gender: [String?] = [], browser: [String?] = [], operatingSystem: [String?] = []
    private var segment: [Int32] = [], entryPage: [Int32] = [], exitPage: [Int32] = [], device: [Int32] = []
    private var channel: [Int32] = [], campaign: [Int32] = [], source: [Int32] = [], medium: [Int32] = []
    private var searchEngine: [Int32] = [], keyword: [Int32] = [], referrerHost: [Int32] = []
    private var goals: [Int32] = [], funnelSteps: [Int32] = [], path: [Int32] = []
    private var isFingerprint: [Bool?] = [], loggedIn: [Bool?] = [], recognisedMember: [Bool?] = [], firstVisit: [Bool?] = []
    private var bounce: [Bool?] = []
    private var visitorNumber: [Int32?] = [], memberNumber: [Int32?] = [], birthYear: [Int32?] = [], siteOffset: [Int32?] = []
    private var pageViews: [Int32?] = []
    private var start: [Int64?] = [], end: [Int64?] = [], duration: [Int64?] = []

    static let channelNames = Channel.allCases.map(\.rawValue)

    /// Adds `completed`, whose id is `id`, with its numbers and the builder's thread's codes.
    mutating func append(
        _ completed: borrowing CompletedVisit, numbers: (visitor: Int32, member: Int32?), visitId id: String, codes: StringCodes,
        texts: VisitTextCodes
    ) {
        let pageCount = completed.pageViewCount
        count += 1
        visitId.append(id)
        visitorKey.append(completed.visitorKey)
        visitorNumber.append(numbers.visitor)
        isFingerprint.append(completed.isFingerprint)
        memberId.append(completed.memberId)
        memberNumber.append(numbers.member)
        loggedIn.append(completed.loggedIn)
        recognisedMember.append(!completed.loggedIn && completed.memberId != nil)
        segment.append(Int32(Segment.allCases.firstIndex(of: completed.segment)!))
        firstVisit.append(completed.firstVisit)
        let customer = completed.customerRecord
        grade.append(customer?.grade.rawValue)
        gender.append(customer?.gender)
        birthYear.append(customer?.birthYear.map(Int32.init))
        start.append(completed.start * 1_000_000)
        end.append(completed.end * 1_000_000)
        siteOffset.append(completed.siteOffset)
        duration.append(completed.durationSeconds)
        pageViews.append(Int32(pageCount))
        let pathCodes = completed.pathCodes(codes)
        entryPage.append(pathCodes[0])
        exitPage.append(pathCodes[pathCodes.count - 1])
        bounce.append(pageCount == 1)
        device.append(Int32(DeviceClass.allCases.firstIndex(of: completed.device)!))
        browser.append(completed.browser)
        operatingSystem.append(completed.operatingSystem)
        channel.append(Int32(Channel.allCases.firstIndex(of: completed.channel)!))
        let details = completed.channelCodes(codes)
        campaign.append(details.campaign)
        source.append(details.source)
        medium.append(details.medium)
        searchEngine.append(details.searchEngine)
        keyword.append(details.keyword)
        referrerHost.append(details.referrerHost)
        goals.append(texts.goals.code(of: completed.goalMask, in: completed))
        funnelSteps.append(texts.funnelCode(of: completed.funnelProgress, in: completed))
        path.append(texts.pathCode(of: pathCodes, names: codes))
    }

    /// The columns in the order of the `visits` schema; the builder is left empty.
    mutating func take(codes: StringCodes, texts: VisitTextCodes) -> [ParquetColumnValues] {
        defer { self = VisitColumnBuilder() }
        let strings = codes.strings
        return [
            .string(visitId), .string(visitorKey), .int32(visitorNumber), .boolean(isFingerprint), .string(memberId),
            .int32(memberNumber), .boolean(loggedIn), .boolean(recognisedMember),
            .coded(segment, PageViewColumnBuilder.segmentNames), .boolean(firstVisit), .string(grade), .string(gender),
            .int32(birthYear), .int64(start), .int64(end), .int32(siteOffset), .int64(duration), .int32(pageViews),
            .coded(entryPage, strings), .coded(exitPage, strings), .boolean(bounce), .coded(device, PageViewColumnBuilder.deviceNames),
            .string(browser), .string(operatingSystem), .coded(channel, Self.channelNames), .coded(campaign, strings),
            .coded(source, strings), .coded(medium, strings), .coded(searchEngine, strings), .coded(keyword, strings),
            .coded(referrerHost, strings), .coded(goals, texts.goals.strings), .coded(funnelSteps, texts.funnels),
            .coded(path, texts.paths),
        ]
    }
}

/// The JSON texts of one day's `visits` file, each made once per distinct value and then given by code:
/// goal lists, funnel steps (`{"funnel": steps}`, keys in UTF-8 order) and paths (JSON arrays of page
/// names). Most visits share a short path, so a path costs a lookup of its page codes, not a new text.
/// The paths are forgotten between row groups once there are many (``forgetPathsIfMany()``), so that a
/// day of many distinct paths does not hold them all. Used by one thread.
final class VisitTextCodes {
    /// Distinct paths kept at most from one row group to the next.
    let pathLimit: Int

    init(pathLimit: Int = 65_536) {
        self.pathLimit = pathLimit
    }

    let goals = GoalListCodes()
    private(set) var funnels: [String] = []
    private var funnelCodes: [[Int]: Int32] = [:]
    private(set) var paths: [String] = []
    private var pathInterner = ByteInterner(capacity: 4096)

    /// Forgets the path texts when there are more than ``pathLimit``: to be called right after the
    /// columns that code into them were taken (no path code is in use then).
    func forgetPathsIfMany() {
        guard paths.count > pathLimit else { return }
        paths = []
        pathInterner = ByteInterner(capacity: 4096)
    }
    /// By name code: the name as a JSON string.
    private var quotedNames: [String?] = []

    func funnelCode(of progress: [Int], in visit: borrowing CompletedVisit) -> Int32 {
        if let code = funnelCodes[progress] { return code }
        var steps: [String: Int] = [:]
        for (funnel, reached) in zip(visit.model.funnels, progress) { steps[funnel.name] = reached }
        let code = Int32(funnels.count)
        funnels.append(RowColumns.json(steps))
        funnelCodes[progress] = code
        return code
    }

    func pathCode(of pages: [Int32], names: StringCodes) -> Int32 {
        let code = pages.withUnsafeBytes { pathInterner.intern(UnsafeBufferPointer(start: $0.baseAddress?.assumingMemoryBound(to: UInt8.self), count: $0.count)) }
        if Int(code) < paths.count { return code }
        var text = "["
        for (index, page) in pages.enumerated() {
            if index > 0 { text += "," }
            text += quotedName(page, names)
        }
        paths.append(text + "]")
        return code
    }

    private func quotedName(_ code: Int32, _ names: StringCodes) -> String {
        if Int(code) >= quotedNames.count {
            quotedNames.append(contentsOf: repeatElement(nil, count: Int(code) + 1 - quotedNames.count))
        }
        if let quoted = quotedNames[Int(code)] { return quoted }
        let quoted = RowColumns.quoted(names.strings[Int(code)])
        quotedNames[Int(code)] = quoted
        return quoted
    }
}

/// The `pageviews` table's columns, filled a visit at a time from its coded page views.
///
/// The strings that repeat from row to row go in as codes (``ParquetCodedStrings``): page, path, content,
/// products by the run-wide ``StringCodes`` of this builder's thread; visit id, visitor key and member id
/// by codes into the row group's list of its visits' strings; segment, method, device and goals by codes
/// into short fixed lists. Filling a row then copies numbers and retains nothing but its query and
/// client, and the writer makes the dictionary pages from the codes without hashing a string.
struct PageViewColumnBuilder {
    private(set) var count = 0
    /// The visits' ids, visitor keys and member ids of this row group.
    private var visitStrings: [String] = []
    /// Codes in `visitStrings` of the row group's visitor keys and member ids, by visitor number (the store's)
    /// and member number (equal keys share a code, so the dictionary holds each once).
    private var visitorKeyCodes: [Int32: Int32] = [:]
    private var memberIdCodes: [Int32: Int32] = [:]
    private var visitId: [Int32] = [], visitorKey: [Int32] = [], memberId: [Int32] = [], segment: [Int32] = []
    private var page: [Int32] = [], path: [Int32] = [], content: [Int32] = [], productCategory: [Int32] = []
    private var product: [Int32] = [], method: [Int32] = [], goals: [Int32] = [], device: [Int32] = []
    private var query: [String?] = [], client: [String?] = []
    private var sequence: [Int32?] = [], siteOffset: [Int32?] = [], status: [Int32?] = []
    private var timestamp: [Int64?] = [], timeOnPage: [Int64?] = []
    private var interestAction: [Double?] = []

    static let segmentNames = Segment.allCases.map(\.rawValue)
    static let methodNames = ["GET", "POST"]
    static let deviceNames = DeviceClass.allCases.map(\.rawValue)

    /// Adds the page views of `completed`, whose id is `visitId`, with its numbers; `codes` and `goalNames`
    /// are the builder's thread's codes of page strings and of goal lists (JSON arrays).
    mutating func append(
        _ completed: borrowing CompletedVisit, numbers: (visitor: Int32, member: Int32?), visitId id: String,
        codes: StringCodes, goalNames: GoalListCodes
    ) {
        let idCode = Int32(visitStrings.count)
        visitStrings.append(id)
        let keyCode = Self.code(of: completed.visitorKey, number: numbers.visitor, in: &visitorKeyCodes, &visitStrings)
        var memberCode: Int32 = -1
        if let member = completed.memberId, let number = numbers.member {
            memberCode = Self.code(of: member, number: number, in: &memberIdCodes, &visitStrings)
        }
        let segmentCode = Int32(Segment.allCases.firstIndex(of: completed.segment)!)
        count += completed.pageViewCount
        completed.forEachPageView(codes: codes) { view in
            visitId.append(idCode)
            visitorKey.append(keyCode)
            memberId.append(memberCode)
            segment.append(segmentCode)
            sequence.append(Int32(view.sequence))
            timestamp.append(view.timestamp * 1_000_000)
            siteOffset.append(view.siteOffset)
            page.append(view.page.page)
            path.append(view.path)
            query.append(view.query)
            content.append(view.page.content)
            productCategory.append(view.page.productCategory)
            product.append(view.page.product)
            method.append(view.isPost ? 1 : 0)
            status.append(Int32(view.status))
            timeOnPage.append(view.timeOnPage)
            goals.append(goalNames.code(of: view.goals, in: completed))
            interestAction.append(view.interestAction)
            device.append(Int32(DeviceClass.allCases.firstIndex(of: view.device)!))
            client.append(view.client)
        }
    }

    /// The code of `string`, known by `number` in `codes`, added to `strings` when new.
    private static func code(of string: String, number: Int32, in codes: inout [Int32: Int32], _ strings: inout [String]) -> Int32 {
        if let code = codes[number] { return code }
        let code = Int32(strings.count)
        strings.append(string)
        codes[number] = code
        return code
    }

    /// The columns in the order of the `pageviews` schema; the builder is left empty.
    mutating func take(codes: StringCodes, goalNames: GoalListCodes) -> [ParquetColumnValues] {
        defer { self = PageViewColumnBuilder() }
        let strings = codes.strings
        return [
            .coded(visitId, visitStrings), .coded(visitorKey, visitStrings), .coded(memberId, visitStrings),
            .coded(segment, Self.segmentNames), .int32(sequence), .int64(timestamp), .int32(siteOffset),
            .coded(page, strings), .coded(path, strings), .string(query), .coded(content, strings),
            .coded(productCategory, strings), .coded(product, strings), .coded(method, Self.methodNames), .int32(status),
            .int64(timeOnPage), .coded(goals, goalNames.strings), .double(interestAction), .coded(device, Self.deviceNames),
            .string(client),
        ]
    }
}

/// Codes for the goal lists of page views: each distinct set of goals reached, as its JSON array of
/// names (`[]` for none), made once. Used by one thread.
final class GoalListCodes {
    private(set) var strings: [String] = []
    private var codes: [UInt64: Int32] = [:]
    /// The last mask looked up and its code: most page views reach no goal.
    private var lastMask: UInt64 = 0
    private var lastCode: Int32 = -1

    /// The code of the goals `mask` of a page view or visit of `visit`.
    @inline(__always)
    func code(of mask: UInt64, in visit: borrowing CompletedVisit) -> Int32 {
        if mask == lastMask, lastCode >= 0 { return lastCode }
        let code = codes[mask] ?? {
            let code = Int32(strings.count)
            strings.append(RowColumns.json(visit.model.goalNames(in: mask)))
            codes[mask] = code
            return code
        }()
        lastMask = mask
        lastCode = code
        return code
    }
}
