#if canImport(Glibc)
import Glibc
#endif

/// The store's lock: one ingest at a time. A second ingest waits for the first (or, with `wait`
/// false, refuses at once). The kernel drops the lock when the process ends, even by kill -9.
final class StoreLock {
    private let descriptor: Int32

    /// Takes the lock of the store at `root`.
    ///
    /// - Parameter onWait: called once when another process holds the lock and this one waits.
    init(root: String, wait: Bool, onWait: () -> Void) throws(StoreError) {
        let path = root + "/.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreFileSystem.fail(path, "cannot open the store's lock") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK, wait else {
                close(fd)
                throw StoreError(
                    path: root, message: "another ingest is writing this store",
                    hint: "Wait for it to finish, or run without --no-wait to wait for it")
            }
            onWait()
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(fd)
                    throw StoreFileSystem.fail(path, "cannot lock the store")
                }
            }
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
