import Foundation
import Testing
import TestScratch

/// Runs the built `footfall` executable, as a user would.
enum CommandRunner {
    struct Result {
        var exitCode: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The folder holding the test bundle and the built products.
    static let productsDirectory: URL = {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug")
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs footfall with `arguments`; the locale variables of the test's environment are left out (reports'
    /// labels follow LC_ALL/LANG), and `environment` adds to what remains.
    static func footfall(_ arguments: [String], standardInput: Data? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("footfall")
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment.filter { !["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"].contains($0.key) }
        variables.merge(environment) { _, given in given }
        process.environment = variables
        process.currentDirectoryURL = repositoryRoot
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let standardInput { input.fileHandleForWriting.write(standardInput) }
        try input.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            exitCode: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFile(_ bytes: [UInt8], suffix: String) throws -> String {
        let path = TestScratch.path("footfall-cli", suffix: suffix)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
