import LogIngest
import ArgumentParser
import Foundation
import FootfallStore
import ParquetStore

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

/// The warning for gzip damage that `--salvage` read past.
func salvageWarning(_ damage: LogIngestError) -> String {
    "footfall: warning: \(damage.file): salvaged the lines before the damage at byte \(damage.offset ?? 0): \(damage.message); the rest of the file was not read"
}

/// Writes a line to standard error.
///
/// Control and bidirectional formatting characters (from file names, log lines, CSV values) are shown as
/// visible escapes (``SafeText``); line breaks stay.
func printError(_ text: String) {
    let line = Array((SafeText.visible(text, keepingNewlines: true) + "\n").utf8)
    _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

extension ParsableCommand {
    /// Runs `body`, turning a ``CommandFailure`` into its message and exit code, and any other error (a
    /// store, Parquet or file-system error that was not expected) into its message and exit code 2, never a
    /// raw error dump with exit code 1.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            printError("footfall: error: \(failure.message)")
            throw ExitCode(failure.exitCode)
        } catch let exit as ExitCode {
            throw exit
        } catch let usage as ValidationError {
            throw usage  // ArgumentParser prints it with the usage, exit code 64
        } catch let exit as CleanExit {
            throw exit
        } catch let error as StoreError {
            printError("footfall: error: \(error)")
            throw ExitCode(2)
        } catch let error as ParquetError {
            printError("footfall: error: \(error)")
            throw ExitCode(2)
        } catch let error as CocoaError {
            let file = (error.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
            let reason = (error.userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) }
            printError("footfall: error: \(file)\(reason ?? error.localizedDescription)")
            throw ExitCode(2)
        } catch {
            printError("footfall: error: \(error)")
            throw ExitCode(2)
        }
    }
}
