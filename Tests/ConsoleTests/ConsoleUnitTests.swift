@testable import Console
import Foundation
import LogAnalytics
import Testing
import TestScratch

/// The console's parts without a server: URL state, presets, users.toml, the login limiter, the cache.
@Suite("Console parts")
struct ConsoleUnitTests {
    @Test func urlStateRoundTripsAndDropsEmptyValues() {
        let query = ConsoleQuery(queryString: "segment=customer&from=2026-11-19&preset=&campaign=%EA%B0%80%EC%9D%84+%ED%96%89%EC%82%AC")
        #expect(query.values == ["segment": "customer", "from": "2026-11-19", "campaign": "가을 행사"])
        #expect(ConsoleQuery(queryString: query.queryString) == query)
        #expect(query.setting("segment", nil).values["segment"] == nil)
        #expect(query.queryString == "campaign=%EA%B0%80%EC%9D%84%20%ED%96%89%EC%82%AC&from=2026-11-19&segment=customer")
    }

    @Test(arguments: [
        ("yesterday", "2026-11-19", "2026-11-19"), ("7d", "2026-11-13", "2026-11-19"), ("30d", "2026-10-21", "2026-11-19"),
        ("this-month", "2026-11-01", "2026-11-19"), ("last-month", "2026-10-01", "2026-10-31"),
    ])
    func presetsAreAnchoredOnTheStoresLastDay(preset: String, from: String, to: String) throws {
        let last = try #require(SiteDay("2026-11-19"))
        let range = try #require(ConsoleQuery.presetRange(preset, storeLast: last))
        #expect(range.from.description == from && range.to.description == to)
    }

    @Test func usersFileRoundTripsAndVerifies() throws {
        var users = ConsoleUsers()
        try users.add(name: "kim.park_1", role: .consultant, password: "correct horse battery")
        let token = try users.newToken(name: "kim.park_1")
        #expect(token.hasPrefix("ff_kim.park_1_") && token.count == "ff_kim.park_1_".count + 64)
        let path = TestScratch.path("footfall-users", suffix: ".toml")
        try users.write(path: path)
        let read = try ConsoleUsers.load(path: path)
        #expect(read.users["kim.park_1"]?.role == .consultant)
        #expect(read.verify(name: "kim.park_1", password: "correct horse battery")?.name == "kim.park_1")
        #expect(read.verify(name: "kim.park_1", password: "wrong") == nil)
        #expect(read.verify(token: token)?.name == "kim.park_1")
        #expect(read.verify(token: token + "0") == nil)
        // bcrypt reads 72 bytes: a token of a long name must still depend on every digit of its secret.
        #expect(read.verify(token: String(token.dropLast()) + (token.hasSuffix("0") ? "1" : "0")) == nil)
        var long = ConsoleUsers()
        let longName = String(repeating: "n", count: 64)
        try long.add(name: longName, role: .viewer, password: "correct horse battery")
        let longToken = try long.newToken(name: longName)
        #expect(long.verify(token: longToken)?.name == longName)
        #expect(long.verify(token: String(longToken.dropLast(8)) + "00000000") == nil)
        #expect(throws: ConsoleUsersError.self) { try users.add(name: "y", role: .viewer, password: String(repeating: "가", count: 25)) }
        #expect(throws: ConsoleUsersError.self) { try users.add(name: "x", role: .viewer, password: "short") }
        #expect(throws: ConsoleUsersError.self) { try users.add(name: "bad name", role: .viewer, password: "long enough password") }
    }

    @Test func failedLoginsAreLimitedPerUserAndAddress() async {
        let limiter = LoginLimiter(limit: 3, window: 60)
        let now = Date()
        for _ in 0..<3 { await limiter.failed(user: "lee", address: "10.0.0.1", now: now) }
        #expect(await limiter.wait(user: "lee", address: "10.0.0.1", now: now) != nil)
        #expect(await limiter.wait(user: "lee", address: "10.0.0.2", now: now) == nil)
        #expect(await limiter.wait(user: "kim", address: "10.0.0.1", now: now) == nil)
        #expect(await limiter.wait(user: "lee", address: "10.0.0.1", now: now.addingTimeInterval(61)) == nil)
    }

    @Test func theCacheIsBoundedByItsSize() async {
        let cache = ReportCache(capacityBytes: 4_000)
        for index in 0..<20 {
            await cache.put(.init(version: "v1", request: "r\(index)", format: "html", language: "en"), .init(text: String(repeating: "x", count: 500), members: []))
        }
        #expect(await cache.count <= 8)
        #expect(await cache.get(.init(version: "v1", request: "r19", format: "html", language: "en")) != nil)
        #expect(await cache.get(.init(version: "v1", request: "r0", format: "html", language: "en")) == nil)
    }
}

