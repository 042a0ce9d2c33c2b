import LogAnalytics
import SiteConfig
import Testing

@Suite("Catalogs, clock and addresses")
struct CatalogAndClockTests {
    /// Day keys are always `YYYY-MM-DD` (issue 18.1: year 1 was written `1-01-01`); only that shape parses.
    @Test func dayKeysHaveFourDigitYears() throws {
        #expect(SiteDay(daysSinceEpoch: -719_162).description == "0001-01-01")
        #expect(SiteDay(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(SiteDay("0001-01-01")?.daysSinceEpoch == -719_162)
        for text in ["1-01-01", "+001-01-01", "2026-1-017", "2026-02-31", "2026-11-1x", "10000-01-01"] {
            #expect(SiteDay(text) == nil, "\(text)")
        }
    }

    @Test func theSampleCatalogLoads() throws {
        let config = try SiteConfiguration.load(path: SessionFixtureLocation.sampleConfig)
        let catalog = try SiteCatalog.load(for: config)
        #expect(catalog.customers.count > 100)
        #expect(catalog.products["LI001"]?.category == "보험")
        #expect(catalog.campaignCosts["BN_AUTUMN01"]?.cost == 3_500_000)
        #expect(catalog.customers.values.contains { $0.insured })
    }

    @Test(arguments: [
        ("member_id,grade,insured\nM1,gold,Y\n", 2, "grade", "expected one of"),
        ("member_id,grade,insured\nM1,vip,maybe\n", 2, "insured", "expected Y or N"),
        ("member_id,grade,insured\nM1,vip,Y\nM2,vip\n", 3, nil, "expected 3 fields"),
        ("member_id,grade\nM1,vip\n", 1, "insured", "missing column"),
        ("member_id,grade,insured,joined\nM1,vip,Y,17/11/2026\n", 2, "joined", "ISO date"),
        ("member_id,grade,insured,birth_year\nM1,vip,Y,eighty\n", 2, "birth_year", "year"),
        ("member_id,grade,insured\nM1,vip,Y\nM1,vip,N\n", 3, "member_id", "twice"),
    ] as [(String, Int, String?, String)])
    func badCustomerCSVNamesFileLineAndColumn(text: String, line: Int, column: String?, mentions: String) throws {
        let error = try #require(throws: ConfigError.self) { try SiteCatalog.parseCustomers(text, file: "customers.csv") }
        #expect(error.file == "customers.csv")
        #expect(error.line == line)
        if let column { #expect(error.key == column) }
        #expect(error.description.contains(mentions))
    }

    @Test func koreanGradesAndTrimmedInsuredAreAccepted() throws {
        let customers = try SiteCatalog.parseCustomers("member_id,grade,insured\nM1,우수, y \nM2,휴면,N\n", file: "c.csv")
        #expect(customers["M1"]?.grade == .vip)
        #expect(customers["M1"]?.insured == true)
        #expect(customers["M2"]?.grade == .dormant)
    }

    /// Issue 18.12 and 18.18: numbers in CSV are plain digits (Swift read `0x10` as 16, `inf` and `1e308` as
    /// numbers), dates exist, and line numbers count the line breaks inside quoted fields.
    @Test(arguments: ["0x10", "inf", "nan", "1e308", "-1", "+5", "1,5", "12.", ".5", "10000000000000000"])
    func campaignCostsAreAmountsInPlainDigits(_ cost: String) throws {
        let error = try #require(throws: ConfigError.self) {
            try SiteCatalog.parseCampaignCosts("campaign,cost\nBN1,\"\(cost)\"\n", file: "k.csv")
        }
        #expect(error.line == 2 && error.key == "cost", "\(error)")
    }

    @Test func plainAmountsAndCountsAreRead() throws {
        let costs = try SiteCatalog.parseCampaignCosts("campaign,cost,sent\nBN1,1500000,\nEM1,99.5,12000\n", file: "k.csv")
        #expect(costs["BN1"]?.cost == 1_500_000)
        #expect(costs["EM1"]?.cost == 99.5)
        #expect(costs["EM1"]?.sent == 12_000)
        #expect(throws: ConfigError.self) { try SiteCatalog.parseCampaignCosts("campaign,cost,sent\nEM1,1,+5\n", file: "k.csv") }
    }

    @Test(arguments: ["2026-02-31", "2026-04-31", "2025-02-29", "2026-13-01", "2026-1-01", "+026-01-01"])
    func datesThatDoNotExistAreRefused(_ date: String) throws {
        let text = "member_id,grade,insured,maturity_date\nM1,vip,Y,\(date)\n"
        let error = try #require(throws: ConfigError.self) { try SiteCatalog.parseCustomers(text, file: "c.csv") }
        #expect(error.line == 2 && error.key == "maturity_date")
    }

    @Test func lineNumbersCountLineBreaksInsideQuotedFields() throws {
        let text = "member_id,grade,insured,occupation\nM1,vip,Y,\"회사원\n(본사)\"\nM2,vip,Y,\"a\r\nb\nc\"\nM3,VIPP,Y,x\n"
        let error = try #require(throws: ConfigError.self) { try SiteCatalog.parseCustomers(text, file: "c.csv") }
        // M1 starts on line 2 and takes 2 lines, M2 on 4 and takes 3, so M3 is on line 7.
        #expect(error.line == 7, "\(error)")
        #expect(error.key == "grade")
    }

