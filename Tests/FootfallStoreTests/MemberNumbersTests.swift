import Foundation
@testable import FootfallStore
import ParquetStore
import Testing
import TestScratch

/// The store's member numbers (`history/members.parquet`): given once per member id, kept over runs,
/// found by binary search; and the `member_no` column of `visits` that carries them.
@Suite("Member numbers")
struct MemberNumbersTests {
    /// Writes `stored` with the run's `numbers` added to a new file and reads it back.
    static func roundTrip(_ stored: StoredMemberNumbers, _ numbers: MemberNumbers) throws -> (StoredMemberNumbers, Int) {
        let path = TestScratch.path("footfall-members", suffix: ".parquet")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, schema: StoredMemberNumbers.schema, options: StoreTable.writerOptions)
        let written = try stored.write(adding: numbers.fresh, to: writer, sliceRows: 2)
        _ = try writer.close()
        return (try StoredMemberNumbers(path: path), written)
    }

    @Test func numbersAreGivenOnceAndKeptOverRuns() throws {
        var night1 = MemberNumbers()
        for member in ["M2", "M1", "회원-7", "M2"] { _ = night1.number(for: member) }
        #expect(night1.next == 3 && night1.existingNumber(for: "M2") == 0)
        let (first, count1) = try Self.roundTrip(StoredMemberNumbers(), night1)
        #expect(count1 == 3 && first.count == 3)
        #expect(first.number(for: "M2") == 0 && first.number(for: "M1") == 1 && first.number(for: "회원-7") == 2)
        #expect(first.number(for: "M3") == nil)

        // Night 2 meets a known member and two new ones: the known keeps its number, the new continue the count.
        var night2 = MemberNumbers(stored: first)
        #expect(night2.number(for: "M1") == 1)
        #expect(night2.number(for: "M0") == 3 && night2.number(for: "Z9") == 4)
        #expect(night2.fresh.count == 2)
        let (second, count2) = try Self.roundTrip(first, night2)
        #expect(count2 == 5)
        #expect(["M0", "M1", "M2", "Z9", "회원-7"].map { second.number(for: $0) } == [3, 1, 0, 4, 2])
        #expect(second.nextNumber == 5)
    }

    /// Numbers asked for by run number (the sessions' dense visitor numbers) agree with those asked for
    /// by key: the stored key keeps its number, a new key gets the next one once, and a key numbered by
    /// run number has the same number when later looked up by itself.
    @Test func numbersByRunNumberAgreeWithNumbersByKey() throws {
        var night1 = MemberNumbers()
        for member in ["M2", "M1"] { _ = night1.number(for: member) }
        let (stored, _) = try Self.roundTrip(StoredMemberNumbers(), night1)
        var numbers = MemberNumbers(stored: stored)
        #expect(numbers.number(for: "M9", runNumber: 0) == 2)
        #expect(numbers.number(for: "M1", runNumber: 1) == 1)
        #expect(numbers.number(for: "M9", runNumber: 0) == 2)
        #expect(numbers.number(for: "M8", runNumber: 5) == 3)
        #expect(numbers.number(forRunNumber: 5) == 3 && numbers.number(forRunNumber: 4) == nil)
        #expect(numbers.number(forRunNumber: 9) == nil && numbers.number(forRunNumber: -1) == nil)
        #expect(numbers.existingNumber(for: "M8") == 3 && numbers.existingNumber(for: "M7") == nil)
        #expect(numbers.number(for: "M9") == 2)
        #expect(numbers.number(for: "M7") == 4)
        #expect(numbers.fresh == ["M9": 2, "M8": 3, "M7": 4])
        #expect(numbers.number(for: "M7", runNumber: 6) == 4)
        #expect(numbers.next == 5)
    }

    @Test func anUnsortedFileIsRefused() throws {
        let path = TestScratch.path("footfall-members", suffix: ".parquet")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, schema: StoredMemberNumbers.schema, options: StoreTable.writerOptions)
        try writer.append([.string(["M2", "M1"]), .int32([0, 1])])
        _ = try writer.close()
        let error = try #require(throws: StoreError.self) { try StoredMemberNumbers(path: path) }
        #expect(error.path == path)
    }

    /// Over two ingests of the sample, every member id has one number and every number one member id;
    /// numbers given by the first ingest are kept by the second.
    @Test func visitsCarryOneNumberPerMember() throws {
        let root = StoreFixture.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = try StoreFixture.sampleLogs()
        _ = try StoreFixture.ingest(Array(files.prefix(1)), into: root)
        let before = try Store(root: root).memberNumbers()
        _ = try StoreFixture.ingest(files, into: root)
        let store = Store(root: root)
        let after = try store.memberNumbers()
        #expect(before.count > 0 && after.count >= before.count)
        var pairs: Set<String> = [], ids: Set<String> = [], numbers: Set<Int32> = []
        for day in try #require(try store.manifest()).days.keys {
            let reader = try #require(try store.openDayFile(.visits, day: day))
            guard case .string(let members) = try reader.readColumn("member_id"), case .int32(let memberNumbers) = try reader.readColumn("member_no") else {
                Issue.record("unexpected column types")
                return
            }
            for (member, number) in zip(members, memberNumbers) {
                #expect((member == nil) == (number == nil))
                guard let member, let number else { continue }
                #expect(after.number(for: member) == number)
                if let kept = before.number(for: member) { #expect(kept == number, "a number given by the first ingest is kept") }
                pairs.insert("\(member)\t\(number)")
                ids.insert(member)
                numbers.insert(number)
            }
        }
        #expect(!ids.isEmpty && pairs.count == ids.count && pairs.count == numbers.count)
    }

    /// A published version without its member numbers is damaged: numbering afresh would give new members
    /// the numbers of members already in the store's days, so the store refuses instead.
    @Test func aMissingMemberNumbersFileIsAnError() throws {
        let root = StoreFixture.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try StoreFixture.ingest(Array(try StoreFixture.sampleLogs().prefix(1)), into: root)
        let store = Store(root: root)
        let path = try #require(try store.physicalPath("members/members.parquet"))
        try FileManager.default.removeItem(atPath: path)
        let error = try #require(throws: StoreError.self) { try store.memberNumbers() }
        #expect(error.path == path && error.message.contains("missing"))
    }
}
