import Foundation
import HummingbirdBcrypt
import TOMLKit

/// What a console user may see (SPEC §13): `viewer` the aggregate reports; `consultant` also the pages that
/// show member ids (customer sheet, retention-watch, audiences); `admin` also status, bots and the store's versions.
public enum ConsoleRole: String, Sendable, CaseIterable, Comparable {
    case viewer, consultant, admin

    public static func < (lhs: ConsoleRole, rhs: ConsoleRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A user of users.toml: a name, a role, and only slow salted hashes (bcrypt) of the password and API tokens.
public struct ConsoleUser: Sendable, Equatable {
    public var name: String
    public var role: ConsoleRole
    public var passwordHash: String
    public var tokenHashes: [String]

    public init(name: String, role: ConsoleRole, passwordHash: String, tokenHashes: [String] = []) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.tokenHashes = tokenHashes
    }
}

/// An error of users.toml or of a `footfall users` command, naming the file.
public struct ConsoleUsersError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// users.toml: read, changed and written back whole (mode 0600, through a temporary file and a rename, so that
/// a running console never reads half a file).
///
/// ```toml
/// [users.kim]
/// role = "admin"
/// password = "$2b$12$…"
/// tokens = ["$2b$10$…"]
/// ```
public struct ConsoleUsers: Sendable {
    public var users: [String: ConsoleUser]

    /// bcrypt's cost for passwords (about a quarter of a second on this machine's cores) and for API tokens
    /// (random 256-bit secrets, so a lower cost loses nothing; verified tokens are remembered in memory).
    public static let passwordCost: UInt8 = 12
    public static let tokenCost: UInt8 = 10
    /// The shortest password `footfall users add` accepts.
    public static let minimumPasswordLength = 10

    public init(users: [String: ConsoleUser] = [:]) {
        self.users = users
    }

    /// A user name: letters, digits, `.`, `_`, `-`, 1–64 characters (it goes into tokens and the access log).
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count) && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// Reads `path`; a missing file is an error that says how to add the first admin.
    public static func load(path: String) throws(ConsoleUsersError) -> ConsoleUsers {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConsoleUsersError(
                "\(path): no users file. Add the first admin with: footfall users add NAME --role admin --users \(path) (the password is read from standard input)")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConsoleUsersError("\(path): cannot read the users file (\(error.localizedDescription))")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw ConsoleUsersError("\(path): not valid TOML: \(error)")
        }
        var users: [String: ConsoleUser] = [:]
        guard let section = table["users"] else { return ConsoleUsers() }
        guard let entries = section.table else { throw ConsoleUsersError("\(path): [users] must be a table of users") }
        for (name, value) in entries {
            guard isValidName(name), let user = value.table else { throw ConsoleUsersError("\(path): users.\(name): not a valid user name or table") }
            guard let roleName = user["role"]?.string, let role = ConsoleRole(rawValue: roleName) else {
                throw ConsoleUsersError("\(path): users.\(name).role: expected viewer, consultant or admin")
            }
            guard let password = user["password"]?.string, password.hasPrefix("$2") else {
                throw ConsoleUsersError("\(path): users.\(name).password: expected a bcrypt hash (written by footfall users add)")
            }
            let tokens = user["tokens"]?.array?.compactMap { $0.string } ?? []
            users[name] = ConsoleUser(name: name, role: role, passwordHash: password, tokenHashes: tokens)
        }
        return ConsoleUsers(users: users)
    }

    /// The file's text: users sorted by name.
    public var text: String {
        var text = "# footfall console users (SPEC §13): written by `footfall users`; passwords and tokens as bcrypt hashes only.\n"
        for user in users.values.sorted(by: { $0.name < $1.name }) {
            text += "\n[users.\"\(user.name)\"]\nrole = \"\(user.role.rawValue)\"\npassword = \"\(user.passwordHash)\"\n"
            text += "tokens = [" + user.tokenHashes.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n"
        }
        return text
    }

    /// Writes the file whole: a temporary file beside it (0600), then a rename.
    public func write(path: String) throws(ConsoleUsersError) {
        let temporary = path + ".new-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConsoleUsersError("\(path): cannot write \(temporary) (check the folder's permissions)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ConsoleUsersError("\(path): cannot replace the users file: \(reason)")
        }
    }

    /// Adds or replaces `name` with a new password (checked for length) and no tokens.
    public mutating func add(name: String, role: ConsoleRole, password: String) throws(ConsoleUsersError) {
        guard Self.isValidName(name) else { throw ConsoleUsersError("'\(name)' is not a user name: use letters, digits, '.', '_' or '-' (at most 64)") }
        guard password.count >= Self.minimumPasswordLength else {
            throw ConsoleUsersError("the password is too short: at least \(Self.minimumPasswordLength) characters")
        }
        guard password.utf8.count <= 72 else {
            // bcrypt reads only the first 72 bytes: a longer password would be accepted with any ending.
            throw ConsoleUsersError("the password is too long: at most 72 bytes in UTF-8 (72 Latin letters, 24 Hangul syllables)")
        }
        users[name] = ConsoleUser(name: name, role: role, passwordHash: Bcrypt.hash(password, cost: Self.passwordCost))
    }

    /// A new API token for `name`: returned once, stored only as a hash. Its form, `ff_NAME_SECRET` (the secret
    /// 64 hex digits, so the last `_` ends the name), names the user so that only that user's hashes are tried.
    public mutating func newToken(name: String) throws(ConsoleUsersError) -> String {
        guard var user = users[name] else { throw ConsoleUsersError("no user '\(name)'") }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let token = "ff_\(name)_\(secret)"
        // Only the secret is hashed: bcrypt reads at most 72 bytes, and a long name must not push the
        // secret past them.
        user.tokenHashes.append(Bcrypt.hash(secret, cost: Self.tokenCost))
        users[name] = user
        return token
    }

    /// The user a password logs in, or `nil`.
    public func verify(name: String, password: String) -> ConsoleUser? {
        guard let user = users[name], Bcrypt.verify(password, hash: user.passwordHash) else { return nil }
        return user
    }

    /// The user an API token belongs to, or `nil`.
    public func verify(token: String) -> ConsoleUser? {
        guard token.hasPrefix("ff_"), let end = token.lastIndex(of: "_"), end > token.index(token.startIndex, offsetBy: 3) else { return nil }
        let name = String(token[token.index(token.startIndex, offsetBy: 3)..<end])
        let secret = token[token.index(after: end)...]
        guard secret.utf8.count == 64, secret.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        guard let user = users[name], user.tokenHashes.contains(where: { Bcrypt.verify(String(secret), hash: $0) }) else { return nil }
        return user
    }
}
