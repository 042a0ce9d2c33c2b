import LogAnalytics
import LogIngest
import ParquetStore

/// The `visits` table's columns, filled a row at a time: a visit's fields go straight into the column
/// arrays that the Parquet writer takes whole (no buffered rows, no copy of a batch).
struct VisitColumnBuilder {
    private(set) var count = 0
    private var visitId: [String?] = [], visitorKey: [String?] = [], memberId: [String?] = [], segment: [String?] = []
    private var grade: [String?] = [], gender: [String?] = [], entryPage: [String?] = [], exitPage: [String?] = []
    private var device: [String?] = [], browser: [String?] = [], operatingSystem: [String?] = [], channel: [String?] = []
    private var campaign: [String?] = [], source: [String?] = [], medium: [String?] = [], searchEngine: [String?] = []
    private var keyword: [String?] = [], referrerHost: [String?] = [], goals: [String?] = [], funnelSteps: [String?] = []
    private var path: [String?] = []
    private var isFingerprint: [Bool?] = [], loggedIn: [Bool?] = [], recognisedMember: [Bool?] = [], firstVisit: [Bool?] = []
    private var bounce: [Bool?] = []
    private var visitorNumber: [Int32?] = [], memberNumber: [Int32?] = [], birthYear: [Int32?] = [], siteOffset: [Int32?] = []
    private var pageViews: [Int32?] = []
    private var start: [Int64?] = [], end: [Int64?] = [], duration: [Int64?] = []

    /// Adds `row`, with its visitor and member numbers.
    mutating func append(_ row: VisitRow, visitorNumber number: Int32, memberNumber member: Int32?) {
        count += 1
        visitId.append(row.visitId)
        visitorKey.append(row.visitorKey)
        visitorNumber.append(number)
        isFingerprint.append(row.isFingerprint)
        memberId.append(row.memberId)
        memberNumber.append(member)
        loggedIn.append(row.loggedIn)
        recognisedMember.append(row.recognisedMember)
        segment.append(row.segment.rawValue)
        firstVisit.append(row.firstVisit)
        grade.append(row.grade)
        gender.append(row.gender)
        birthYear.append(row.birthYear.map(Int32.init))
        start.append(row.start * 1_000_000)
        end.append(row.end * 1_000_000)
        siteOffset.append(row.siteOffset)
        duration.append(row.durationSeconds)
        pageViews.append(Int32(row.pageViews))
        entryPage.append(row.entryPage)
        exitPage.append(row.exitPage)
        bounce.append(row.bounce)
        device.append(row.device.rawValue)
        browser.append(row.browser)
        operatingSystem.append(row.operatingSystem)
        channel.append(row.channel.channel.rawValue)
        campaign.append(row.channel.campaign)
        source.append(row.channel.source)
        medium.append(row.channel.medium)
        searchEngine.append(row.channel.searchEngine)
        keyword.append(row.channel.keyword)
        referrerHost.append(row.channel.referrerHost)
        goals.append(RowColumns.json(row.goals))
        funnelSteps.append(RowColumns.json(row.funnelSteps))
        path.append(RowColumns.json(row.path))
    }

    /// The columns in the order of the `visits` schema; the builder is left empty.
    mutating func take() -> [ParquetColumnValues] {
        defer { self = VisitColumnBuilder() }
        return [
            .string(visitId), .string(visitorKey), .int32(visitorNumber), .boolean(isFingerprint), .string(memberId),
            .int32(memberNumber), .boolean(loggedIn), .boolean(recognisedMember), .string(segment), .boolean(firstVisit),
            .string(grade), .string(gender), .int32(birthYear), .int64(start), .int64(end), .int32(siteOffset),
            .int64(duration), .int32(pageViews), .string(entryPage), .string(exitPage), .boolean(bounce), .string(device),
            .string(browser), .string(operatingSystem), .string(channel), .string(campaign), .string(source),
            .string(medium), .string(searchEngine), .string(keyword), .string(referrerHost), .string(goals),
            .string(funnelSteps), .string(path),
        ]
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
    /// Codes in `visitStrings` of the row group's visitor keys and member ids, by run visitor number and
    /// member number (equal keys share a code, so the dictionary holds each once).
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

    /// Adds the page views of `visit`, whose id is `visitId`; `codes` and `goalNames` are the builder's
    /// thread's codes of page strings and of goal lists (JSON arrays).
    mutating func append(
        _ visit: NumberedVisit, visitId id: String, codes: StringCodes, goalNames: GoalListCodes
    ) {
        let completed = visit.completed
        let idCode = Int32(visitStrings.count)
        visitStrings.append(id)
        let keyCode = Self.code(of: completed.visitorKey, number: visit.visitorNumber, in: &visitorKeyCodes, &visitStrings)
        var memberCode: Int32 = -1
        if let member = completed.memberId, let number = visit.memberNumber {
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
            goals.append(goalNames.code(of: view.goals, in: completed.model))
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
        func coded(_ codes: [Int32], _ strings: [String]) -> ParquetColumnValues {
            .codedString(ParquetCodedStrings(codes: codes, strings: strings))
        }
        return [
            coded(visitId, visitStrings), coded(visitorKey, visitStrings), coded(memberId, visitStrings),
            coded(segment, Self.segmentNames), .int32(sequence), .int64(timestamp), .int32(siteOffset),
            coded(page, strings), coded(path, strings), .string(query), coded(content, strings),
            coded(productCategory, strings), coded(product, strings), coded(method, Self.methodNames), .int32(status),
            .int64(timeOnPage), coded(goals, goalNames.strings), .double(interestAction), coded(device, Self.deviceNames),
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

    @inline(__always)
    func code(of mask: UInt64, in model: SiteModel) -> Int32 {
        if mask == lastMask, lastCode >= 0 { return lastCode }
        let code = codes[mask] ?? {
            let code = Int32(strings.count)
            strings.append(RowColumns.json(model.goalNames(in: mask)))
            codes[mask] = code
            return code
        }()
        lastMask = mask
        lastCode = code
        return code
    }
}
