import CIsal
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The few file-system operations the store's safety rests on, with errors that say what to do.
enum StoreFileSystem {
    static func fail(_ path: String, _ what: String) -> StoreError {
        let reason = String(cString: strerror(errno))
        var hint = "Check that the store folder exists and is writable"
        if errno == ENOSPC { hint = "The disk is full: free space and run again; the store is unchanged" }
        if errno == EACCES || errno == EPERM { hint = "Permission denied: this user may not write there; fix the store's permissions or run as its owner; the store is unchanged" }
        if errno == EROFS { hint = "The file system is mounted read-only; the store is unchanged" }
        return StoreError(path: path, message: "\(what): \(reason)", hint: hint)
    }

    /// Makes a folder (nothing when it exists); a folder made now is flushed into its parent, so that what is later
    /// flushed inside it is not lost with its entry.
    static func makeDirectory(_ path: String) throws(StoreError) {
        CrashPoints.beforeSystemCall("mkdir")
        if mkdir(path, 0o755) != 0 {
            if errno != EEXIST { throw fail(path, "cannot create folder") }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        try sync(parent.isEmpty ? "." : parent)
    }

    /// Makes a hard link (the file is shared, not copied: versions cost no space for unchanged days).
    static func link(_ source: String, _ destination: String) throws(StoreError) {
        CrashPoints.beforeSystemCall("link")
        if Glibc.link(source, destination) != 0 { throw fail(destination, "cannot link \(source)") }
    }

    /// Gives the flushed file `source` the name `destination` only if no file has it (put-if-absent: a
    /// commit is never overwritten), then drops `source`.
    static func linkExclusively(_ source: String, _ destination: String, what: String) throws(StoreError) {
        CrashPoints.beforeSystemCall("link")
        if Glibc.link(source, destination) != 0 {
            if errno == EEXIST {
                throw StoreError(
                    path: destination, message: "\(what): the file exists already (another writer committed it)",
                    hint: "Only footfall ingest may write the store's tables; the store is unchanged, run the ingest again")
            }
            throw fail(destination, what)
        }
        unlink(source)
    }

    /// Flushes a file or folder to disk. The corresponding C function is `fsync`.
    static func sync(_ path: String) throws(StoreError) {
        CrashPoints.beforeSystemCall("fsync")
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(path, "cannot open to flush") }
        defer { close(fd) }
        if fsync(fd) != 0, errno != EINVAL { throw fail(path, "cannot flush to disk") }
    }

    /// Renames `source` to `destination` (atomic within one file system).
    static func rename(_ source: String, _ destination: String, _ what: String) throws(StoreError) {
        CrashPoints.beforeSystemCall("rename")
        if Glibc.rename(source, destination) != 0 { throw fail(destination, what) }
    }

    /// Points `link` at `target` atomically: a new symlink renamed over the old one.
    static func replaceSymlink(_ link: String, target: String) throws(StoreError) {
        let temporary = link + ".new-\(getpid())"
        unlink(temporary)
        CrashPoints.beforeSystemCall("symlink")
        if symlink(target, temporary) != 0 { throw fail(temporary, "cannot create link") }
        CrashPoints.beforeSystemCall("rename")
        if Glibc.rename(temporary, link) != 0 {
            unlink(temporary)
            throw fail(link, "cannot switch to the new version")
        }
    }

    static func remove(_ path: String) {
        CrashPoints.beforeSystemCall("remove")
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The contents of the regular file `path` (a FIFO, device or folder there is refused, never waited on).
    static func readRegularFile(_ path: String) throws(StoreError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw fail(path, "cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(path: path, message: "is not a regular file", hint: "The store is damaged: remove what is there and restore the file from a backup")
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw fail(path, "cannot read")
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// Writes `data` to `path` and flushes it (the file is replaced in place: write to a staging folder, or use
    /// ``writeAtomically(_:to:mode:)``).
    static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws(StoreError) {
        CrashPoints.beforeSystemCall("write")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw fail(path, "cannot create file") }
        defer { close(fd) }
        fchmod(fd, mode)
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if written != data.count {
            if written >= 0 { errno = ENOSPC }  // a short write: the disk filled up
            throw fail(path, "cannot write file")
        }
        if fsync(fd) != 0 { throw fail(path, "cannot flush file") }
    }

    /// Replaces `path` with a file holding `data`, atomically: written beside it, flushed, renamed over it.
    static func writeAtomically(_ data: Data, to path: String, mode: mode_t = 0o644) throws(StoreError) {
        let temporary = path + ".new-\(getpid())"
        do {
            try write(data, to: temporary, mode: mode)
            try rename(temporary, path, "cannot replace the file")
        } catch {
            unlink(temporary)
            throw error
        }
        try sync((path as NSString).deletingLastPathComponent)
    }

    /// The size of the regular file `path` in bytes; an error naming what is there otherwise.
    static func regularFileSize(_ path: String) throws(StoreError) -> Int64 {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT {
                throw StoreFileChecks.damaged(path, "is missing")
            }
            throw fail(path, "cannot read")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw StoreFileChecks.damaged(path, "is not a regular file") }
        return Int64(status.st_size)
    }

    /// The size of file `path` in bytes (one `stat`).
    static func size(of path: String) throws(StoreError) -> Int64 {
        var status = stat()
        guard stat(path, &status) == 0 else { throw fail(path, "cannot read source file") }
        return Int64(status.st_size)
    }

    /// CRC-32 (zlib's and gzip's, computed by ISA-L) of the first `count` bytes of a file, read in 1 MiB
    /// blocks, as 8 hex digits.
    ///
    /// - Throws: ``StoreError`` when the file cannot be read or is shorter than `count`.
    static func checksum(_ path: String, firstBytes count: Int64) throws(StoreError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(path, "cannot read source file") }
        defer { close(fd) }
        var crc: UInt32 = 0
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while size < count {
            let read = Glibc.read(fd, buffer.baseAddress, Int(min(Int64(buffer.count), count - size)))
            if read < 0 { throw fail(path, "cannot read source file") }
            if read == 0 { throw fail(path, "the source file became shorter while it was read") }
            crc = crc32_gzip_refl(crc, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(read))
            size += Int64(read)
        }
        let hex = String(crc, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
