import ParquetStore

/// Deterministic sample values for every column type, with or without nulls.
enum SampleColumns {
    /// `count` values for a column of `type`; every `nullEvery`-th row is null when given.
    static func values(_ type: ParquetColumnType, count: Int, nullEvery: Int? = nil, distinct: Int = 7) -> ParquetColumnValues {
        func isNull(_ row: Int) -> Bool { nullEvery.map { row % $0 == 0 } ?? false }
        switch type {
        case .boolean:
            return .boolean((0..<count).map { isNull($0) ? nil : $0 % 3 == 0 })
        case .int32:
            return .int32((0..<count).map { isNull($0) ? nil : Int32($0 % distinct) * (($0 & 1) == 0 ? -1 : 1) * 1_000 })
        case .date:
            return .int32((0..<count).map { isNull($0) ? nil : Int32(20_000 + $0 % distinct) })
        case .int64:
            return .int64((0..<count).map { isNull($0) ? nil : Int64($0 % distinct) * 1_000_000_007 - 5_000_000_000 })
        case .timestamp:
            return .int64((0..<count).map { isNull($0) ? nil : 1_763_000_000_000_000 + Int64($0 % distinct) * 60_000_000 })
        case .double:
            return .double((0..<count).map { isNull($0) ? nil : Double($0) / 8 - 3.25 })
        case .binary:
            return .binary((0..<count).map { isNull($0) ? nil : [UInt8]([0xFF, 0x00, UInt8(truncatingIfNeeded: $0 % distinct)]) })
        case .string:
            let words = ["/", "/index.html", "/검색?q=신발", "/products/42", "", "/a/b/c", "😀 emoji"]
            return .string((0..<count).map { row in
                let key = row % distinct
                return isNull(row) ? nil : words[key % words.count] + (key >= words.count ? "\(key)" : "")
            })
        }
    }

    /// A schema with one column of each type, named after the type, optional or not.
    static func schema(optional: Bool) -> ParquetSchema {
        ParquetSchema(ParquetColumnType.allCases.map { .init(name: $0.rawValue, type: $0, optional: optional) })
    }
}
