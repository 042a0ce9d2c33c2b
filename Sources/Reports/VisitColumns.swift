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

    /// Reads the visits of `query`'s days from the published version of `store`, keeping those that pass
    /// its filters.
    public static func load(from store: Store, query: ReportQuery) throws -> VisitColumns {
        guard let folder = store.currentVersionFolder else {
            throw StoreError(path: store.root, message: "not a footfall store (no published version)", hint: "Run footfall ingest first")
        }
        var columns = VisitColumns()
        let endYear = query.to.components.year
        for day in query.days {
            let path = "\(folder)/visits/day=\(day)/part-0.parquet"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try ParquetFileReader(path: path)
            guard
                case .string(let ids) = try reader.readColumn("visit_id"),
                case .string(let paths) = try reader.readColumn("path"),
                case .string(let funnels) = try reader.readColumn("funnel_steps"),
                case .string(let goals) = try reader.readColumn("goals"),
                case .string(let sources) = try reader.readColumn("source"),
                case .string(let mediums) = try reader.readColumn("medium"),
                case .string(let keys) = try reader.readColumn("visitor_key"),
                case .string(let members) = try reader.readColumn("member_id"),
                case .boolean(let logged) = try reader.readColumn("logged_in"),
                case .boolean(let first) = try reader.readColumn("first_visit"),
                case .int32(let views) = try reader.readColumn("page_views"),
                case .int64(let durations) = try reader.readColumn("duration_s"),
                case .boolean(let bounces) = try reader.readColumn("bounce"),
                case .string(let devices) = try reader.readColumn("device"),
                case .string(let segments) = try reader.readColumn("segment"),
                case .string(let grades) = try reader.readColumn("grade"),
                case .string(let genders) = try reader.readColumn("gender"),
                case .int32(let births) = try reader.readColumn("birth_year"),
                case .string(let channels) = try reader.readColumn("channel"),
                case .string(let campaigns) = try reader.readColumn("campaign")
            else {
                throw StoreError(path: path, message: "unexpected column types", hint: "The store may be from another footfall version")
            }
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
