import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A test hook for the crash-safety tests: with `FOOTFALL_TEST_KILL_AT=N` in the environment, the process
/// kills itself (SIGKILL, as `kill -9` would) just before the N-th file-system call the store makes after
/// ``startCounting()`` (mkdir, write, link, fsync, rename, symlink, remove), so that a test can stop an ingest at
/// every step of its publication in turn (a number past the last call lets the ingest finish). Unset, the hook
/// costs one load per call and does nothing.
public enum CrashPoints {
    /// The call to stop before, from the environment (nil: never).
    private static let killAt: Int? = ProcessInfo.processInfo.environment["FOOTFALL_TEST_KILL_AT"].flatMap { Int($0) }

    private nonisolated(unsafe) static var counting = false
    private nonisolated(unsafe) static var calls = 0

    /// Starts counting calls (the publication's first step). Called on the thread that publishes.
    static func startCounting() {
        counting = killAt != nil
        calls = 0
    }

    /// Counts a call about to be made, and kills the process if it is the chosen one.
    @inline(__always)
    static func beforeSystemCall(_ name: StaticString) {
        guard counting, let killAt else { return }
        calls += 1
        if calls == killAt {
            kill(getpid(), SIGKILL)
        }
    }
}
