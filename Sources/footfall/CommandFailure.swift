import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// A failure that ends a command with a message on standard error and an exit code
/// (2: input was bad; 64: usage or config).
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    var description: String { message }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

extension ParsableCommand {
    /// Runs `body`, turning a ``CommandFailure`` or `LogIngestError` into a message and exit code.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            printError("footfall: error: \(failure.message)")
            throw ExitCode(failure.exitCode)
        }
    }
}
