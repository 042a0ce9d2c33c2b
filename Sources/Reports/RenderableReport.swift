/// A report that renders in the four formats of SPEC §8.
public protocol RenderableReport {
    /// The JSON contract: `report`, `from`, `to`, `filters` and the report's figures.
    var jsonValue: JSONValue { get }
    /// The terminal table (control characters stripped, aligned by display width).
    var tableText: String { get }
    /// CSV with formula-looking cells neutralised.
    var csvText: String { get }
    /// One self-contained HTML page.
    var htmlText: String { get }
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
