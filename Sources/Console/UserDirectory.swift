import Foundation
import HummingbirdBcrypt
import NIOPosix

/// The users of a running console: users.toml, read again when it changes (SPEC §13: `footfall users` edits the
/// file while the console runs), with bcrypt's slow checks run off the request threads and tokens that verified
/// remembered in memory (keyed by the token itself, dropped when the file changes).
actor UserDirectory {
    let path: String
    private var users: ConsoleUsers
    private var modified: Date?
    private var checked = Date.distantPast
    private var verifiedTokens: [String: String] = [:]
    /// A hash to verify against when the user does not exist, so that timing does not tell which names do.
    private let decoy = Bcrypt.hash("footfall-decoy-password", cost: ConsoleUsers.passwordCost)

    init(path: String) throws(ConsoleUsersError) {
        self.path = path
        users = try ConsoleUsers.load(path: path)
        modified = Self.modificationDate(path)
    }

    static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// Re-reads the file when its modification time changed (looked at most once a second). A file that became
    /// unreadable or invalid keeps the users read last (the server log says why).
    private func refresh() -> String? {
        let now = Date()
        guard now.timeIntervalSince(checked) >= 1 else { return nil }
        checked = now
        let current = Self.modificationDate(path)
        guard current != modified else { return nil }
        do {
            users = try ConsoleUsers.load(path: path)
            modified = current
            verifiedTokens = [:]
            return nil
        } catch {
            return error.message
        }
    }

    /// The user `name` now (its role may have changed since it logged in), or `nil` if removed.
    func user(named name: String) -> ConsoleUser? {
        _ = refresh()
        return users.users[name]
    }

    /// The user a password logs in, or `nil` (verified on NIO's thread pool: bcrypt takes a quarter second).
    func verify(name: String, password: String) async -> ConsoleUser? {
        _ = refresh()
        let user = users.users[name]
        let hash = user?.passwordHash ?? decoy
        let matches = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
        return matches ? user : nil
    }

    /// The user of an API token, or `nil`.
    func verify(token: String) async -> ConsoleUser? {
        _ = refresh()
        if let name = verifiedTokens[token] { return users.users[name] }
        let snapshot = users
        let user = (try? await NIOThreadPool.singleton.runIfActive { snapshot.verify(token: token) }) ?? nil
        if let user {
            if verifiedTokens.count > 10_000 { verifiedTokens = [:] }
            verifiedTokens[token] = user.name
        }
        return user
    }
}
