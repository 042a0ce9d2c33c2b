import Foundation
import ParquetStore

/// The checksums of a version's data files (issue 18.13): recorded in the manifest when written, checked
/// (size and footer) each time a reader opens a file, checked whole by `footfall store check` and by an ingest
/// before it carries a day's files into its new version. Pages carry CRCs of their own, checked when read.
public enum StoreFileChecks {
    /// A file's size, CRC-32 and footer CRC-32, read from disk now.
    public static func describe(_ path: String) throws(StoreError) -> StoreManifest.File {
        let size = try StoreFileSystem.regularFileSize(path)
        let crc = try StoreFileSystem.checksum(path, firstBytes: size)
        let footer: UInt32
        do {
            footer = try ParquetFileReader(path: path).footerChecksum
        } catch {
            throw damaged(path, "is not a readable Parquet file (\(error))")
        }
        return StoreManifest.File(size: size, crc32: crc, footerCRC32: hex(footer))
    }

    /// Throws unless the file at `path` is exactly the one recorded (`full`: its whole CRC-32 too; else its
    /// size and footer only, as every reader checks).
    public static func verify(_ path: String, against expected: StoreManifest.File, full: Bool) throws(StoreError) {
        let size = try StoreFileSystem.regularFileSize(path)
        guard size == expected.size else {
            throw damaged(path, "is \(size) bytes, the manifest says \(expected.size): the file was damaged or replaced")
        }
        if full {
            let crc = try StoreFileSystem.checksum(path, firstBytes: size)
            guard crc == expected.crc32 else {
                throw damaged(path, "has CRC-32 \(crc), the manifest says \(expected.crc32): the file was damaged or replaced")
            }
        }
        let footer: UInt32
        do {
            footer = try ParquetFileReader(path: path).footerChecksum
        } catch {
            throw damaged(path, "is not a readable Parquet file (\(error))")
        }
        guard hex(footer) == expected.footerCRC32 else {
            throw damaged(path, "has a footer (schema, row groups, statistics) that does not match the manifest's checksum: the file was damaged or replaced")
        }
    }

    /// Opens a file and checks it against `expected` (when the manifest has it) the way every reader does:
    /// its size and its footer's CRC-32.
    static func open(_ path: String, expected: StoreManifest.File?) throws(StoreError) -> ParquetFileReader {
        let reader: ParquetFileReader
        do {
            reader = try ParquetFileReader(path: path)
        } catch {
            throw damaged(path, "cannot be read (\(error))")
        }
        if let expected {
            guard reader.fileSize == expected.size else {
                throw damaged(path, "is \(reader.fileSize) bytes, the manifest says \(expected.size): the file was damaged or replaced")
            }
            guard hex(reader.footerChecksum) == expected.footerCRC32 else {
                throw damaged(path, "has a footer (schema, row groups, statistics) that does not match the manifest's checksum: the file was damaged or replaced")
            }
        }
        return reader
    }

    /// A store error for a damaged file, with what to do.
    static func damaged(_ path: String, _ message: String) -> StoreError {
        StoreError(
            path: path, message: message,
            hint: "The store is damaged: run footfall store check to list what is wrong, then ingest the day's logs again or restore the store from a backup")
    }

    /// 8 lower-case hex digits.
    static func hex(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }
}
