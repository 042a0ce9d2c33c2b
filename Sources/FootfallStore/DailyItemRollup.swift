import ByteTables
import LogAnalytics
import ParquetStore

/// The `daily_items` rollup of one day: per segment, tallies of named items in long form —
///
/// | kind | name | count | weight |
/// |---|---|---|---|
/// | `content` | a content category | page views | 0 |
/// | `product_category` | a product category | page views | 0 |
/// | `product` | a product | page views | Σ (1 + min(time on page, 600)/60 + action), undecayed (SPEC §7) |
/// | `path_prefix` | the first three pages of a path, as a JSON array | visits | 0 |
/// | `login_member` | a member id | logged-in visits | 0 |
/// | `hour` | the hour of the day in the site's time, `00`…`23` | page views | 0 |
/// | `page` | a page | page views | Σ time on page (s) of the views that have one |
/// | `page_timed` | a page | page views with a time on page | 0 |
/// | `page_visits` | a page | visits that saw the page | 0 |
/// | `page_content` | `[page, content]` as a JSON array | page views | 0 |
/// | `entry_page` | a page | visits entering on it | 0 |
/// | `exit_page` | a page | visits leaving from it | 0 |
/// | `transition` | `[from, to]`: consecutive pages of a path, as a JSON array | occurrences | 0 |
///
/// Every figure adds up over days and segments, so the segments, profile, pages and paths reports read
/// a few thousand rows instead of every page view; the interest decay depends on the report's end day
/// and is applied per day when reading. Each kind is written as a row group of its own, so that a
/// reader of some kinds skips the others by the `kind` column's statistics.
///
/// Used by one thread (the sessionising one): its hot properties skip dynamic exclusivity checks.
final class DailyItemRollup {
    enum Kind: String, CaseIterable {
        case content
        case productCategory = "product_category"
        case product
        case pathPrefix = "path_prefix"
        case loginMember = "login_member"
        case hour
        case page
        case pageTimed = "page_timed"
        case pageVisits = "page_visits"
        case pageContent = "page_content"
        case entryPage = "entry_page"
        case exitPage = "exit_page"
        case transition

        /// The position in `allCases`.
        var index: Int {
            switch self {
            case .content: 0
            case .productCategory: 1
            case .product: 2
            case .pathPrefix: 3
            case .loginMember: 4
            case .hour: 5
            case .page: 6
            case .pageTimed: 7
            case .pageVisits: 8
            case .pageContent: 9
            case .entryPage: 10
            case .exitPage: 11
            case .transition: 12
            }
        }
    }

    /// `00` … `23`.
    static let hourNames = (0..<24).map { $0 < 10 ? "0\($0)" : "\($0)" }

    /// Names (pages, contents, products, member ids, hours) by their run-wide codes, and the composite
    /// names (a path prefix, a `[page, content]` pair, a transition) as the bytes of their parts' codes.
    /// A tally is found by `(kind, code)` — an index into ``direct`` for codes below ``directLimit``
    /// (no hashing at all), else an interned eight-byte key — and holds the figures of the four segments
    /// side by side; no `String` is made until the rows are written.
    private let names: StringCodes
    private let hourCodes: [Int32]
    private let composites = ByteInterner(capacity: 4096)
    /// Codes below this are looked up in ``direct`` (65,536 unless a test says otherwise; 0 once
    /// ``compact()`` has run).
    private(set) var directLimit: Int
    /// By `kind × directWidth + code`: the tally's slot plus one (`0`: none yet).
    @exclusivity(unchecked) private var direct: [Int32] = []
    @exclusivity(unchecked) private var directWidth = 0
    /// The slots of larger codes, by packed key (`kind << 40 | code`): interner ids, and their slots.
    private let otherKeys = IntegerInterner(capacity: 1024)
    @exclusivity(unchecked) private var otherSlots: [Int32] = []
    /// By slot: its packed key (`kind << 40 | code`).
    @exclusivity(unchecked) private var slotKeys: [UInt64] = []
    /// By `slot × 4 + segment`: the figures.
    @exclusivity(unchecked) private var counts: [Int64] = []
    @exclusivity(unchecked) private var weights: [Double] = []
    /// By page code: the number of the last visit that viewed the page, so that a visit's distinct pages are
    /// found in constant time per page view (a list searched per page view made a visit of n distinct pages
    /// cost n², issue 18.8).
    @exclusivity(unchecked) private var pageLastVisit: [UInt32] = []
    /// The number of the visit being tallied (from 1; 0 in ``pageLastVisit`` means never).
    @exclusivity(unchecked) private var visitNumber: UInt32 = 0

