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
    }

    /// `00` … `23`.
    static let hourNames = (0..<24).map { $0 < 10 ? "0\($0)" : "\($0)" }

    /// A tally's key: a name, or a pair of names (`page_content`, `transition`) kept apart until the
    /// rows are written, when the pair becomes its JSON array. Names are hashed and compared by their
    /// UTF-8 bytes (as Parquet compares text), which costs far less than a `String` key's
    /// Unicode-normalised hashing for Korean page names.
    private struct Key: Hashable {
        var kind: Kind
        var segment: Segment
        var first: UTF8Key
        var second: UTF8Key?

        init(kind: Kind, segment: Segment, name: String) {
            self.kind = kind
            self.segment = segment
            self.first = UTF8Key(name)
        }

        init(kind: Kind, segment: Segment, pair: (String, String)) {
            self.kind = kind
            self.segment = segment
            self.first = UTF8Key(pair.0)
            self.second = UTF8Key(pair.1)
        }

        /// The name as written: the pair as a JSON array.
        var name: String { second.map { RowColumns.json([first.string, $0.string]) } ?? first.string }
    }

    private var tallies: [Key: (count: Int64, weight: Double)] = [:]

    /// Pages in a path prefix (SPEC §5, §12.10).
    static let pathPrefixLength = 3

    func add(_ visit: VisitRow, pageViews: [PageViewRow]) {
        let prefix = RowColumns.json(Array(visit.path.prefix(Self.pathPrefixLength)))
        tally(Key(kind: .pathPrefix, segment: visit.segment, name: prefix), weight: 0)
        if visit.loggedIn, let member = visit.memberId { tally(Key(kind: .loginMember, segment: visit.segment, name: member), weight: 0) }
        tally(Key(kind: .entryPage, segment: visit.segment, name: visit.entryPage), weight: 0)
        tally(Key(kind: .exitPage, segment: visit.segment, name: visit.exitPage), weight: 0)
        for (from, to) in zip(visit.path, visit.path.dropFirst()) {
            tally(Key(kind: .transition, segment: visit.segment, pair: (from, to)), weight: 0)
        }
        var pagesSeen = Set<UTF8Key>()
        for view in pageViews {
            if let time = view.timeOnPage {
                tally(Key(kind: .page, segment: view.segment, name: view.page), weight: Double(time))
                tally(Key(kind: .pageTimed, segment: view.segment, name: view.page), weight: 0)
            } else {
                tally(Key(kind: .page, segment: view.segment, name: view.page), weight: 0)
            }
            if pagesSeen.insert(UTF8Key(view.page)).inserted { tally(Key(kind: .pageVisits, segment: view.segment, name: view.page), weight: 0) }
            if let content = view.content { tally(Key(kind: .pageContent, segment: view.segment, pair: (view.page, content)), weight: 0) }
            let local = view.timestamp + Int64(view.siteOffset)
            let hour = Int(((local % 86_400) + 86_400) % 86_400 / 3600)
            tally(Key(kind: .hour, segment: view.segment, name: Self.hourNames[hour]), weight: 0)
            if let content = view.content { tally(Key(kind: .content, segment: view.segment, name: content), weight: 0) }
            if let category = view.productCategory {
                tally(Key(kind: .productCategory, segment: view.segment, name: category), weight: 0)
            }
            if let product = view.product {
                let time = Double(min(max(view.timeOnPage ?? 0, 0), ProductInterest.timeOnPageCap)) / 60
                tally(Key(kind: .product, segment: view.segment, name: product), weight: 1 + time + view.interestAction)
            }
        }
    }

    private func tally(_ key: Key, weight: Double) {
        func count(_ tally: inout (count: Int64, weight: Double)) {
            tally.count += 1
            tally.weight += weight
        }
        count(&tallies[key, default: (0, 0)])  // one look-up, the value changed in place
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
        let rows = tallies.map { (key: $0.key, name: $0.key.name, value: $0.value) }.sorted { lhs, rhs in
            (lhs.key.kind.rawValue, lhs.key.segment.rawValue, lhs.name) < (rhs.key.kind.rawValue, rhs.key.segment.rawValue, rhs.name)
        }
        var groups: [[ParquetColumnValues]] = []
        var start = 0
        while start < rows.count {
            var end = start
            while end < rows.count, rows[end].key.kind == rows[start].key.kind { end += 1 }
            let group = rows[start..<end]
            groups.append([
                .string(group.map(\.key.kind.rawValue)), .string(group.map(\.key.segment.rawValue)), .string(group.map(\.name)),
                .int64(group.map(\.value.count)), .double(group.map(\.value.weight)),
            ])
            start = end
        }
        return groups
    }
}
