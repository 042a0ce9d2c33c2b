import Foundation

/// The record of views of personal data (SPEC §13, Korea's personal-information rules): every page, download or
/// API answer that shows member ids appends one JSON line to `STORE/.console/access-log.jsonl` — who, when,
/// from which address, which page, which member or list. The console never serves the file.
actor AccessLog {
    let path: String

    init(store: String) {
        path = store + "/.console/access-log.jsonl"
    }

    struct Entry: Encodable {
        var time: String
        var user: String
        var address: String
        var page: String
        var members: [String]
    }

    /// Appends one line (the folder made 0700 and the file 0600 when first needed).
    func record(user: String, address: String, page: String, members: [String]) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(Entry(time: formatter.string(from: Date()), user: user, address: address, page: page, members: members))
        line.append(0x0A)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }
}
