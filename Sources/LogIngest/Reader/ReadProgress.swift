import Synchronization

/// Counters of a run's reading, updated by the reading threads and read by a progress display.
///
/// Lock-free: each reading thread adds to the counters once per buffer, not per line.
public final class ReadProgress: Sendable {
    private let compressedBytes = Atomic<Int64>(0)
    private let lineCount = Atomic<Int64>(0)

    /// Creates zeroed counters.
    public init() {}

    /// Bytes read from the input files so far (compressed bytes for gzip files).
    public var bytesRead: Int64 { compressedBytes.load(ordering: .relaxed) }

    /// Lines read so far.
    public var lines: Int64 { lineCount.load(ordering: .relaxed) }

    func addBytes(_ count: Int) {
        compressedBytes.add(Int64(count), ordering: .relaxed)
    }

    func addLines(_ count: Int) {
        lineCount.add(Int64(count), ordering: .relaxed)
    }
}
