public import ArgumentParser
public import Console
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension ConsoleRole: ExpressibleByArgument {}

extension Footfall {
    /// `footfall users`: the console's users.toml (SPEC §13), which holds only bcrypt hashes.
    struct Users: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the console's users: add (password from standard input), token (prints a new API token once), remove, list.",
            subcommands: [Add.self, Token.self, Remove.self, List.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a user, or set an existing user's role and password (read from standard input).")
            @Argument(help: "The user name (letters, digits, '.', '_', '-').") var name: String
            @Option(help: "viewer, consultant or admin.") var role: ConsoleRole
            @Option(help: "The users file (made if missing, mode 0600).") var users: String

            func run() throws {
                try reportingFailures {
                    var file = FileManager.default.fileExists(atPath: users) ? try Footfall.Users.load(users) : ConsoleUsers()
                    let password = try Footfall.Users.readPassword()
                    do {
                        try file.add(name: name, role: role, password: password)
                        try file.write(path: users)
                    } catch let error as ConsoleUsersError {
                        throw CommandFailure(message: "\(users): \(error.message)", exitCode: 64)
                    }
                    print("\(name) (\(role.rawValue)) saved in \(users)")
                }
            }
        }

        struct Token: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a new API token for a user and print it once (only its hash is kept).")
            @Argument var name: String
            @Option var users: String

            func run() throws {
                try reportingFailures {
                    var file = try Footfall.Users.load(users)
                    do {
                        let token = try file.newToken(name: name)
                        try file.write(path: users)
                        print(token)
                    } catch let error as ConsoleUsersError {
                        throw CommandFailure(message: "\(users): \(error.message)", exitCode: 64)
                    }
                }
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a user (a running console forgets them at its next request).")
            @Argument var name: String
            @Option var users: String

            func run() throws {
                try reportingFailures {
                    var file = try Footfall.Users.load(users)
                    guard file.users.removeValue(forKey: name) != nil else { throw CommandFailure(message: "\(users): no user '\(name)'", exitCode: 64) }
                    do { try file.write(path: users) } catch let error as ConsoleUsersError { throw CommandFailure(message: error.message, exitCode: 2) }
                    print("\(name) removed from \(users)")
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the users and their roles.")
            @Option var users: String

            func run() throws {
                try reportingFailures {
                    let file = try Footfall.Users.load(users)
                    for user in file.users.values.sorted(by: { $0.name < $1.name }) {
                        print("\(user.name)\t\(user.role.rawValue)\t\(user.tokenHashes.count) token(s)")
                    }
                }
            }
        }

        static func load(_ path: String) throws -> ConsoleUsers {
            do { return try ConsoleUsers.load(path: path) } catch { throw CommandFailure(message: error.message, exitCode: 64) }
        }

        /// The password: typed twice without echo on a terminal, else the first line of standard input.
        static func readPassword() throws -> String {
            if isatty(STDIN_FILENO) == 1 {
                guard let first = getpass("password: ").map({ String(cString: $0) }), let second = getpass("again: ").map({ String(cString: $0) }) else {
                    throw CommandFailure(message: "no password given", exitCode: 64)
                }
                guard first == second else { throw CommandFailure(message: "the two passwords differ", exitCode: 64) }
                return first
            }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CommandFailure(message: "no password on standard input (e.g. printf '%s\\n' \"$PASSWORD\" | footfall users add …)", exitCode: 64)
            }
            return line
        }
    }
}
