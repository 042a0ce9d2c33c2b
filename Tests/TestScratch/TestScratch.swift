public import Foundation

/// The folder for the files a test process makes (logs, configs, stores), removed when the process
/// exits, so that the tests leave nothing in the system's temporary folder.
///
/// One folder per process (`footfall-tests-PID`), made on first use. A test that crashes the process
/// leaves its folder behind; the next run's folder has another name.
public enum TestScratch {
    /// The folder, created on first use; removed at exit.
    public static let folder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("footfall-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestScratch.folder) }
        return folder
    }()

    /// A new path in ``folder``: `prefix-UUID` followed by `suffix`. Nothing is created.
    public static func path(_ prefix: String, suffix: String = "") -> String {
        folder.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)").path
    }
}
