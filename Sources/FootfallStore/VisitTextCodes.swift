import ByteTables
import LogAnalytics
import LogIngest
import ParquetStore
import SiteConfig

/// The JSON texts of one day's `visits` file, each made once per distinct value and then given by code:
/// goal lists, funnel steps (`{"funnel": steps}`, keys in UTF-8 order) and paths (JSON arrays of page
/// names). Most visits share a short path, so a path costs a lookup of its page codes, not a new text.
/// The paths are forgotten between row groups once there are many (``forgetPathsIfMany()``), so that a
/// day of many distinct paths does not hold them all. Used by one thread.
final class VisitTextCodes {
    /// Distinct paths kept at most from one row group to the next.
    let pathLimit: Int

    init(pathLimit: Int = 65_536) {
        self.pathLimit = pathLimit
    }

    let goals = GoalListCodes()
    private(set) var funnels: [String] = []
    private var funnelCodes: [[Int]: Int32] = [:]
    private(set) var paths: [String] = []
    private var pathInterner = ByteInterner(capacity: 4096)

    /// Forgets the path texts when there are more than ``pathLimit``: to be called right after the
    /// columns that code into them were taken (no path code is in use then).
    func forgetPathsIfMany() {
        guard paths.count > pathLimit else { return }
        paths = []
        pathInterner = ByteInterner(capacity: 4096)
    }
    /// By name code: the name as a JSON string.
    private var quotedNames: [String?] = []

    func funnelCode(of progress: [Int], in visit: borrowing CompletedVisit) -> Int32 {
        if let code = funnelCodes[progress] { return code }
        var steps: [String: Int] = [:]
        for (funnel, reached) in zip(visit.model.funnels, progress) { steps[funnel.name] = reached }
        let code = Int32(funnels.count)
        funnels.append(RowColumns.json(steps))
        funnelCodes[progress] = code
        return code
    }

    func pathCode(of pages: [Int32], names: StringCodes) -> Int32 {
        let code = pages.withUnsafeBytes { pathInterner.intern(UnsafeBufferPointer(start: $0.baseAddress?.assumingMemoryBound(to: UInt8.self), count: $0.count)) }
        if Int(code) < paths.count { return code }
        var text = "["
        for (index, page) in pages.enumerated() {
            if index > 0 { text += "," }
            text += quotedName(page, names)
        }
        paths.append(text + "]")
        return code
    }

    private func quotedName(_ code: Int32, _ names: StringCodes) -> String {
        if Int(code) >= quotedNames.count {
            quotedNames.append(contentsOf: repeatElement(nil, count: Int(code) + 1 - quotedNames.count))
        }
        if let quoted = quotedNames[Int(code)] { return quoted }
        let quoted = RowColumns.quoted(names.strings[Int(code)])
        quotedNames[Int(code)] = quoted
        return quoted
    }
}
