/// A text column held as small integer codes into a dictionary of its distinct values.
///
/// Reading a dictionary-encoded column this way makes one `String` per distinct value instead of one
/// per row, and lets callers count and group by code with plain arrays. One `ParquetStringCodes` may
/// collect a column over several row groups and files: the dictionary is shared, codes stay stable.
///
/// ```swift
/// var segments = ParquetStringCodes()
/// for path in files { try ParquetFileReader(path: path).readColumn("segment", codingInto: &segments) }
/// var visits = [Int](repeating: 0, count: segments.dictionary.count)
/// for code in segments.codes where code >= 0 { visits[Int(code)] += 1 }
/// ```
///
/// Values are told apart by their UTF-8 bytes, as Parquet compares them.
public struct ParquetStringCodes: Sendable {
    /// The null code.
    public static let null: Int32 = -1

    /// The distinct values met so far, in order of first appearance; a code indexes this array.
    public private(set) var dictionary: [String] = []
    /// One code per row: an index into ``dictionary``, or ``null``.
    public var codes: [Int32] = []
    private var lookup: [UTF8Key: Int32] = [:]

    public init() {}

    /// The number of rows.
    public var count: Int { codes.count }

    /// The value of `row`, `nil` for a null.
    public subscript(row: Int) -> String? {
        let code = codes[row]
        return code < 0 ? nil : dictionary[Int(code)]
    }

    /// The code of `value`, added to the dictionary when new.
    public mutating func code(for value: String) -> Int32 {
        if let code = lookup[UTF8Key(value)] { return code }
        let code = Int32(dictionary.count)
        dictionary.append(value)
        lookup[UTF8Key(value)] = code
        return code
    }

    /// The code of `value` if it is in the dictionary.
    public func existingCode(for value: String) -> Int32? { lookup[UTF8Key(value)] }

    /// Appends a row holding `value`.
    public mutating func append(_ value: String?) {
        codes.append(value.map { code(for: $0) } ?? Self.null)
    }

    /// Appends the rows of `other`, its codes translated into this dictionary (one look-up per distinct
    /// value of `other`).
    public mutating func append(contentsOf other: ParquetStringCodes) {
        if codes.isEmpty, dictionary.isEmpty {
            self = other
            return
        }
        let translated = other.dictionary.map { code(for: $0) }
        codes.reserveCapacity(codes.count + other.codes.count)
        for code in other.codes { codes.append(code < 0 ? code : translated[Int(code)]) }
    }
}
