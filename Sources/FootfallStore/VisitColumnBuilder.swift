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
    private var grade: [String?] = [], gender: [String?] = []
    // Plain values in buffers of their own (an append is a store; see `ColumnBuffer`), freed by `free()`.
    private var browser = ColumnBuffer<Int32>(), operatingSystem = ColumnBuffer<Int32>()
    private var segment = ColumnBuffer<Int32>(), entryPage = ColumnBuffer<Int32>(), exitPage = ColumnBuffer<Int32>()
    private var device = ColumnBuffer<Int32>(), channel = ColumnBuffer<Int32>(), campaign = ColumnBuffer<Int32>()
    private var source = ColumnBuffer<Int32>(), medium = ColumnBuffer<Int32>(), searchEngine = ColumnBuffer<Int32>()
    private var keyword = ColumnBuffer<Int32>(), referrerHost = ColumnBuffer<Int32>()
    private var goals = ColumnBuffer<Int32>(), funnelSteps = ColumnBuffer<Int32>(), path = ColumnBuffer<Int32>()
    private var isFingerprint = ColumnBuffer<Bool?>(), loggedIn = ColumnBuffer<Bool?>()
    private var recognisedMember = ColumnBuffer<Bool?>(), firstVisit = ColumnBuffer<Bool?>(), bounce = ColumnBuffer<Bool?>()
    private var visitorNumber = ColumnBuffer<Int32?>(), memberNumber = ColumnBuffer<Int32?>()
    private var birthYear = ColumnBuffer<Int32?>(), siteOffset = ColumnBuffer<Int32?>(), pageViews = ColumnBuffer<Int32?>()
    private var start = ColumnBuffer<Int64?>(), end = ColumnBuffer<Int64?>(), duration = ColumnBuffer<Int64?>()

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
        defer {
            // The buffers are emptied by `takeArray()`; the rest starts afresh.
            count = 0
            (visitId, visitorKey) = (ParquetByteArrays(), ParquetByteArrays())
            (memberId, grade, gender) = ([], [], [])
        }
        let strings = codes.strings, counts = codes.utf8Counts
        return [
            .byteArrays(visitId), .byteArrays(visitorKey), .int32(visitorNumber.takeArray()), .boolean(isFingerprint.takeArray()),
            .string(memberId), .int32(memberNumber.takeArray()), .boolean(loggedIn.takeArray()), .boolean(recognisedMember.takeArray()),
            .coded(segment.takeArray(), PageViewColumnBuilder.segmentNames), .boolean(firstVisit.takeArray()), .string(grade),
            .string(gender), .int32(birthYear.takeArray()), .int64(start.takeArray()), .int64(end.takeArray()), .int32(siteOffset.takeArray()),
            .int64(duration.takeArray()), .int32(pageViews.takeArray()), .coded(entryPage.takeArray(), strings, utf8Counts: counts),
            .coded(exitPage.takeArray(), strings, utf8Counts: counts), .boolean(bounce.takeArray()),
            .coded(device.takeArray(), PageViewColumnBuilder.deviceNames), .coded(browser.takeArray(), UserAgentInfo.browsers),
            .coded(operatingSystem.takeArray(), UserAgentInfo.operatingSystems), .coded(channel.takeArray(), Self.channelNames),
            .coded(campaign.takeArray(), strings, utf8Counts: counts), .coded(source.takeArray(), strings, utf8Counts: counts),
            .coded(medium.takeArray(), strings, utf8Counts: counts), .coded(searchEngine.takeArray(), strings, utf8Counts: counts),
            .coded(keyword.takeArray(), strings, utf8Counts: counts), .coded(referrerHost.takeArray(), strings, utf8Counts: counts),
            .coded(goals.takeArray(), texts.goals.strings), .coded(funnelSteps.takeArray(), texts.funnels), .coded(path.takeArray(), texts.paths),
        ]
    }

    /// Frees the buffers; the builder must not be used afterwards.
    func free() {
        for buffer in [browser, operatingSystem, segment, entryPage, exitPage, device, channel, campaign, source, medium,
                       searchEngine, keyword, referrerHost, goals, funnelSteps, path] { buffer.free() }
        for buffer in [isFingerprint, loggedIn, recognisedMember, firstVisit, bounce] { buffer.free() }
        for buffer in [visitorNumber, memberNumber, birthYear, siteOffset, pageViews] { buffer.free() }
        for buffer in [start, end, duration] { buffer.free() }
    }
}
