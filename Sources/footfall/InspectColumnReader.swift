import Foundation
import ParquetStore
import Synchronization

/// Reads columns of one file back for `footfall inspect`, every value decoded, several column chunks at
/// once (one per core: each column of each row group is a task), and counts each column's non-null values.
///
/// Each column is read the way a program using the store would: dictionary-encoded text as codes (one
/// string per distinct value, as the reports read it), other text as bytes (no string per row), numbers
/// and booleans as values.
enum InspectColumnReader {
    /// The non-null count of each column of `names` in `reader`'s file.
    static func nonNullCounts(_ reader: ParquetFileReader, columns names: [String]) throws -> [String: Int] {
        let tasks = names.flatMap { name in reader.rowGroups.indices.map { (name, $0) } }
        let results = Mutex<[Int: Result<Int, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: tasks.count) { index in
            let result = Result { try nonNullCount(reader, tasks[index].0, rowGroup: tasks[index].1) }
            results.withLock { $0[index] = result }
        }
        var counts = Dictionary(uniqueKeysWithValues: names.map { ($0, 0) })
        try results.withLock { all in
            for (index, result) in all { counts[tasks[index].0, default: 0] += try result.get() }
        }
        return counts
    }

    static func nonNullCount(_ reader: ParquetFileReader, _ name: String, rowGroup: Int) throws -> Int {
        let type = reader.schema.columns.first(where: { $0.name == name })?.type
        if type == .string, reader.rowGroups[rowGroup].column(name)?.isDictionaryEncoded == true {
            var codes = ParquetStringCodes()
            try reader.readColumn(name, rowGroups: [rowGroup], codingInto: &codes)
            return codes.codes.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        }
        if type == .string || type == .binary {
            var values = ParquetByteArrays()
            try reader.readColumn(name, rowGroups: [rowGroup], bytesInto: &values)
            return values.count - values.nullCount
        }
        let values = try reader.readColumn(name, rowGroup: rowGroup)
        return values.count - values.nullCount
    }
}
