import ByteTables
import LogAnalytics
import LogIngest
import ParquetStore
import SiteConfig

/// The `visits` table's columns, filled a visit at a time from the visit itself (no visit row).
///
/// As in ``PageViewColumnBuilder``, repeated strings go in as codes: entry and exit pages and channel
/// details by the run-wide ``StringCodes``; goals, funnel steps and paths as JSON texts made once per
/// distinct value (``VisitTextCodes``); segment, device, channel, browser and OS by fixed lists. The visit id and the
/// visitor key, different in (almost) every row, go in as byte arrays, written PLAIN.
struct VisitColumnBuilder {
    private(set) var count = 0
    private var visitId = ParquetByteArrays(), visitorKey = ParquetByteArrays()
    private var memberId: [String?] = []
    private var grade: [String?] = [], gender: [String?] = [], browser: [Int32] = [], operatingSystem: [Int32] = []
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

    /// Adds `completed`, whose id is `id` (its UTF-8 bytes), with its numbers and the builder's thread's codes.
    mutating func append(
        _ completed: borrowing CompletedVisit, numbers: (visitor: Int32, member: Int32?), visitId id: [UInt8], codes: StringCodes,
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
        browser.append(completed.browserCode)
        operatingSystem.append(completed.operatingSystemCode)
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
        let strings = codes.strings, counts = codes.utf8Counts
        return [
            .byteArrays(visitId), .byteArrays(visitorKey), .int32(visitorNumber), .boolean(isFingerprint), .string(memberId),
            .int32(memberNumber), .boolean(loggedIn), .boolean(recognisedMember),
            .coded(segment, PageViewColumnBuilder.segmentNames), .boolean(firstVisit), .string(grade), .string(gender),
            .int32(birthYear), .int64(start), .int64(end), .int32(siteOffset), .int64(duration), .int32(pageViews),
            .coded(entryPage, strings, utf8Counts: counts), .coded(exitPage, strings, utf8Counts: counts), .boolean(bounce), .coded(device, PageViewColumnBuilder.deviceNames),
            .coded(browser, UserAgentInfo.browsers), .coded(operatingSystem, UserAgentInfo.operatingSystems), .coded(channel, Self.channelNames), .coded(campaign, strings, utf8Counts: counts),
            .coded(source, strings, utf8Counts: counts), .coded(medium, strings, utf8Counts: counts), .coded(searchEngine, strings, utf8Counts: counts), .coded(keyword, strings, utf8Counts: counts),
            .coded(referrerHost, strings, utf8Counts: counts), .coded(goals, texts.goals.strings), .coded(funnelSteps, texts.funnels),
            .coded(path, texts.paths),
        ]
    }
}
