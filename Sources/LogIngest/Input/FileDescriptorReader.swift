#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads raw bytes from an open file descriptor into caller-owned buffers.
///
/// Bytes peeked at with ``peek(_:)`` are handed out again by the next reads, so a caller can sniff
/// the first bytes of a pipe (standard input) without losing them.
final class FileDescriptorReader {
    /// The name used in error messages (the path as given, or `-`).
    let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var pushedBack: [UInt8] = []
    /// Bytes handed out so far: the file offset of the next byte returned by ``read(into:)``.
    private(set) var offset: Int64 = 0
    /// Where reads are counted for a progress display.
    var progress: ReadProgress?

    /// Opens `path` for reading, or standard input for `-`.
    ///
    /// - Throws: ``LogIngestError`` with code `.io` naming the file and the system's reason.
    init(path: String) throws(LogIngestError) {
        name = path
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let reason = String(cString: strerror(errno))
            throw LogIngestError(
                .io, file: path, message: "cannot open: \(reason)",
                hint: "Check the path and the file's permissions")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw LogIngestError(
                .io, file: path, message: "is a directory",
                hint: "Pass the log files themselves (a shell glob such as logs/*.gz works)")
        }
        descriptor = fd
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Reads up to `buffer.count` bytes; returns 0 at end of file.
    ///
    /// - Throws: ``LogIngestError`` with code `.io` and the offset of the failed read.
    /// The corresponding C function is `read`.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogIngestError) -> Int {
        guard buffer.count > 0 else { return 0 }
        if !pushedBack.isEmpty {
            let count = min(buffer.count, pushedBack.count)
            pushedBack.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: count)
            }
            pushedBack.removeFirst(count)
            offset += Int64(count)
            return count
        }
        while true {
            let result = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if result >= 0 {
                offset += Int64(result)
                progress?.addBytes(result)
                return result
            }
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            throw LogIngestError(
                .io, file: name, offset: offset, message: "read failed: \(reason)",
                hint: "Check that the file is readable and the disk is healthy")
        }
    }

    /// Returns up to `count` leading bytes without consuming them (fewer only at end of file).
    func peek(_ count: Int) throws(LogIngestError) -> [UInt8] {
        var bytes = pushedBack
        pushedBack = []
        let startOffset = offset - Int64(bytes.count)
        var scratch = [UInt8](repeating: 0, count: count)
        while bytes.count < count {
            let wanted = count - bytes.count
            let got: Int
            do {
                got = try scratch.withUnsafeMutableBytes { raw in
                    try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<wanted]))
                }
            } catch let error as LogIngestError {
                throw error
            } catch {
                throw LogIngestError(.io, file: name, message: "read failed: \(error)")
            }
            if got == 0 { break }
            bytes.append(contentsOf: scratch[0..<got])
        }
        pushedBack = bytes
        offset = startOffset
        return bytes
    }
}