    /// Whether this is the visit's first view of `page` (marks it seen).
    @inline(__always)
    private func firstViewInVisit(of page: Int32) -> Bool {
        let index = Int(page)
        if index >= pageLastVisit.count {
            pageLastVisit.append(contentsOf: repeatElement(0, count: max(index + 1, pageLastVisit.count * 2) - pageLastVisit.count))
        }
        if pageLastVisit[index] == visitNumber { return false }
        pageLastVisit[index] = visitNumber
        return true
    }

    /// Pages in a path prefix (SPEC §5, §12.10).
    static let pathPrefixLength = 3

    /// A rollup whose names are coded by `names` (shared with the other days of the run, on the same thread).
    init(names: StringCodes, directLimit: Int = 1 << 16) {
        self.names = names
        self.directLimit = directLimit
        hourCodes = Self.hourNames.map { names.code(of: $0) }
    }

    /// Tallies `visit`; with `interest`, also the interest weights of its product page views for `member` (one pass
    /// over the page views for both).
    func add(_ visit: CompletedVisit, member: Int32? = nil, interest: MemberInterestRollup? = nil) {
        let segment = Self.index(of: visit.segment)
        let pathIds = visit.pathCodes(names)
        tally(.pathPrefix, segment, composite(pathIds.prefix(Self.pathPrefixLength)), weight: 0)
        if visit.loggedIn, let member = visit.memberId { tally(.loginMember, segment, names.code(of: member), weight: 0) }
        tally(.entryPage, segment, pathIds[0], weight: 0)
        tally(.exitPage, segment, pathIds[pathIds.count - 1], weight: 0)
        for (from, to) in zip(pathIds, pathIds.dropFirst()) {
            tally(.transition, segment, composite([from, to]), weight: 0)
        }
        visitNumber &+= 1
        if visitNumber == 0 {  // after 4 billion visits: start the numbers again
            for index in pageLastVisit.indices { pageLastVisit[index] = 0 }
            visitNumber = 1
        }
        visit.forEachPageViewFigures(codes: names) { view in
            let page = view.page.page
            if let time = view.timeOnPage {
                tally(.page, segment, page, weight: Double(time))
                tally(.pageTimed, segment, page, weight: 0)
            } else {
                tally(.page, segment, page, weight: 0)
            }
            if firstViewInVisit(of: page) {
                tally(.pageVisits, segment, page, weight: 0)
            }
            if view.page.content >= 0 {
                tally(.pageContent, segment, composite([page, view.page.content]), weight: 0)
                tally(.content, segment, view.page.content, weight: 0)
            }
            let local = view.timestamp + Int64(view.siteOffset)
            let hour = Int(((local % 86_400) + 86_400) % 86_400 / 3600)
            tally(.hour, segment, hourCodes[hour], weight: 0)
            if view.page.productCategory >= 0 { tally(.productCategory, segment, view.page.productCategory, weight: 0) }
            if view.page.product >= 0 {
                let time = Double(min(max(view.timeOnPage ?? 0, 0), ProductInterest.timeOnPageCap)) / 60
                let weight = 1 + time + visit.interestAction(ofGoals: view.goals)
                tally(.product, segment, view.page.product, weight: weight)
                if let member, let interest {
                    interest.add(member: member, product: view.page.product, category: view.page.productCategory, weight: weight)
                }
            }
        }
    }

