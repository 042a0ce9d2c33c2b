import Foundation
import LogIngest

#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on standard error, shown only when it is a terminal: bytes read of the
/// total, lines per second and the time left.
final class ProgressLine: @unchecked Sendable {
    /// Seconds between refreshes.
    static let interval = 0.5

    private let progress: ReadProgress
    private let totalBytes: Int64
    private let started = Date()
    private let condition = NSCondition()
    private var stopped = false
    private var thread: Thread?

    /// Starts the display for `files` when standard error is a terminal; the counters are `progress`.
    init(progress: ReadProgress, files: [String]) {
        self.progress = progress
        totalBytes = files.reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0)
        }
        guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["CI"] == nil else { return }
        let thread = Thread { [self] in run() }
        self.thread = thread
        thread.start()
    }

    private func run() {
        condition.lock()
        while !stopped {
            _ = condition.wait(until: Date().addingTimeInterval(Self.interval))
            if stopped { break }
            draw()
        }
        condition.unlock()
    }

    private func draw() {
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let bytes = progress.bytesRead
        let lines = progress.lines
        var text = "\r  \(bytes / 1_000_000) MB"
        if totalBytes > 0 { text += " of \(totalBytes / 1_000_000) MB (\(bytes * 100 / totalBytes) %)" }
        text += ", \(String(format: "%.2f", Double(lines) / elapsed / 1e6)) M lines/s"
        if totalBytes > 0, bytes > 0 {
            let left = Double(totalBytes - bytes) / (Double(bytes) / elapsed)
            text += ", ETA \(Int(left) / 60):" + String(format: "%02d", Int(left) % 60)
        }
        text += "   "
        printRaw(text)
    }

    /// Stops the display and clears its line.
    func finish() {
        condition.lock()
        let wasShown = thread != nil && !stopped
        stopped = true
        condition.broadcast()
        condition.unlock()
        if wasShown { printRaw("\r" + String(repeating: " ", count: 78) + "\r") }
    }

    private func printRaw(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
