/// The values of one column for a run of rows; `nil` is a null.
///
/// One case per value representation. ``ParquetColumnType/date`` columns take ``int32(_:)``
/// (days since 1970-01-01) and ``ParquetColumnType/timestamp`` columns take ``int64(_:)``
/// (microseconds since 1970-01-01T00:00:00Z); see ``ParquetColumnType`` for the whole table.
/// A `REQUIRED` column must hold no `nil`.
public enum ParquetColumnValues: Hashable, Sendable {
    case boolean([Bool?])
    case int32([Int32?])
    case int64([Int64?])
    case double([Double?])
    case binary([[UInt8]?])
    case string([String?])
    /// A string column as codes into a list of strings (see ``ParquetCodedStrings``).
    case codedString(ParquetCodedStrings)
    /// A string or binary column as one buffer of bytes (see ``ParquetByteArrays``), for values that
    /// are mostly distinct (keys, ids): written PLAIN, with no dictionary tried, and no `String` made,
    /// retained or hashed per row.
    case byteArrays(ParquetByteArrays)
    /// A string or binary column as codes into byte arrays stored once each (see
    /// ``ParquetCodedByteArrays``): dictionary-encoded from the values used, with no copy per row.
    case codedByteArrays(ParquetCodedByteArrays)

    /// An empty array of the representation that `type` takes.
    public static func empty(for type: ParquetColumnType) -> ParquetColumnValues {
        switch type {
        case .boolean: .boolean([])
        case .int32, .date: .int32([])
        case .int64, .timestamp: .int64([])
        case .double: .double([])
        case .binary: .binary([])
        case .string: .string([])
        }
    }

    /// The number of rows (nulls included).
    public var count: Int {
        switch self {
        case .boolean(let values): values.count
        case .int32(let values): values.count
        case .int64(let values): values.count
        case .double(let values): values.count
        case .binary(let values): values.count
        case .string(let values): values.count
        case .codedString(let coded): coded.codes.count
        case .byteArrays(let arrays): arrays.count
        case .codedByteArrays(let coded): coded.codes.count
        }
    }

    /// The number of nulls.
    ///
    /// - Complexity: O(*n*).
    public var nullCount: Int {
        switch self {
        case .boolean(let values): Self.nullCount(of: values)
        case .int32(let values): Self.nullCount(of: values)
        case .int64(let values): Self.nullCount(of: values)
        case .double(let values): Self.nullCount(of: values)
        case .binary(let values): Self.nullCount(of: values)
        case .string(let values): Self.nullCount(of: values)
        case .codedString(let coded): coded.nullCount
        case .byteArrays(let arrays): arrays.nullCount
        case .codedByteArrays(let coded): coded.nullCount
        }
    }

    /// Whether these values are the representation that a column of `type` takes.
    public func fits(_ type: ParquetColumnType) -> Bool {
        switch (self, type) {
        case (.boolean, .boolean), (.int32, .int32), (.int32, .date), (.int64, .int64), (.int64, .timestamp),
            (.double, .double), (.binary, .binary), (.string, .string), (.codedString, .string),
            (.byteArrays, .string), (.byteArrays, .binary), (.codedByteArrays, .string), (.codedByteArrays, .binary):
            true
        default:
            false
        }
    }

    /// The values of the rows in `range`.
    ///
    /// - Complexity: O(*k*) in the length of `range`.
    public subscript(rows range: Range<Int>) -> ParquetColumnValues {
        switch self {
        case .boolean(let values): .boolean(Array(values[range]))
        case .int32(let values): .int32(Array(values[range]))
        case .int64(let values): .int64(Array(values[range]))
        case .double(let values): .double(Array(values[range]))
        case .binary(let values): .binary(Array(values[range]))
        case .string(let values): .string(Array(values[range]))
        case .codedString(let coded):
            .codedString(ParquetCodedStrings(codes: Array(coded.codes[range]), strings: coded.strings, utf8Counts: coded.utf8Counts))
        case .byteArrays(let arrays): .byteArrays(arrays[rows: range])
        case .codedByteArrays(let coded): .codedByteArrays(ParquetCodedByteArrays(codes: Array(coded.codes[range]), values: coded.values))
        }
    }
}