    /// The catalogue's own RFC 4180 reader (it replaced CSV.swift, 13 s for a million customers): quotes,
    /// doubled quotes, commas and line breaks in quotes, CRLF, a byte order mark, a last line without a break.
    @Test func csvRecordsAreReadAsRFC4180Says() throws {
        let text = "\u{FEFF}code,name,category\r\nA1,\"무배당, 종신\"\"보험\"\"\",보험\r\n\r\nB2 , \"두 줄\n이름\" ,대출"
        let products = try SiteCatalog.parseProducts(text, file: "p.csv")
        #expect(products["A1"]?.name == "무배당, 종신\"보험\"")
        #expect(products["B2"]?.name == "두 줄\n이름")
        #expect(products["B2"]?.category == "대출")
        let unclosed = try #require(throws: ConfigError.self) { try SiteCatalog.parseProducts("code,name\nA1,\"open\n", file: "p.csv") }
        #expect(unclosed.line == 2)
        let trailing = try #require(throws: ConfigError.self) { try SiteCatalog.parseProducts("code,name\nA1,\"x\"y\n", file: "p.csv") }
        #expect(trailing.description.contains("closing quote"))
    }

    @Test func badProductAndCampaignCSV() throws {
        #expect(throws: ConfigError.self) { try SiteCatalog.parseProducts("code,name\n,무배당\n", file: "p.csv") }
        let error = try #require(throws: ConfigError.self) { try SiteCatalog.parseCampaignCosts("campaign,cost\nBN1,lots\n", file: "k.csv") }
        #expect(error.line == 2)
        #expect(error.key == "cost")
    }

    @Test(arguments: [
        ("Asia/Seoul", Int64(1_794_874_530), "2026-11-17"),  // 00:15:30 UTC = 09:15:30 KST
        ("Asia/Seoul", 1_794_841_200, "2026-11-17"),  // 15:00 UTC on the 16th = 00:00 KST on the 17th
        ("Asia/Seoul", 1_794_841_199, "2026-11-16"),
        ("+09:00", 1_794_841_200, "2026-11-17"),
        ("-0500", 1_794_841_200, "2026-11-16"),
        ("America/New_York", 1_794_841_200, "2026-11-16"),
    ])
    func siteDays(zone: String, utc: Int64, day: String) throws {
        var clock = try SiteClock(timezone: zone)
        #expect(clock.day(atUTC: utc, written: 0).description == day)
    }

    @Test func daylightSavingTimeChangesTheOffset() throws {
        var clock = try SiteClock(timezone: "Europe/Berlin")
        // 2026-03-29 01:00 UTC: clocks go from +01:00 to +02:00.
        #expect(clock.offset(atUTC: 1_774_745_999, written: 0) == 3600)
        #expect(clock.offset(atUTC: 1_774_746_000, written: 0) == 7200)
    }

    @Test func withoutATimeZoneTheWrittenOffsetRules() throws {
        var clock = try SiteClock(timezone: nil)
        #expect(clock.offset(atUTC: 0, written: -18_000) == -18_000)
        #expect(throws: AnalyticsError.self) { try SiteClock(timezone: "Mars/Olympus") }
    }

    @Test(arguments: [
        ("192.0.2.77", "192.0.2.0"), ("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", "2001:db8:aaaa::"), ("::1", "::"),
        ("fe80::1%eth0", "fe80::"), ("pc12.dialup.example.net", "*.dialup.example.net"), ("localhost", "*"),
        // Issue 18.6: ports, X-Forwarded-For lists and IPv4-mapped IPv6 addresses.
        ("198.51.100.200:5555", "198.51.100.0"), ("[2001:db8::1]:443", "2001:db8::"), ("[::ffff:192.0.2.9]:80", "::ffff:192.0.2.0"),
        ("192.0.2.123,10.1.2.3", "192.0.2.0,10.1.2.0"), ("192.0.2.123, 10.1.2.3", "192.0.2.0,10.1.2.0"),
        ("203.0.113.5:1234, 2001:db8:1:2:3:4:5:6", "203.0.113.0,2001:db8:1::"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.0"), ("::ffff:198.51.100.77", "::ffff:198.51.100.0"),
        ("unknown, 192.0.2.5", "*,192.0.2.0"), ("<script>", "*"), ("", "*"),
    ])
    func addressesAreMasked(client: String, masked: String) {
        #expect(IPAnonymizer.anonymize(client) == masked)
    }

    /// Four clients behind IPv4-mapped addresses stay four /24 networks, not one `::`.
    @Test func mappedClientsStayApart() {
        let masked = Set(["::ffff:192.0.2.1", "::ffff:198.51.100.1", "::ffff:203.0.113.1", "::ffff:10.0.0.1"].map(IPAnonymizer.anonymize))
        #expect(masked.count == 4)
    }

    @Test func aDamagedHistoryFileIsReported() {
        #expect(throws: AnalyticsError.self) { try InMemoryVisitorHistory(parsing: "garbage", file: "h.tsv") }
    }
}

enum SessionFixtureLocation {
    static let sampleConfig = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleLogs/site.toml").path
}

import Foundation
