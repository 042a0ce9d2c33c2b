import Foundation
import Testing

/// Gives each test its own temporary directory, removed when the test ends, so that the tests
/// leave no Parquet files behind. ``TestFiles/temporaryPath(_:)`` creates its files there.
struct TemporaryFiles: TestTrait, SuiteTrait, TestScoping {
    /// The current test's directory, when the test runs inside this trait's scope.
    @TaskLocal static var directory: URL?

    var isRecursive: Bool { true }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("footfall-parquet-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.$directory.withValue(directory) { try await function() }
    }
}

extension Trait where Self == TemporaryFiles {
    /// Files made by the test go to a directory that is removed afterwards.
    static var temporaryFiles: Self { Self() }
}
