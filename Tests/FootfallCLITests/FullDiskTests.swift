import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A full disk during an ingest: a clear message, exit code 2, and the store exactly as it was.
/// Runs on a small tmpfs, which needs root (as on the project's machines and CI).
@Suite("Ingest on a full disk", .serialized)
struct FullDiskTests {
    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("footfall-mount-probe-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard mount("tmpfs", probe, "tmpfs", 0, "size=64k") == 0 else { return false }
        umount(probe)
        return true
    }()

    @Test(.enabled(if: canMount))
    func aFullDiskLeavesTheStoreAsItWas() throws {
        let disk = FileManager.default.temporaryDirectory.appendingPathComponent("footfall-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        // Room for one day of the sample (about 250 KB), not for three more.
        #expect(mount("tmpfs", disk, "tmpfs", 0, "size=800k") == 0)
        defer {
            umount(disk)
            try? FileManager.default.removeItem(atPath: disk)
        }
        let store = disk + "/store"
        let config = IngestCrashTests.config
        let first = try CommandRunner.footfall(["ingest", "--config", config, "--store", store] + (try IngestCrashTests.sampleLogs("2026-11-17")))
        #expect(first.exitCode == 0)
        let before = try #require(try IngestCrashTests.checkedSnapshot(store))
        let manifestBefore = try Data(contentsOf: URL(fileURLWithPath: store + "/_footfall/versions/v000001.json"))

        let failed = try CommandRunner.footfall(["ingest", "--config", config, "--store", store] + (try IngestCrashTests.sampleLogs()))
        #expect(failed.exitCode == 2)
        #expect(failed.standardError.contains("disk is full"))
        #expect(failed.standardError.contains("unchanged"))
        #expect(try IngestCrashTests.checkedSnapshot(store) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: store + "/_footfall/versions/v000001.json")) == manifestBefore)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/_footfall/versions") == ["v000001.json"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store + "/_footfall").filter { $0.hasPrefix("staging") }
        #expect(leftovers.isEmpty)
    }
}
