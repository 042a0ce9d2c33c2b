import ByteTables
/// The figures of `footfall parse`: counts that can be checked against other tools.
///
/// `hits` excludes bots (SPEC §12.2); `statuses` counts every parsed hit, bots included.
public final class ParseSummary {
    /// Physical lines read.
    @exclusivity(unchecked) public private(set) var lines = 0
    /// Non-bot hits.
    @exclusivity(unchecked) public private(set) var hits = 0
    /// Bot hits.
    @exclusivity(unchecked) public private(set) var botHits = 0
    /// Page views.
    @exclusivity(unchecked) public private(set) var pageViews = 0
    /// Malformed lines.
    @exclusivity(unchecked) public private(set) var badLines = BadLineTally()
    /// Gzip damage read past with `--salvage`.
    @exclusivity(unchecked) public private(set) var salvagedDamage: [LogIngestError] = []
    /// Files and the formats they were read with.
    @exclusivity(unchecked) public private(set) var formats: [(file: String, format: LogFormat)] = []
    /// Decoded bytes read.
    @exclusivity(unchecked) public private(set) var decodedBytes: Int64 = 0
    @exclusivity(unchecked) private var statusCounts = [Int](repeating: 0, count: 600)
    private let paths = ByteInterner(capacity: 4096)
    @exclusivity(unchecked) private var pathPageViews: [Int] = []
    @exclusivity(unchecked) private var devicePageViews = [Int](repeating: 0, count: DeviceClass.allCases.count)

    /// Creates an empty summary.
    public init() {}

    /// Counts one hit.
    @inline(__always)
    public func add(_ hit: HitView) {
        statusCounts[Int(hit.fields.status)] += 1
        if hit.kind.isBot {
            botHits += 1
            return
        }
        hits += 1
        guard hit.kind.isPageView else { return }
        pageViews += 1
        let id = Int(paths.intern(hit.bytes(hit.fields.path)))
        if id == pathPageViews.count { pathPageViews.append(0) }
        pathPageViews[id] += 1
        switch hit.kind.agent.device {
        case .desktop: devicePageViews[0] += 1
        case .mobile: devicePageViews[1] += 1
        case .tablet: devicePageViews[2] += 1
        }
    }

    /// Adds the line counts of one finished file.
    public func add(_ report: FileReadReport) {
        lines += report.lines
        badLines.merge(report.badLines)
        decodedBytes += report.decodedBytes
        formats.append((report.file, report.format))
        if let damage = report.salvagedDamage { salvagedDamage.append(damage) }
    }

    /// Hits per status code, bots included.
    public var statuses: [UInt16: Int] {
        var result: [UInt16: Int] = [:]
        for (code, count) in statusCounts.enumerated() where count > 0 { result[UInt16(code)] = count }
        return result
    }

    /// Page views per device class.
    public var devices: [DeviceClass: Int] {
        [.desktop: devicePageViews[0], .mobile: devicePageViews[1], .tablet: devicePageViews[2]]
    }

    /// The most viewed pages: percent-decoded paths without query, most page views first, ties by path.
    ///
    /// - Complexity: O(*p* log *p*) in the number of distinct paths.
    public func topPages(limit: Int) -> [(path: String, pageViews: Int)] {
        var merged: [String: Int] = [:]
        for id in 0..<pathPageViews.count {
            let path = paths.withBytes(of: Int32(id)) { PercentDecoding.decode($0) }
            merged[path, default: 0] += pathPageViews[id]
        }
        return merged.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit)
            .map { ($0.key, $0.value) }
    }
}
