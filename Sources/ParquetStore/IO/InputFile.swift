#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads byte ranges of a file by offset (`pread`), so that column chunks are read independently.
///
/// `pread` does not move a shared file position, so concurrent reads through one `InputFile` are safe.
final class InputFile: Sendable {
    /// The name used in error messages.
    let name: String
    /// The file's size when opened.
    let size: Int64
    private let descriptor: Int32

    /// Opens `path` for reading.
    ///
    /// - Throws: ``ParquetError`` `.io` when the file cannot be opened or is not a regular file (a directory,
    ///   a FIFO, a device).
    /// The corresponding C functions are `open` and `fstat`.
    init(path: String) throws(ParquetError) {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever; it is refused
        // below as not a regular file (for which O_NONBLOCK changes nothing).
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw ParquetError(.io, file: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(fd)
            throw ParquetError(.io, file: path, message: "is not a regular file")
        }
        name = path
        descriptor = fd
        size = Int64(info.st_size)
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// Reads `count` bytes at `offset`.
    ///
    /// - Throws: ``ParquetError`` `.truncated` when the range goes past the end of the file,
    ///   `.io` when the read fails.
    /// - Complexity: O(*n*) in `count`.
    /// The corresponding C function is `pread`.
    func read(at offset: Int64, count: Int, what: @autoclosure () -> String) throws(ParquetError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw ParquetError(
                .truncated, file: name, offset: offset,
                message: "\(what()) (\(count) bytes) runs past the end of the \(size)-byte file")
        }
        var failure: Int32?
        var filled = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while filled < count {
                let result = pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if result == 0 { break }
                filled += result
            }
            if filled < count { buffer.baseAddress.map { ($0 + filled).initialize(repeating: 0, count: count - filled) } }
            initialized = count
        }
        if let failure {
            throw ParquetError(.io, file: name, offset: offset + Int64(filled), message: "read failed: \(String(cString: strerror(failure)))")
        }
        guard filled == count else {
            throw ParquetError(.truncated, file: name, offset: offset + Int64(filled), message: "the file shrank while being read")
        }
        return bytes
    }
}
