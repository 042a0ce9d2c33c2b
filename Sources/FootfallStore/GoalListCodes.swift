import ByteTables
import LogAnalytics
import LogIngest
import ParquetStore
import SiteConfig

/// Codes for the goal lists of page views: each distinct set of goals reached, as its JSON array of
/// names (`[]` for none), made once. Used by one thread.
final class GoalListCodes {
    private(set) var strings: [String] = []
    private var codes: [UInt64: Int32] = [:]
    /// The last mask looked up and its code: most page views reach no goal.
    private var lastMask: UInt64 = 0
    private var lastCode: Int32 = -1

    /// The code of the goals `mask` of a page view or visit of `visit`.
    @inline(__always)
    func code(of mask: UInt64, in visit: borrowing CompletedVisit) -> Int32 {
        if mask == lastMask, lastCode >= 0 { return lastCode }
        let code = codes[mask] ?? {
            let code = Int32(strings.count)
            strings.append(RowColumns.json(visit.model.goalNames(in: mask)))
            codes[mask] = code
            return code
        }()
        lastMask = mask
        lastCode = code
        return code
    }
}
