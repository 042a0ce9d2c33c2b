import FootfallStore
import ParquetStore

/// Reads, of one file, the columns a caller asked for, appending each to its array; the others are
/// not read. Text comes as codes, numbers as plain values (nulls kept only for the optional overloads).
struct WantedColumnReader {
    let reader: ParquetFileReader
    let wanted: Set<String>

    func read(_ name: String, into column: inout ParquetStringCodes) throws {
        if wanted.contains(name) { try reader.readColumn(name, codingInto: &column) }
    }

    func read(_ name: String, into column: inout [Int32], nullsAs fill: Int32 = 0) throws {
        if wanted.contains(name) { try reader.readColumn(name, appendingTo: &column, nullsAs: fill) }
    }

    func read(_ name: String, into column: inout [Int64]) throws {
        if wanted.contains(name) { try reader.readColumn(name, appendingTo: &column) }
    }

    func read(_ name: String, into column: inout [Double]) throws {
        if wanted.contains(name) { try reader.readColumn(name, appendingTo: &column) }
    }

    func read(_ name: String, into column: inout [Bool]) throws {
        if wanted.contains(name) { try reader.readColumn(name, appendingTo: &column) }
    }

    /// An optional INT32 column, nulls kept.
    func read(_ name: String, into column: inout [Int32?]) throws {
        guard wanted.contains(name) else { return }
        guard case .int32(let values) = try reader.readColumn(name) else { throw unexpectedType(name) }
        column.append(contentsOf: values)
    }

    /// An optional INT64 column, nulls kept.
    func read(_ name: String, into column: inout [Int64?]) throws {
        guard wanted.contains(name) else { return }
        guard case .int64(let values) = try reader.readColumn(name) else { throw unexpectedType(name) }
        column.append(contentsOf: values)
    }

    private func unexpectedType(_ name: String) -> StoreError {
        StoreError(path: reader.path, message: "column \(name) has an unexpected type", hint: "The store may be from another footfall version")
    }
}
