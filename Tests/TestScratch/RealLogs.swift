public import Foundation

/// Where the tests find the real access logs: the copies bundled in `Tests/Fixtures/real-logs/` (the sets
/// whose licences allow it), else `../shared/real-logs/` beside the repository or
/// `$FOOTFALL_SHARED/real-logs/` (every set, the unlicensed ones included).
///
/// Tests of a set that is only in the shared folder take the ``sharedOnly(_:)`` trait condition, so that a
/// fresh clone without `shared/` skips them with the reason instead of failing.
public enum RealLogs {
    /// The repository root, found from this file's path.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/real-logs/` in the repository.
    public static let bundledFolder: URL = repositoryRoot.appendingPathComponent("Tests/Fixtures/real-logs")

    /// `$FOOTFALL_SHARED/real-logs/`, else `../shared/real-logs/` beside the repository.
    public static let sharedFolder: URL = {
        if let shared = ProcessInfo.processInfo.environment["FOOTFALL_SHARED"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent("real-logs")
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/real-logs")
    }()

    /// Whether the shared folder is there (it holds the sets that may not be bundled).
    public static var sharedIsPresent: Bool {
        FileManager.default.fileExists(atPath: sharedFolder.path)
    }

    /// The bundled copy of `relative` (a path under `real-logs/`): the file itself or its gzipped copy
    /// `relative.gz`; nil when the set is not bundled.
    public static func bundledPath(_ relative: String) -> String? {
        for candidate in [relative, relative + ".gz"] {
            let path = bundledFolder.appendingPathComponent(candidate).path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// The path of the real log `relative`: the bundled copy when there is one, else the shared file
    /// (which may be absent: check ``isAvailable(_:)`` in the test's traits).
    public static func path(_ relative: String) -> String {
        bundledPath(relative) ?? sharedFolder.appendingPathComponent(relative).path
    }

    /// Whether `relative` can be read, bundled or shared.
    public static func isAvailable(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }

    /// The reason a test of a shared-only set gives when it is skipped.
    public static func skipReason(_ relative: String) -> String {
        "\(relative) is not bundled (its licence does not allow it): it is read from \(sharedFolder.path), "
            + "which is absent; clone beside shared/ or set FOOTFALL_SHARED to run this test"
    }
}
