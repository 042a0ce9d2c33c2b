import LogAnalytics
/// A report that renders in the four formats of SPEC §8.
public protocol RenderableReport {
    /// The range and filters the report was made for.
    var query: ReportQuery { get }
    /// The JSON contract: `report`, `from`, `to`, `filters` and the report's figures.
    var jsonValue: JSONValue { get }
    /// The terminal table (control characters stripped, aligned by display width).
    var tableText: String { get }
    /// CSV with formula-looking cells neutralised.
    var csvText: String { get }
    /// One self-contained HTML page.
    var htmlText: String { get }
}

extension RenderableReport {
    /// ``jsonValue`` with the JSON's `range_cut` (SPEC §12.21) after `filters` when `query`'s range was cut: the
    /// range asked for (`from` and `to` of the report are the store's days it was cut to).
    public var contractJSON: JSONValue {
        guard let requested = query.requestedRange else { return jsonValue }
        return jsonValue.inserting(
            ("range_cut", .object([
                ("from", .string(requested.lowerBound.description)), ("to", .string(requested.upperBound.description)),
            ])), after: "filters")
    }
}

extension OverviewReport: RenderableReport {}
extension SegmentsReport: RenderableReport {}
extension ProfileReport: RenderableReport {}
extension GroupsReport: RenderableReport {}
extension PagesReport: RenderableReport {}
extension PathsReport: RenderableReport {}
extension FunnelReport: RenderableReport {}
extension CampaignsReport: RenderableReport {}
extension ReferrersReport: RenderableReport {}
extension LoginsReport: RenderableReport {}
extension CustomerReport: RenderableReport {}
extension ConversionsReport: RenderableReport {}
extension RetentionWatchReport: RenderableReport {}
extension HoursReport: RenderableReport {}
extension HitsReport: RenderableReport {}
extension WindowedFunnelReport: RenderableReport {}
extension AttributionReport: RenderableReport {}
extension CohortsReport: RenderableReport {}

extension RenderableReport {
    /// The filters as `key=value`, sorted by key.
    public var filterLine: String {
        query.filterValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// A title for people: the report's name in the language, its range, and its filters.
    public func title(_ english: String) -> String {
        L(english) + " \(query.from) – \(query.to)" + (filterLine.isEmpty ? "" : "  [\(filterLine)]")
    }
}