    /// The id of a sequence of name ids.
    private func composite<Parts: Collection<Int32>>(_ parts: Parts) -> Int32 {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(parts.count, 1)) { buffer in
            for (index, part) in parts.enumerated() { buffer[index] = part }
            return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<(4 * parts.count)])
                .withMemoryRebound(to: UInt8.self) { composites.intern($0) }
        }
    }

    @inline(__always)
    private func tally(_ kind: Kind, _ segment: Int, _ id: Int32, weight: Double) {
        let figures = slot(kind, id) * 4 + segment
        counts[figures] += 1
        weights[figures] += weight
    }

    /// The slot of the tally of `(kind, id)`, made when new.
    @inline(__always)
    private func slot(_ kind: Kind, _ id: Int32) -> Int {
        if id >= 0, Int(id) < directLimit {
            if Int(id) >= directWidth { widen(toHold: Int(id)) }
            let index = kind.index * directWidth + Int(id)
            if direct[index] > 0 { return Int(direct[index]) - 1 }
            direct[index] = Int32(slotKeys.count + 1)
            return newSlot(kind, id)
        }
        let key = UInt64(kind.index) << 40 | UInt64(UInt32(bitPattern: id))
        let other = Int(otherKeys.intern(key))
        if other < otherSlots.count { return Int(otherSlots[other]) }
        otherSlots.append(Int32(slotKeys.count))
        return newSlot(kind, id)
    }

    private func newSlot(_ kind: Kind, _ id: Int32) -> Int {
        slotKeys.append(UInt64(kind.index) << 40 | UInt64(UInt32(bitPattern: id)))
        counts.append(contentsOf: [0, 0, 0, 0])
        weights.append(contentsOf: [0, 0, 0, 0])
        return slotKeys.count - 1
    }

    /// Moves the tallies of ``direct`` to the interned keys and frees it (up to 13 × 4 × 65,536 bytes): for
    /// a day the run has left behind, whose tallies only a late visit still changes. Later tallies of the
    /// day all go through the interned keys.
    func compact() {
        guard directLimit > 0 else { return }
        for (slot, key) in slotKeys.enumerated() where Int(key & 0xFFFF_FFFF) < directLimit {
            let id = Int(otherKeys.intern(key))
            precondition(id == otherSlots.count, "a direct tally was interned already")
            otherSlots.append(Int32(slot))
        }
        direct = []
        directWidth = 0
        directLimit = 0
    }

    /// Makes ``direct`` wide enough for code `id` (at least doubling it, up to ``directLimit``).
    private func widen(toHold id: Int) {
        let width = min(max(id + 1, 2 * directWidth, 256), directLimit)
        var widened = [Int32](repeating: 0, count: Kind.allCases.count * width)
        for kind in 0..<Kind.allCases.count where directWidth > 0 {
            for code in 0..<directWidth { widened[kind * width + code] = direct[kind * directWidth + code] }
        }
        direct = widened
        directWidth = width
    }

    /// The position of `segment` in `Segment.allCases`.
    private static func index(of segment: Segment) -> Int {
        switch segment {
        case .customer: 0
        case .member: 1
        case .anonymousNew: 2
        case .anonymous: 3
        }
    }

    /// The name a packed key stands for: a name, or its composite as a JSON array of names.
    private func name(ofKey key: UInt64) -> String {
        let kind = Kind.allCases[Int(key >> 40)]
        let id = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
        switch kind {
        case .pathPrefix, .pageContent, .transition:
            let parts = composites.withBytes(of: id) { bytes in
                UnsafeRawBufferPointer(bytes).withMemoryRebound(to: Int32.self) { Array($0) }
            }
            return RowColumns.json(parts.map { names.strings[Int($0)] })
        default:
            return names.strings[Int(id)]
        }
    }

    static let schema = ParquetSchema([
        ParquetColumn(name: "kind", type: .string, optional: false),
        ParquetColumn(name: "segment", type: .string, optional: false),
        ParquetColumn(name: "name", type: .string, optional: false),
        ParquetColumn(name: "count", type: .int64, optional: false),
        ParquetColumn(name: "weight", type: .double, optional: false),
    ])

    /// The rows of each kind present (one row group each), by kind, then segment and name.
    var rowGroups: [[ParquetColumnValues]] {
        var rows: [(kind: Kind, segment: Segment, name: String, count: Int64, weight: Double)] = []
        for (slot, key) in slotKeys.enumerated() {
            let name = name(ofKey: key)
            for segment in 0..<4 where counts[slot * 4 + segment] > 0 {
                rows.append((Kind.allCases[Int(key >> 40)], Segment.allCases[Self.segmentPositions[segment]], name,
                             counts[slot * 4 + segment], weights[slot * 4 + segment]))
            }
        }
        // Kinds and segments by the order of their names, compared as numbers; names only on a tie.
        let kindRanks = Self.ranks(of: Kind.allCases.map(\.rawValue))
        let segmentRanks = Self.ranks(of: Segment.allCases.map(\.rawValue))
        rows.sort { lhs, rhs in
            let lhsKind = kindRanks[lhs.kind.index], rhsKind = kindRanks[rhs.kind.index]
            if lhsKind != rhsKind { return lhsKind < rhsKind }
            let lhsSegment = segmentRanks[Segment.allCases.firstIndex(of: lhs.segment)!]
            let rhsSegment = segmentRanks[Segment.allCases.firstIndex(of: rhs.segment)!]
            if lhsSegment != rhsSegment { return lhsSegment < rhsSegment }
            return lhs.name < rhs.name
        }
        var groups: [[ParquetColumnValues]] = []
        var start = 0
        while start < rows.count {
            var end = start
            while end < rows.count, rows[end].kind == rows[start].kind { end += 1 }
            let group = rows[start..<end]
            groups.append([
                .string(group.map(\.kind.rawValue)), .string(group.map(\.segment.rawValue)), .string(group.map(\.name)),
                .int64(group.map(\.count)), .double(group.map(\.weight)),
            ])
            start = end
        }
        return groups
    }

    /// The rank of each of `names` in their sorted order.
    private static func ranks(of names: [String]) -> [Int] {
        var ranks = [Int](repeating: 0, count: names.count)
        for (rank, index) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { ranks[index] = rank }
        return ranks
    }

    /// By ``index(of:)``: the position in `Segment.allCases`.
    private static let segmentPositions = [Segment.customer, .member, .anonymousNew, .anonymous].map { Segment.allCases.firstIndex(of: $0)! }
}
