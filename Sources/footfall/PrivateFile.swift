import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Files that hold personal data (member ids, visitor cookies): written next to their place and renamed into
/// it, so a crash leaves the old file, and created readable by their owner only (mode 0600) whatever the umask.
enum PrivateFile {
    /// Writes `bytes` to `path` with mode 0600; `what` names the content in messages ("the audience").
    static func write(_ bytes: [UInt8], to path: String, what: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        do {
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw CommandFailure(message: "\(temporary): cannot create (\(String(cString: strerror(errno))))", exitCode: 2) }
            fchmod(fd, 0o600)
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            let synced = fsync(fd) == 0
            close(fd)
            guard written == bytes.count, synced else {
                throw CommandFailure(message: "\(temporary): cannot write \(what) (\(String(cString: strerror(errno))))", exitCode: 2)
            }
            if rename(temporary, path) != 0 {
                throw CommandFailure(message: "\(path): cannot replace it with \(what) (\(String(cString: strerror(errno))))", exitCode: 2)
            }
        } catch let failure as CommandFailure {
            try? FileManager.default.removeItem(atPath: temporary)
            throw failure
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CommandFailure(message: "\(path): cannot write \(what) (\(error.localizedDescription))", exitCode: 2)
        }
    }
}
