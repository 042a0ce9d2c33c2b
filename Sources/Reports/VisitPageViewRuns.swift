import FootfallStore
import ParquetStore

/// Where each visit's page views lie in a day's `pageviews` file: a day's page views are written visit by visit, in
/// the order of the day's `visits` rows (docs/STORE.md), so visit *n*'s run is `starts[n] ..< starts[n + 1]`, the
/// running sum of the visits' `page_views`. Readers select the runs of chosen visits by position.
struct VisitPageViewRuns {
    /// The day's `pageviews` file.
    var reader: ParquetFileReader
    /// `starts[n]`: the first page view of visit *n*; the last entry is the day's page views.
    var starts: [Int]

    /// The runs of `day`, or `nil` when the published version has no such day.
    ///
    /// - Throws: ``StoreError`` when the page views do not add up to the visits' `page_views`, or `ordinals` names a
    ///   visit the day does not have.
    static func open(_ store: Store, day: String, checking ordinals: some Sequence<Int32> = [Int32]()) throws -> VisitPageViewRuns? {
        guard let visits = try store.openDayFile(.visits, day: day), let reader = try store.openDayFile(.pageviews, day: day) else { return nil }
        var counts: [Int32] = []
        try visits.readColumn("page_views", appendingTo: &counts)
        var starts = [Int](repeating: 0, count: counts.count + 1)
        for (index, count) in counts.enumerated() { starts[index + 1] = starts[index] + Int(count) }
        guard Int(reader.rowCount) == starts[counts.count] else {
            throw StoreError(path: reader.path, message: "holds \(reader.rowCount) page views, the day's visits count \(starts[counts.count])",
                             hint: "The store may be damaged; ingest the day again")
        }
        if let outside = ordinals.first(where: { $0 < 0 || Int($0) >= counts.count }) {
            throw StoreError(path: visits.path, message: "has no visit \(outside)", hint: "The store may be damaged; ingest the day again")
        }
        return VisitPageViewRuns(reader: reader, starts: starts)
    }

    /// The page views of visit `ordinal`.
    func run(_ ordinal: Int32) -> Range<Int> { starts[Int(ordinal)]..<starts[Int(ordinal) + 1] }

    /// A selection of the runs of `ordinals` (ascending).
    func selection(_ ordinals: some Sequence<Int32>) -> ParquetRowSelection { ParquetRowSelection(ordinals.map(run)) }
}
