import Foundation

/// Runs Python snippets for the interoperability tests (pyarrow and DuckDB as independent readers).
///
/// Nothing is installed here: `Scripts/install-deps.sh` installs pyarrow and duckdb; without them
/// the tests that need them are skipped.
enum PythonReader {
    /// Whether `python3 -c "import <module>"` succeeds.
    static func canImport(_ module: String) -> Bool {
        (try? run("import \(module)"))?.status == 0
    }

    static let hasPyarrow = canImport("pyarrow")
    static let hasDuckDB = canImport("duckdb")

    /// Runs `script` with `python3 -c`, passing `arguments` as `sys.argv[1...]`.
    static func run(_ script: String, arguments: [String] = []) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// Runs `script`, which must print one JSON object, and returns it.
    static func json(_ script: String, arguments: [String] = []) throws -> [String: Any] {
        let result = try run(script, arguments: arguments)
        guard result.status == 0 else {
            throw PythonFailure(message: "python exited \(result.status): \(result.error)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        guard let dictionary = object as? [String: Any] else { throw PythonFailure(message: "not a JSON object: \(result.output)") }
        return dictionary
    }

    struct PythonFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
