import Foundation
import ParquetStore

/// The JSON lines of a Delta Lake commit that footfall writes (protocol reader 1 / writer 2, SPEC §16; the
/// format is delta-io/delta's PROTOCOL.md): `protocol` and `metaData` in a table's first commit, `add` and
/// `remove` of data files, and `commitInfo`.
enum DeltaActions {
    /// The first two lines of a table's first commit.
    static func protocolAndMetadata(schema: ParquetSchema, partitioned: Bool, createdMs: Int64) -> [String] {
        let protocolLine = #"{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}"#
        let metadata: [String: Any] = [
            "id": UUID().uuidString.lowercased(),
            "format": ["provider": "parquet", "options": [String: String]()],
            "schemaString": schemaString(schema, partitioned: partitioned),
            "partitionColumns": partitioned ? ["day"] : [String](),
            "configuration": [String: String](),
            "createdTime": createdMs,
        ]
        return [protocolLine, line(["metaData": metadata])]
    }

    /// The table's schema as Spark's JSON (`struct` of fields), with the partition column `day` (a date) last.
    static func schemaString(_ schema: ParquetSchema, partitioned: Bool) -> String {
        var fields: [[String: Any]] = schema.columns.map { column in
            ["name": column.name, "type": sparkType(column.type), "nullable": column.optional, "metadata": [String: String]()]
        }
        if partitioned { fields.append(["name": "day", "type": "date", "nullable": false, "metadata": [String: String]()]) }
        return json(["type": "struct", "fields": fields])
    }

    static func sparkType(_ type: ParquetColumnType) -> String {
        switch type {
        case .boolean: "boolean"
        case .int32: "integer"
        case .int64: "long"
        case .double: "double"
        case .binary: "binary"
        case .string: "string"
        case .date: "date"
        case .timestamp: "timestamp"
        }
    }

    /// An `add` of a data file (`path` relative to the table's folder).
    static func add(path: String, day: String?, size: Int64, modifiedMs: Int64, stats: String) -> String {
        line([
            "add": [
                "path": path, "partitionValues": day.map { ["day": $0] } ?? [String: String](), "size": size,
                "modificationTime": modifiedMs, "dataChange": true, "stats": stats,
            ] as [String: Any]
        ])
    }

    /// A `remove` of a data file: it leaves the table's snapshot now; the file is deleted after the retention.
    static func remove(path: String, day: String?, size: Int64?, deletedMs: Int64) -> String {
        var fields: [String: Any] = [
            "path": path, "deletionTimestamp": deletedMs, "dataChange": true,
            "partitionValues": day.map { ["day": $0] } ?? [String: String](),
        ]
        if let size {
            fields["size"] = size
            fields["extendedFileMetadata"] = true
        }
        return line(["remove": fields])
    }

    /// The commit's `commitInfo`.
    static func commitInfo(timestampMs: Int64, storeVersion: String, operation: String) -> String {
        line([
            "commitInfo": [
                "timestamp": timestampMs, "operation": operation, "operationParameters": ["mode": "Overwrite days"],
                "engineInfo": "footfall", "isBlindAppend": false, "footfallStoreVersion": storeVersion,
            ] as [String: Any]
        ])
    }

    /// `numRecords`, `minValues`, `maxValues` and `nullCount` of a data file, from its footer's row-group
    /// statistics (a stats JSON string, as `add.stats` holds it). Strings longer than 64 bytes and booleans get
    /// no min/max (a truncated max would not bound the column); timestamps are given to the millisecond, the
    /// minimum rounded down and the maximum up.
    static func stats(of reader: ParquetFileReader) -> String {
        var minValues: [String: Any] = [:], maxValues: [String: Any] = [:], nullCounts: [String: Any] = [:]
        for column in reader.schema.columns {
            let chunks = reader.rowGroups.compactMap { $0.column(column.name) }
            guard chunks.count == reader.rowGroups.count else { continue }
            let statistics = chunks.compactMap(\.statistics)
            guard statistics.count == chunks.count else { continue }
            if statistics.allSatisfy({ $0.nullCount != nil }) {
                nullCounts[column.name] = statistics.reduce(Int64(0)) { $0 + $1.nullCount! }
            }
            let lows = statistics.compactMap(\.min), highs = statistics.compactMap(\.max)
            guard !statistics.isEmpty, lows.count == statistics.count, highs.count == statistics.count,
                let low = bound(lows, column.type, upper: false), let high = bound(highs, column.type, upper: true)
            else { continue }
            minValues[column.name] = low
            maxValues[column.name] = high
        }
        return json(["numRecords": reader.rowCount, "minValues": minValues, "maxValues": maxValues, "nullCount": nullCounts])
    }

    /// The least (or greatest) of row groups' bounds as a stats JSON value, or nil when it cannot be given.
    private static func bound(_ values: [ParquetValue], _ type: ParquetColumnType, upper: Bool) -> Any? {
        switch type {
        case .int32:
            let numbers = values.compactMap { if case .int32(let v) = $0 { v } else { nil } }
            guard numbers.count == values.count, let value = upper ? numbers.max() : numbers.min() else { return nil }
            return Int64(value)
        case .int64:
            let numbers = values.compactMap { if case .int64(let v) = $0 { v } else { nil } }
            return numbers.count == values.count ? (upper ? numbers.max() : numbers.min()) : nil
        case .double:
            let numbers = values.compactMap { if case .double(let v) = $0 { v } else { nil } }
            guard numbers.count == values.count, numbers.allSatisfy(\.isFinite) else { return nil }
            return upper ? numbers.max() : numbers.min()
        case .date:
            let numbers = values.compactMap { if case .int32(let v) = $0 { v } else { nil } }
            guard numbers.count == values.count, let day = upper ? numbers.max() : numbers.min() else { return nil }
            return dayText(Int64(day))
        case .timestamp:
            let numbers = values.compactMap { if case .int64(let v) = $0 { v } else { nil } }
            guard numbers.count == values.count, let micros = upper ? numbers.max() : numbers.min() else { return nil }
            let millis = upper ? (micros + 999).floorDivided(by: 1000) : micros.floorDivided(by: 1000)
            return timestampText(millis: millis)
        case .string:
            let texts = values.compactMap { if case .string(let v) = $0 { v } else { nil } }
            guard texts.count == values.count, let text = upper ? texts.max(by: utf8Less) : texts.min(by: utf8Less),
                text.utf8.count <= 64
            else { return nil }
            return text
        case .boolean, .binary:
            return nil
        }
    }

    private static func utf8Less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// `YYYY-MM-DD` of days since 1970-01-01.
    static func dayText(_ days: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(days) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` of milliseconds since the epoch (UTC).
    static func timestampText(millis: Int64) -> String {
        let seconds = millis.floorDivided(by: 1000), rest = millis - seconds * 1000
        let days = seconds.floorDivided(by: 86_400), inDay = seconds - days * 86_400
        return dayText(days) + String(format: "T%02d:%02d:%02d.%03dZ", Int(inDay / 3600), Int(inDay / 60 % 60), Int(inDay % 60), Int(rest))
    }

    /// One JSON line (no newline inside: JSONSerialization escapes control characters).
    static func line(_ object: [String: Any]) -> String { json(object) }

    static func json(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension Int64 {
    /// The quotient rounded towards negative infinity.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