extension ParquetColumnValues {
    /// Appends the rows `range` of `other`, which must be the same case (or both strings: plain, coded or
    /// byte arrays, plain or coded; or binary values and byte arrays).
    ///
    /// The payload is moved out of `self` before appending, so the array is not copied. Coded strings
    /// stay coded when `self` is empty or codes into the same strings; otherwise both become strings
    /// (only the rows `range` of `other`). Coded byte arrays likewise stay coded when `self` is empty or
    /// codes into the same values. Byte arrays (plain or coded) and strings (or binary values) together
    /// become byte arrays.
    ///
    /// - Returns: `false` (and changes nothing) when `other` is a different case.
    /// - Complexity: O(*k*) in the length of `range`, amortised (O(*n*) when coded strings become strings
    ///   or strings become byte arrays).
    mutating func append(rows range: Range<Int>, of other: ParquetColumnValues) -> Bool {
        if case .byteArrays(var arrays) = self {
            self = .boolean([])
            defer { self = .byteArrays(arrays) }
            switch other {
            case .byteArrays(let new): arrays.append(rows: range, of: new)
            case .string, .codedString, .binary, .codedByteArrays:
                arrays.append(rows: 0..<range.count, of: Self.byteArrays(of: other[rows: range]))
            default: return false
            }
            return true
        }
        if case .codedByteArrays(var coded) = self {
            switch other {
            case .codedByteArrays(let new) where coded.sharesValues(with: new):
                self = .boolean([])
                coded.codes.append(contentsOf: new.codes[range])
                self = .codedByteArrays(coded)
                return true
            case .string, .codedString, .binary, .byteArrays, .codedByteArrays:
                guard !coded.codes.isEmpty else {
                    self = other[rows: range]
                    return true
                }
                self = .byteArrays(Self.byteArrays(of: self))
                return append(rows: range, of: other)
            default: return false
            }
        }
        if case .byteArrays(let new) = other {
            switch self {
            case .string(let values) where values.isEmpty: self = .byteArrays(new[rows: range])
            case .codedString(let coded) where coded.codes.isEmpty: self = .byteArrays(new[rows: range])
            case .binary(let values) where values.isEmpty: self = .byteArrays(new[rows: range])
            case .string, .codedString, .binary:
                self = .byteArrays(Self.byteArrays(of: self))
                return append(rows: range, of: other)
            default: return false
            }
            return true
        }
        if case .codedByteArrays = other {
            switch self {
            case .string, .codedString, .binary:
                guard count > 0 else {
                    self = other[rows: range]
                    return true
                }
                self = .byteArrays(Self.byteArrays(of: self))
                return append(rows: range, of: other)
            default: return false
            }
        }
        if case .codedString(let new) = other {
            switch self {
            case .codedString(var coded) where coded.sharesStrings(with: new):
                self = .boolean([])
                coded.codes.append(contentsOf: new.codes[range])
                self = .codedString(coded)
            case .codedString(let coded) where coded.codes.isEmpty:
                self = other[rows: range]
            case .codedString(let coded):
                self = .string(coded.values)
                return append(rows: 0..<range.count, of: .string(Self.strings(of: new, rows: range)))
            case .string(let values) where values.isEmpty:
                self = other[rows: range]
            case .string:
                return append(rows: 0..<range.count, of: .string(Self.strings(of: new, rows: range)))
            default:
                return false
            }
            return true
        }
        if case .codedString(let coded) = self, case .string = other { self = .string(coded.values) }
        switch other {
        case .boolean(let new):
            guard case .boolean(var values) = self else { return false }
            self = .boolean([])
            values.append(contentsOf: new[range])
            self = .boolean(values)
        case .int32(let new):
            guard case .int32(var values) = self else { return false }
            self = .boolean([])
            values.append(contentsOf: new[range])
            self = .int32(values)
        case .int64(let new):
            guard case .int64(var values) = self else { return false }
            self = .boolean([])
            values.append(contentsOf: new[range])
            self = .int64(values)
        case .double(let new):
            guard case .double(var values) = self else { return false }
            self = .boolean([])
            values.append(contentsOf: new[range])
            self = .double(values)
        case .binary(let new):
            guard case .binary(var values) = self else { return false }
            self = .boolean([])
            values.append(contentsOf: new[range])
            self = .binary(values)
        case .string(let new):
            guard case .string(var values) = self else { return false }
            self = .boolean([])
            values.append(contentsOf: new[range])
            self = .string(values)
        case .codedString, .byteArrays, .codedByteArrays:
            preconditionFailure("handled above")
        }
        return true
    }

    /// An estimate of the PLAIN-encoded bytes of the rows `range`, for bounding row groups.
    ///
    /// - Complexity: O(1) for fixed-width values, O(*k*) for byte arrays and strings.
    func estimatedPlainBytes(rows range: Range<Int>) -> Int {
        switch self {
        case .boolean: (range.count + 7) / 8
        case .int32: range.count * 4
        case .int64, .double: range.count * 8
        case .binary(let values): values[range].reduce(0) { $0 + 4 + ($1?.count ?? 0) }
        case .string(let values): Self.plainBytes(of: values, rows: range)
        case .codedString(let coded): coded.estimatedPlainBytes(rows: range)
        case .byteArrays(let arrays): 4 * range.count + arrays.byteRange(rows: range).count
        case .codedByteArrays(let coded): coded.estimatedPlainBytes(rows: range)
        }
    }
}

extension ParquetColumnValues {
    /// String values (plain or coded), binary values or coded byte arrays as byte arrays.
    static func byteArrays(of values: ParquetColumnValues) -> ParquetByteArrays {
        var arrays = ParquetByteArrays()
        let strings: [String?]
        switch values {
        case .string(let values): strings = values
        case .codedString(let coded): strings = coded.values
        case .codedByteArrays(let coded): return coded.byteArrays
        case .binary(let values):
            for value in values {
                if let value { arrays.append(value) } else { arrays.appendNulls(1) }
            }
            return arrays
        default: preconditionFailure("only strings and binary values become byte arrays")
        }
        arrays.reserveRows(strings.count)
        for string in strings {
            if let string { arrays.append(string.utf8) } else { arrays.appendNulls(1) }
        }
        return arrays
    }

    /// The rows `range` of coded strings, as strings.
    static func strings(of coded: ParquetCodedStrings, rows range: Range<Int>) -> [String?] {
        ParquetCodedStrings(codes: Array(coded.codes[range]), strings: coded.strings).values
    }

    /// The nulls of `values`, each read in place (a `reduce` would copy, so retain and release, every string
    /// or array) through the array's buffer (once per column of each row group written).
    static func nullCount<Value>(of values: [Value?]) -> Int {
        values.withUnsafeBufferPointer { values in
            var nulls = 0
            for index in values.indices where values[index] == nil { nulls += 1 }
            return nulls
        }
    }

    /// The PLAIN bytes of the strings of the rows `range`, each read in place.
    static func plainBytes(of values: [String?], rows range: Range<Int>) -> Int {
        values.withUnsafeBufferPointer { values in
            var bytes = 0
            for index in range { bytes += 4 + (values[index]?.utf8.count ?? 0) }
            return bytes
        }
    }
}
