import Foundation
@testable import FootfallStore
import LogAnalytics
import ParquetStore
import Testing
import TestScratch

/// The store's visitor history: columns sorted by key bytes, found by binary search, and written as a
/// streamed merge of the stored rows with a run's updates.
@Suite("Stored visitor history")
struct StoredVisitorHistoryTests {
    static let key = VisitorIdentity.FingerprintKey(first: 1, second: 2)
    static func day(_ text: String) -> SiteDay { SiteDay(text)! }

    /// Writes `updates` merged into `history` to a new file and reads it back.
    static func roundTrip(
        _ history: StoredVisitorHistory, _ updates: [String: VisitorHistoryEntry], numbers: inout VisitorNumbers
    ) throws -> (StoredVisitorHistory, Int) {
        let path = TestScratch.path("footfall-history", suffix: ".parquet")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, schema: StoreSchemas.history, options: StoreTable.writerOptions)
        let written = try history.write(merging: VisitorHistoryUpdates(updates), numbers: &numbers, to: writer)
        _ = try writer.close()
        return (try StoredVisitorHistory(path: path, fingerprintKey: key), written)
    }

    @Test func mergesRunsAndKeepsNumbers() throws {
        var numbers = VisitorNumbers()
        // Night 1: three keys, one of them non-ASCII (byte order differs from String order for some keys).
        let night1: [String: VisitorHistoryEntry] = [
            "b-key": VisitorHistoryEntry(firstSeen: Self.day("2026-10-01"), lastSeen: Self.day("2026-10-01"), lastMemberId: nil),
            "a-key": VisitorHistoryEntry(firstSeen: Self.day("2026-10-01"), lastSeen: Self.day("2026-10-01"), lastMemberId: "M1"),
            "é-key": VisitorHistoryEntry(firstSeen: Self.day("2026-10-01"), lastSeen: Self.day("2026-10-01"), lastMemberId: nil),
        ]
        for key in ["b-key", "a-key"] { _ = numbers.number(for: key) }  // keys with visits get numbers while the run writes
        let (first, count1) = try Self.roundTrip(StoredVisitorHistory(fingerprintKey: Self.key), night1, numbers: &numbers)
        #expect(count1 == 3 && first.count == 3)
        #expect(first.entry(for: "a-key")?.lastMemberId == "M1")
        #expect(first.entry(for: "é-key") != nil)
        #expect(first.entry(for: "c-key") == nil)
        #expect(first.entry(for: "a-key", before: Self.day("2026-10-01")) == nil)  // first seen that day
        #expect(first.number(for: "b-key") == 0 && first.number(for: "a-key") == 1 && first.number(for: "é-key") == 2)

        // Night 2: one known key returns with a new member, one new key.
        var next = VisitorNumbers(stored: first)
        #expect(next.number(for: "a-key") == 1)
        #expect(next.number(for: "c-key") == 3)
        let night2: [String: VisitorHistoryEntry] = [
            "a-key": VisitorHistoryEntry(firstSeen: Self.day("2026-10-02"), lastSeen: Self.day("2026-10-02"), lastMemberId: "M2"),
            "c-key": VisitorHistoryEntry(firstSeen: Self.day("2026-10-02"), lastSeen: Self.day("2026-10-02"), lastMemberId: nil),
        ]
        let (second, count2) = try Self.roundTrip(first, night2, numbers: &next)
        #expect(count2 == 4)
        let a = try #require(second.entry(for: "a-key"))
        #expect(a.firstSeen == Self.day("2026-10-01") && a.lastSeen == Self.day("2026-10-02"))
        #expect(a.lastMemberId == "M2" && a.previousMemberId == "M1")
        #expect(second.entry(for: "a-key", before: Self.day("2026-10-02"))?.lastMemberId == "M1")
        #expect(["a-key", "b-key", "c-key", "é-key"].map { second.number(for: $0) } == [1, 0, 3, 2])
        #expect(second.nextNumber == 4)
    }

    /// Stores before schema 4 sorted the history as Swift strings; reading re-sorts by bytes when needed.
    @Test func anUnsortedFileIsSortedOnReading() throws {
        let path = TestScratch.path("footfall-history", suffix: ".parquet")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let keys = ["zeta", "alpha", "Mu", "베타", "beta"]
        let writer = try ParquetFileWriter(path: path, schema: StoreSchemas.history, options: StoreTable.writerOptions)
        try writer.append([
            .string(keys), .int32(keys.map { _ in 20_000 }), .int32(keys.map { _ in 20_001 }), .string(keys.map { "M-" + $0 }),
            .int32(keys.map { _ in 20_001 }), .string(keys.map { _ in nil }), .int32(keys.map { _ in nil }), .int32([0, 1, 2, 3, 4]),
        ])
        _ = try writer.close()
        let history = try StoredVisitorHistory(path: path, fingerprintKey: Self.key)
        for (number, key) in keys.enumerated() {
            #expect(history.number(for: key) == Int32(number), "\(key)")
            #expect(history.entry(for: key)?.lastMemberId == "M-" + key)
        }
        #expect(history.number(for: "gamma") == nil)
    }
}
