import Foundation
import FootfallStore
import LogAnalytics
import Reports
import SiteConfig
import Testing

@Suite("Interest export", .serialized)
struct InterestExportTests {
    @Test func everyMemberGetsTopNWithOwnInterestFirst() throws {
        let config = try SiteConfiguration.load(path: ReportFixture.repositoryRoot.appendingPathComponent("SampleLogs/site.toml").path)
        let customers = try SiteCatalog.load(for: config).customers
        let query = ReportQuery(from: SiteDay("2026-11-17")!, to: SiteDay("2026-11-19")!)
        let export = try InterestExport.make(store: ReportFixture.store, query: query, customers: customers, top: 4)
        let byMember = Dictionary(grouping: export.rows, by: \.memberId)
        #expect(Set(byMember.keys) == Set(customers.keys))
        for (member, rows) in byMember {
            #expect(rows.map(\.rank) == Array(1...rows.count), "\(member)")
            #expect(rows.count == 4, "\(member)")
            #expect(Set(rows.map(\.product)).count == rows.count, "\(member): no product twice")
            let own = rows.prefix { $0.source == "interest" }
            #expect(rows.dropFirst(own.count).allSatisfy { $0.source != "interest" && $0.interest == nil })
            #expect(zip(own, own.dropFirst()).allSatisfy { ($0.interest ?? 0) >= ($1.interest ?? 0) })
        }
        #expect(export.rows.contains { $0.source == "interest" })
        #expect(export.rows.contains { $0.source == "popular_in_group" })
        #expect(export.csvText.hasPrefix("member_id,rank,product,interest,source,gender,age_band\r\n"))
    }
}
