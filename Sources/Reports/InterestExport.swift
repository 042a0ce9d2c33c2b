import Foundation
public import FootfallStore
import ParquetStore
import LogAnalytics
public import SiteConfig

/// `footfall export interest` (issue: reports): for every member of the customer master, the top products by
/// interest over the range; members with fewer than `top` products of their own are topped up with the most
/// popular products (by summed interest) of their gender and age band, then of everyone.
public struct InterestExport: Sendable {
    public struct Row: Sendable, Equatable {
        public var memberId: String
        public var rank: Int
        public var product: String
        /// The member's own interest, or `nil` for a fallback product.
        public var interest: Double?
        /// `interest`, `popular_in_group` or `popular_overall`.
        public var source: String
        /// The member's gender in customers.csv (`unknown` without one): the group of `popular_in_group`.
        public var gender: String = "unknown"
        /// The member's age band at the range end's year (SPEC §8: 10s … 60+, `unknown`).
        public var ageBand: String = "unknown"
    }

    public var query: ReportQuery
    public var rows: [Row]

    public static func make(store: Store, query: ReportQuery, customers: [String: CustomerRecord], top: Int) throws -> InterestExport {
        let visits = try VisitColumns.load(from: store, query: query, columns: ["member_id"])
        var visitsByMember: [String: [VisitReference]] = [:]
        for row in 0..<visits.count {
            if let member = visits.memberId[row] { visitsByMember[member, default: []].append(visits.reference(row)) }
        }
        let views = try VisitPageViews.load(from: store, query: query, visits: Set(visitsByMember.values.flatMap { $0 }))
        let year = query.to.components.year
        func group(_ member: String) -> String {
            let customer = customers[member]
            return (customer?.gender ?? "?") + "|" + ageBand(birthYear: customer?.birthYear, at: year)
        }
        var own: [String: [String: Double]] = [:]
        var groupTotals: [String: [String: Double]] = [:]
        var overall: [String: Double] = [:]
        for (member, ids) in visitsByMember {
            let interest = views.interest(of: ids, endDay: query.to)
            own[member] = interest
            for (product, value) in interest {
                groupTotals[group(member), default: [:]][product, default: 0] += value
                overall[product, default: 0] += value
            }
        }
        let overallRanking = SegmentsReport.top(overall, count: top).map(\.name)
        var rows: [Row] = []
        for member in customers.keys.sorted() {
            var chosen: [Row] = SegmentsReport.top(own[member] ?? [:], count: top).enumerated().map {
                Row(memberId: member, rank: $0.offset + 1, product: $0.element.name, interest: $0.element.value, source: "interest")
            }
            for (candidates, source) in [(SegmentsReport.top(groupTotals[group(member)] ?? [:], count: top).map(\.name), "popular_in_group"), (overallRanking, "popular_overall")] {
                for product in candidates where chosen.count < top && !chosen.contains(where: { $0.product == product }) {
                    chosen.append(Row(memberId: member, rank: chosen.count + 1, product: product, interest: nil, source: source))
                }
            }
            let customer = customers[member]
            let band = ageBand(birthYear: customer?.birthYear, at: year)
            rows += chosen.map { row in
                var row = row
                row.gender = customer?.gender ?? "unknown"
                row.ageBand = band
                return row
            }
        }
        return InterestExport(query: query, rows: rows)
    }

    public var csvText: String {
        CSVWriter.text(
            headers: ["member_id", "rank", "product", "interest", "source", "gender", "age_band"],
            rows: rows.map { [$0.memberId, String($0.rank), $0.product, $0.interest.map { JSONValue.format($0) } ?? "", $0.source, $0.gender, $0.ageBand] },
            exact: true)
    }

    public var jsonValue: JSONValue {
        .object([
            ("export", .string("interest")), ("from", .string(query.from.description)), ("to", .string(query.to.description)),
            ("rows", .array(rows.map { row in
                .object([("member_id", .string(row.memberId)), ("rank", .int(row.rank)), ("product", .string(row.product)),
                         ("interest", row.interest.map(JSONValue.double) ?? .null), ("source", .string(row.source)),
                         ("gender", .string(row.gender)), ("age_band", .string(row.ageBand))])
            })),
        ])
    }
}
