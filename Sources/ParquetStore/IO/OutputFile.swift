#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes bytes sequentially to a file descriptor and counts them, so that the writer knows the
/// file offset of every page it writes.
final class OutputFile {
    /// The name used in error messages.
    let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var isOpen = true
    /// Bytes written so far: the offset of the next byte.
    private(set) var position: Int64 = 0
    /// CRC-32 of the bytes written so far.
    private(set) var checksum: UInt32 = 0

    /// Creates (or truncates) `path` for writing, with mode 0644.
    ///
    /// - Throws: ``ParquetError`` `.io` with the system's reason.
    /// The corresponding C function is `open`.
    init(path: String) throws(ParquetError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ParquetError(.io, file: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        name = path
        descriptor = fd
        ownsDescriptor = true
    }

    /// Writes to an open descriptor, which must be at the start of an empty file (or a pipe).
    /// The caller keeps ownership: ``close(synchronize:)`` does not close it.
    ///
    /// - Throws: ``ParquetError`` `.invalidArgument` when the descriptor is positioned past 0.
    init(descriptor: Int32, name: String) throws(ParquetError) {
        let offset = lseek(descriptor, 0, SEEK_CUR)
        guard offset <= 0 else {
            throw ParquetError(
                .invalidArgument, file: name, offset: Int64(offset),
                message: "the file descriptor must be at offset 0, since Parquet offsets count from the file's start")
        }
        self.name = name
        self.descriptor = descriptor
        ownsDescriptor = false
    }

    deinit {
        if ownsDescriptor, isOpen { Glibc.close(descriptor) }
    }

    /// Writes all of `bytes`, retrying short writes and interruptions.
    ///
    /// - Throws: ``ParquetError`` `.io` with the offset and the system's reason (a full disk is `ENOSPC`).
    /// The corresponding C function is `write`.
    func write(_ bytes: [UInt8]) throws(ParquetError) {
        var written = 0
        var failure: Int32?
        bytes.withUnsafeBytes { raw in
            checksum = CRC32.update(checksum, raw)
            while written < raw.count {
                let result = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += result
            }
        }
        position += Int64(written)
        if let failure {
            throw ParquetError(.io, file: name, offset: position, message: "write failed: \(String(cString: strerror(failure)))")
        }
    }

    /// Optionally flushes the file to stable storage, then closes it if this object opened it.
    ///
    /// - Throws: ``ParquetError`` `.io` when `fsync` or `close` fails (data may not be on disk).
    /// The corresponding C functions are `fsync` and `close`.
    func close(synchronize: Bool) throws(ParquetError) {
        guard isOpen else { return }
        isOpen = false
        if synchronize, fsync(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            if ownsDescriptor { Glibc.close(descriptor) }
            throw ParquetError(.io, file: name, message: "fsync failed: \(reason)")
        }
        if ownsDescriptor, Glibc.close(descriptor) != 0 {
            throw ParquetError(.io, file: name, message: "close failed: \(String(cString: strerror(errno)))")
        }
    }
}
