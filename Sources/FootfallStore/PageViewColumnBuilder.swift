import ByteTables
import LogAnalytics
import LogIngest
import ParquetStore
import SiteConfig

/// The `pageviews` table's columns, filled a visit at a time from its coded page views.
///
/// The strings that repeat from row to row go in as codes (``ParquetCodedStrings``): page, path, content,
/// products by the run-wide ``StringCodes`` of this builder's thread; member ids by codes into the row
/// group's list of its members; segment, method, device and goals by codes into short fixed lists.
/// Filling a row then copies numbers and retains nothing but its query and client, and the writer makes
/// the dictionary pages from the codes without hashing a string. The visit id and the visitor key go in
/// as codes into byte arrays of the row group (``ParquetCodedByteArrays``): the id's bytes once per visit,
/// the key's once per visitor (found by visitor number), a number per page view. Their dictionaries (a
/// busy day's row group holds some 45,000 visits, about 1.5 MB of ids) are allowed past the usual bound
/// (``StoreTable/writerOptions``); indices repeat in runs, a visit's rows being together.
struct PageViewColumnBuilder {
    private(set) var count = 0
    /// The member ids of this row group.
    private var memberIds: [String] = []
    /// Codes in `memberIds` by member number (the store's; equal ids share a code, so the dictionary
    /// holds each once).
    private var memberIdCodes: [Int32: Int32] = [:]
    /// The visit ids and the visitor keys of this row group, each once.
    private var visitIds = ParquetByteArrays(), visitorKeys = ParquetByteArrays()
    /// Codes in `visitorKeys` by visitor number (the store's: one per key).
    private var visitorKeyCodes = IntegerInterner(capacity: 4096)
    private var visitId = ColumnBuffer<Int32>(), visitorKey = ColumnBuffer<Int32>()
    // Plain values in buffers of their own (an append is a store; see `ColumnBuffer`), freed by `free()`.
    private var memberId = ColumnBuffer<Int32>(), segment = ColumnBuffer<Int32>()
    private var page = ColumnBuffer<Int32>(), path = ColumnBuffer<Int32>(), content = ColumnBuffer<Int32>()
    private var productCategory = ColumnBuffer<Int32>(), product = ColumnBuffer<Int32>(), method = ColumnBuffer<Int32>()
    private var goals = ColumnBuffer<Int32>(), device = ColumnBuffer<Int32>()
    private var query: [String?] = [], client: [String?] = []
    private var sequence = ColumnBuffer<Int32?>(), siteOffset = ColumnBuffer<Int32?>(), status = ColumnBuffer<Int32?>()
    private var timestamp = ColumnBuffer<Int64?>(), timeOnPage = ColumnBuffer<Int64?>()
    private var interestAction = ColumnBuffer<Double?>()

    static let segmentNames = Segment.allCases.map(\.rawValue)
    static let methodNames = ["GET", "POST"]
    static let deviceNames = DeviceClass.allCases.map(\.rawValue)

    /// Adds the page views of `completed`, whose id is `id` (its UTF-8 bytes), with its numbers; `codes`
    /// and `goalNames` are the builder's thread's codes of page strings and of goal lists (JSON arrays).
    mutating func append(
        _ completed: borrowing CompletedVisit, numbers: (visitor: Int32, member: Int32?), visitId id: [UInt8],
        codes: StringCodes, goalNames: GoalListCodes
    ) {
        var memberCode: Int32 = -1
        if let member = completed.memberId, let number = numbers.member {
            memberCode = Self.code(of: member, number: number, in: &memberIdCodes, &memberIds)
        }
        let visitIdCode = Int32(visitIds.count)
        visitIds.append(id)
        let visitorKeyCode = visitorKeyCodes.intern(UInt64(UInt32(bitPattern: numbers.visitor)))
        if Int(visitorKeyCode) == visitorKeys.count { visitorKeys.append(completed.visitorKey) }
        let segmentCode = Int32(Segment.allCases.firstIndex(of: completed.segment)!)
        count += completed.pageViewCount
        completed.forEachPageView(codes: codes) { view in
            visitId.append(visitIdCode)
            visitorKey.append(visitorKeyCode)
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
        defer {
            // The buffers are emptied by `takeArray()`; the rest starts afresh.
            count = 0
            (memberIds, memberIdCodes) = ([], [:])
            (visitIds, visitorKeys) = (ParquetByteArrays(), ParquetByteArrays())
            visitorKeyCodes = IntegerInterner(capacity: 4096)
            (query, client) = ([], [])
        }
        let strings = codes.strings, counts = codes.utf8Counts
        return [
            .coded(visitId.takeArray(), visitIds), .coded(visitorKey.takeArray(), visitorKeys), .coded(memberId.takeArray(), memberIds),
            .coded(segment.takeArray(), Self.segmentNames), .int32(sequence.takeArray()), .int64(timestamp.takeArray()), .int32(siteOffset.takeArray()),
            .coded(page.takeArray(), strings, utf8Counts: counts), .coded(path.takeArray(), strings, utf8Counts: counts), .string(query),
            .coded(content.takeArray(), strings, utf8Counts: counts), .coded(productCategory.takeArray(), strings, utf8Counts: counts),
            .coded(product.takeArray(), strings, utf8Counts: counts), .coded(method.takeArray(), Self.methodNames), .int32(status.takeArray()),
            .int64(timeOnPage.takeArray()), .coded(goals.takeArray(), goalNames.strings), .double(interestAction.takeArray()),
            .coded(device.takeArray(), Self.deviceNames), .string(client),
        ]
    }

    /// Frees the buffers; the builder must not be used afterwards.
    func free() {
        for buffer in [visitId, visitorKey, memberId, segment, page, path, content, productCategory, product, method, goals, device] { buffer.free() }
        for buffer in [sequence, siteOffset, status] { buffer.free() }
        for buffer in [timestamp, timeOnPage] { buffer.free() }
        interestAction.free()
    }
}
