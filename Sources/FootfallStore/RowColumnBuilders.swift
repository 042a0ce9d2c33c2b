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

/// The `pageviews` table's columns, filled a row at a time (as ``VisitColumnBuilder``).
struct PageViewColumnBuilder {
    private(set) var count = 0
    private var visitId: [String?] = [], visitorKey: [String?] = [], memberId: [String?] = [], segment: [String?] = []
    private var page: [String?] = [], path: [String?] = [], query: [String?] = [], content: [String?] = []
    private var productCategory: [String?] = [], product: [String?] = [], method: [String?] = [], goals: [String?] = []
    private var device: [String?] = [], client: [String?] = []
    private var sequence: [Int32?] = [], siteOffset: [Int32?] = [], status: [Int32?] = []
    private var timestamp: [Int64?] = [], timeOnPage: [Int64?] = []
    private var interestAction: [Double?] = []

    /// Adds the page views of a visit.
    mutating func append(contentsOf rows: [PageViewRow]) {
        count += rows.count
        rows.withUnsafeBufferPointer { rows in
            for index in rows.indices {
                visitId.append(rows[index].visitId)
                visitorKey.append(rows[index].visitorKey)
                memberId.append(rows[index].memberId)
                segment.append(rows[index].segment.rawValue)
                sequence.append(Int32(rows[index].sequence))
                timestamp.append(rows[index].timestamp * 1_000_000)
                siteOffset.append(rows[index].siteOffset)
                page.append(rows[index].page)
                path.append(rows[index].path)
                query.append(rows[index].query)
                content.append(rows[index].content)
                productCategory.append(rows[index].productCategory)
                product.append(rows[index].product)
                method.append(rows[index].method)
                status.append(Int32(rows[index].status))
                timeOnPage.append(rows[index].timeOnPage)
                goals.append(RowColumns.json(rows[index].goals))
                interestAction.append(rows[index].interestAction)
                device.append(rows[index].device.rawValue)
                client.append(rows[index].client)
            }
        }
    }

    /// The columns in the order of the `pageviews` schema; the builder is left empty.
    mutating func take() -> [ParquetColumnValues] {
        defer { self = PageViewColumnBuilder() }
        return [
            .string(visitId), .string(visitorKey), .string(memberId), .string(segment), .int32(sequence), .int64(timestamp),
            .int32(siteOffset), .string(page), .string(path), .string(query), .string(content), .string(productCategory),
            .string(product), .string(method), .int32(status), .int64(timeOnPage), .string(goals), .double(interestAction),
            .string(device), .string(client),
        ]
    }
}
