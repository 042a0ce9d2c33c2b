public import FootfallStore
import Foundation
public import SiteConfig

/// What `footfall audience` and the console ask for: a named audience or criteria, a range, an order and a limit.
public struct AudienceRequest: Sendable, Hashable {
    /// A `[[audiences]]` name of the config (its criteria, order and limit; flags given beside it are added).
    public var name: String?
    public var criteria = AudienceCriteria()
    public var from: String?
    public var to: String?
    public var orderBy: String?
    public var limit: Int?
    public var explain = false

    public init(name: String? = nil) {
        self.name = name
    }
}

extension ReportRunner {
    /// Makes the audience of `request` (SPEC §15): checks it like a report's filters (exit 64 naming the known
    /// values), cuts the range to the store's days (with a note) and selects the members.
    public func audience(_ request: AudienceRequest) throws(ReportRunError) -> (audience: Audience, notes: [String]) {
        guard let configuration else {
            throw ReportRunError(.usage, "footfall audience needs --config site.toml (customers.csv, products, goals, funnels and named audiences)")
        }
        var criteria = request.criteria
        var orderBy = request.orderBy, limit = request.limit
        if let name = request.name {
            guard let named = configuration.audiences.first(where: { $0.name == name }) else {
                let names = configuration.audiences.map(\.name)
                throw ReportRunError(
                    .notFound, "no audience '\(name)' in \(configuration.file ?? "the config")"
                        + (names.isEmpty ? "; it names none ([[audiences]] name = \"…\")" : "; audiences: \(names.joined(separator: ", "))")
                        + ReportFilterCheck.suggestion(name, names, synonyms: [:]))
            }
            criteria = Self.merged(named.criteria, with: request.criteria)
            orderBy = orderBy ?? named.orderBy
            limit = limit ?? named.limit
        }
        var range = ReportRequest(name: "overview")
        (range.from, range.to) = (request.from, request.to)
        let (query, notes) = try query(for: range)
        guard let order = Audience.Order(rawValue: orderBy ?? "member_id") else {
            throw ReportRunError(.usage, "--order-by '\(orderBy ?? "")': expected member_id, interest or last_visit")
        }
        if let limit, limit < 1 { throw ReportRunError(.usage, "--limit \(limit): give at least 1") }
        do {
            let catalog = try self.catalog([.customers, .products, .campaignCosts])
            let columns = criteria.whereConditions.isEmpty ? nil : try SiteCatalog.customerColumns(for: configuration)
            // The store's campaigns (a store error stays one: exit 2, not a usage error).
            let storeCampaigns = criteria.campaigns.isEmpty ? [] : try ReportFilterCheck.knownValues(store: store, genders: false).campaigns
            let plan: AudiencePlan
            do {
                plan = try AudiencePlan.check(criteria, configuration: configuration, catalog: catalog, columns: columns, storeCampaigns: storeCampaigns)
            } catch {
                throw ReportRunError(.usage, error.message)
            }
            let audience = try Audience.make(
                store: store, query: query, plan: plan, catalog: catalog, columns: columns, storeDays: try storeDays(), name: request.name,
                order: order, limit: limit, explain: request.explain)
            return (audience, notes)
        } catch let error as ReportRunError {
            throw error
        } catch let error as ConfigError {
            throw ReportRunError(.usage, "\(error)")
        } catch {
            throw ReportRunError(.store, "\(error)")
        }
    }

    /// A named audience's criteria with the flags given beside its name added (a flag replaces a single value,
    /// adds to a repeatable one).
    static func merged(_ base: AudienceCriteria, with extra: AudienceCriteria) -> AudienceCriteria {
        var result = base
        result.segment = extra.segment ?? base.segment
        result.grade = extra.grade ?? base.grade
        result.gender = extra.gender ?? base.gender
        result.age = extra.age ?? base.age
        result.whereConditions += extra.whereConditions
        result.visitedWithin = extra.visitedWithin ?? base.visitedWithin
        result.minVisits = extra.minVisits ?? base.minVisits
        result.interest += extra.interest
        result.reached += extra.reached
        result.notReached += extra.notReached
        result.dropped = extra.dropped ?? base.dropped
        result.window = extra.window ?? base.window
        result.campaigns += extra.campaigns
        result.maturityWithin = extra.maturityWithin ?? base.maturityWithin
        return result
    }
}
