import Foundation
public import FootfallStore
public import LogAnalytics
import ParquetStore

/// The columns of the `pageviews` table the preference reports need, for the days of a range.
public struct PageViewColumns: Sendable {
    public var day: [SiteDay] = []
    public var segment: [String] = []
    public var content: [String?] = []
    public var productCategory: [String?] = []
    public var product: [String?] = []
    public var timeOnPage: [Int64?] = []
    public var interestAction: [Double] = []

    public var count: Int { day.count }

    /// Reads the page views of `query`'s days; with visit filters, only those of `visitIds`.
    public static func load(from store: Store, query: ReportQuery, visitIds: Set<String>?) throws -> PageViewColumns {
        let folder = try store.requirePublishedFolder()
        var columns = PageViewColumns()
        for day in query.days {
            let path = "\(folder)/pageviews/day=\(day)/part-0.parquet"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try ParquetFileReader(path: path)
            guard
                case .string(let ids) = try reader.readColumn("visit_id"),
                case .string(let segments) = try reader.readColumn("segment"),
                case .string(let contents) = try reader.readColumn("content"),
                case .string(let categories) = try reader.readColumn("product_category"),
                case .string(let products) = try reader.readColumn("product"),
                case .int64(let times) = try reader.readColumn("time_on_page_s"),
                case .double(let actions) = try reader.readColumn("interest_action")
            else {
                throw StoreError(path: path, message: "unexpected column types", hint: "The store may be from another footfall version")
            }
            for row in ids.indices {
                if let visitIds, !visitIds.contains(ids[row] ?? "") { continue }
                columns.day.append(day)
                columns.segment.append(segments[row] ?? "")
                columns.content.append(contents[row])
                columns.productCategory.append(categories[row])
                columns.product.append(products[row])
                columns.timeOnPage.append(times[row])
                columns.interestAction.append(actions[row] ?? 0)
            }
        }
        return columns
    }
}
