import Foundation
public import FootfallStore
public import LogAnalytics
import ParquetStore

/// The columns of the `visits` table a report needs, for the days of a range, as parallel arrays.
public struct VisitColumns: Sendable {
    public var day: [SiteDay] = []
    public var visitId: [String] = []
    /// The visit's page path as JSON text (an array of page names).
    public var pathJSON: [String] = []
    /// Funnel steps reached, as JSON text (`{"funnel": steps}`).
    public var funnelJSON: [String] = []
    /// Goals reached, as JSON text (an array of goal names).
    public var goalsJSON: [String] = []
    public var source: [String?] = []
    public var medium: [String?] = []
    public var visitorKey: [String] = []
    public var memberId: [String?] = []
    public var loggedIn: [Bool] = []
    public var firstVisit: [Bool] = []
    public var pageViews: [Int] = []
    public var durationSeconds: [Int64] = []
    public var bounce: [Bool] = []
    public var device: [String] = []
    public var segment: [String] = []
    public var grade: [String?] = []
    public var gender: [String?] = []
    public var birthYear: [Int?] = []
    public var channel: [String] = []
    public var campaign: [String?] = []

    public var count: Int { day.count }

    /// Every column this type can load.
    public static let allColumns = [
        "visit_id", "path", "funnel_steps", "goals", "source", "medium", "visitor_key", "member_id", "logged_in", "first_visit",
        "page_views", "duration_s", "bounce", "device", "segment", "grade", "gender", "birth_year", "channel", "campaign",
    ]

    /// Reads the visits of `query`'s days from the published version of `store`, keeping those that pass
    /// its filters.
    ///
    /// - Parameter columns: the columns the caller uses (`nil`: all). Columns not asked for are not decoded
    ///   and read as empty; the filter columns are always read.
    public static func load(from store: Store, query: ReportQuery, columns: Set<String>? = nil) throws -> VisitColumns {
        let folder = try store.requirePublishedFolder()
        var wanted = columns ?? Set(allColumns)
        wanted.formUnion(["visit_id", "visitor_key", "segment", "grade", "gender", "birth_year", "device", "channel", "campaign"]
            .filter { name in query.filtersVisits || name == "visit_id" || name == "visitor_key" || name == "segment" })
        var columns = VisitColumns()
        let endYear = query.to.components.year
        for day in query.days {
            let path = "\(folder)/visits/day=\(day)/part-0.parquet"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try ParquetFileReader(path: path)
            let rows = Int(reader.rowCount)
            func values(_ name: String) throws -> ParquetColumnValues? { wanted.contains(name) ? try reader.readColumn(name) : nil }
            func strings(_ name: String) throws -> [String?] {
                guard let decoded = try values(name) else { return Array(repeating: nil, count: rows) }
                guard case .string(let v) = decoded else { throw StoreError(path: path, message: "column \(name) is not text") }
                return v
            }
            func booleans(_ name: String) throws -> [Bool?] {
                guard let decoded = try values(name) else { return Array(repeating: nil, count: rows) }
                guard case .boolean(let v) = decoded else { throw StoreError(path: path, message: "column \(name) is not boolean") }
                return v
            }
            func int32s(_ name: String) throws -> [Int32?] {
                guard let decoded = try values(name) else { return Array(repeating: nil, count: rows) }
                guard case .int32(let v) = decoded else { throw StoreError(path: path, message: "column \(name) is not int32") }
                return v
            }
            func int64s(_ name: String) throws -> [Int64?] {
                guard let decoded = try values(name) else { return Array(repeating: nil, count: rows) }
                guard case .int64(let v) = decoded else { throw StoreError(path: path, message: "column \(name) is not int64") }
                return v
            }
            let ids = try strings("visit_id"), paths = try strings("path"), funnels = try strings("funnel_steps")
            let goals = try strings("goals"), sources = try strings("source"), mediums = try strings("medium")
            let keys = try strings("visitor_key"), members = try strings("member_id"), logged = try booleans("logged_in")
            let first = try booleans("first_visit"), views = try int32s("page_views"), durations = try int64s("duration_s")
            let bounces = try booleans("bounce"), devices = try strings("device"), segments = try strings("segment")
            let grades = try strings("grade"), genders = try strings("gender"), births = try int32s("birth_year")
            let channels = try strings("channel"), campaigns = try strings("campaign")
            for row in keys.indices {
                if let segment = query.segment, segments[row] != segment.rawValue { continue }
                if let grade = query.grade, grades[row] != grade { continue }
                if let gender = query.gender, genders[row]?.uppercased() != gender.uppercased() { continue }
                if let ages = query.ages {
                    guard let birth = births[row], ages.contains(endYear - Int(birth)) else { continue }
                }
                if let device = query.device, devices[row] != device { continue }
                if let channel = query.channel, channels[row] != channel { continue }
                if let campaign = query.campaign, campaigns[row] != campaign { continue }
                columns.day.append(day)
                columns.visitId.append(ids[row] ?? "")
                columns.pathJSON.append(paths[row] ?? "[]")
                columns.funnelJSON.append(funnels[row] ?? "{}")
                columns.goalsJSON.append(goals[row] ?? "[]")
                columns.source.append(sources[row])
                columns.medium.append(mediums[row])
                columns.visitorKey.append(keys[row] ?? "")
                columns.memberId.append(members[row])
                columns.loggedIn.append(logged[row] ?? false)
                columns.firstVisit.append(first[row] ?? false)
                columns.pageViews.append(Int(views[row] ?? 0))
                columns.durationSeconds.append(durations[row] ?? 0)
                columns.bounce.append(bounces[row] ?? false)
                columns.device.append(devices[row] ?? "desktop")
                columns.segment.append(segments[row] ?? "")
                columns.grade.append(grades[row])
                columns.gender.append(genders[row])
                columns.birthYear.append(births[row].map(Int.init))
                columns.channel.append(channels[row] ?? "direct")
                columns.campaign.append(campaigns[row])
            }
        }
        return columns
    }
}
