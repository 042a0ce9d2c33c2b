import Foundation
import ParquetStore
import Synchronization

/// Reads columns of one file back for `footfall inspect`, every value decoded, several columns at once
/// (one per core), and counts each column's non-null values.
///
/// Each column is read the way a program using the store would: dictionary-encoded text as codes (one
/// string per distinct value, as the reports read it), other text as bytes (no string per row), numbers
/// and booleans as values.
enum InspectColumnReader {
    /// The non-null count of each column of `names` in `reader`'s file.
    static func nonNullCounts(_ reader: ParquetFileReader, columns names: [String]) throws -> [String: Int] {
        let results = Mutex<[String: Result<Int, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let result = Result { try nonNullCount(reader, names[index]) }
            results.withLock { $0[names[index]] = result }
        }
        return try results.withLock { all in try all.mapValues { try $0.get() } }
    }

    private static func nonNullCount(_ reader: ParquetFileReader, _ name: String) throws -> Int {
        let type = reader.schema.columns.first(where: { $0.name == name })?.type
        if type == .string, reader.rowGroups.allSatisfy({ $0.column(name)?.isDictionaryEncoded == true }) {
            var codes = ParquetStringCodes()
            try reader.readColumn(name, codingInto: &codes)
            return codes.codes.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        }
        if type == .string || type == .binary {
            var values = ParquetByteArrays()
            try reader.readColumn(name, bytesInto: &values)
            return values.count - values.nullCount
        }
        let values = try reader.readColumn(name)
        return values.count - values.nullCount
    }
}
