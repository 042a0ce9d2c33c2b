import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Files that hold personal data (member ids, visitor cookies): written next to their place and renamed into
/// it, so a crash leaves the old file, and created readable by their owner only (mode 0600) whatever the umask.
enum PrivateFile {
    /// Writes `bytes` to `path` with mode 0600; `what` names the content in messages ("the audience").
    static func write(_ bytes: [UInt8], to path: String, what: String) throws {
        // A name of this run's own (pid and a random suffix), created exclusively: nothing of someone else's is
        // written over or removed.
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CommandFailure(message: "\(temporary): cannot create (\(String(cString: strerror(errno))))", exitCode: 2) }
        func fail(_ message: String) -> CommandFailure {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return CommandFailure(message: "\(message) (\(reason))", exitCode: 2)
        }
        fchmod(fd, 0o600)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                close(fd)
                throw fail("\(temporary): cannot write \(what)")
            }
            written += count
        }
        guard fsync(fd) == 0 else {
            close(fd)
            throw fail("\(temporary): cannot write \(what) to disk")
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw fail("\(path): cannot replace it with \(what)") }
    }
}
