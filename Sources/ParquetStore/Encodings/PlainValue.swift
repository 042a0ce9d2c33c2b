/// A Swift type that stores one of Parquet's physical types, with its PLAIN encoding, its
/// statistics encoding and its sort order.
///
/// The conformances (`Bool`, `Int32`, `Int64`, `Double`, `[UInt8]`, `String`) let one generic
/// column-chunk writer and reader serve every column type.
package protocol PlainValue: Sendable {
    /// The physical type that stores values of this type.
    static var physicalType: ParquetPhysicalType { get }

    /// PLAIN-encodes `values` to the end of `buffer`.
    ///
    /// - Complexity: O(*n*) in the encoded size.
    static func appendPlain(_ values: ArraySlice<Self>, to buffer: inout [UInt8])

    /// Decodes `count` PLAIN values from `bytes[position..<end]`, advancing `position`.
    ///
    /// - Throws: `.truncated` when the bytes end before `count` values.
    /// - Complexity: O(*n*) in the decoded size.
    static func decodePlain(_ bytes: [UInt8], at position: inout Int, end: Int, count: Int)
        throws(ParquetDecodingError) -> [Self]

    /// The bytes this value adds to a PLAIN page (rounded up to one for booleans).
    var plainByteCount: Int { get }

    /// ``plainByteCount`` when it is the same for every value (numbers, booleans), else `nil`.
    static var fixedPlainByteCount: Int? { get }

    /// The value as Statistics hold it: PLAIN, without the length prefix of byte arrays.
    var statisticsBytes: [UInt8] { get }

    /// Decodes a value from its statistics bytes; `nil` when they have the wrong size.
    init?(statisticsBytes: [UInt8])

    /// The column order used for min/max: signed for integers, numeric for doubles, unsigned
    /// byte-wise for byte arrays and strings, false before true for booleans.
    static func precedes(_ lhs: Self, _ rhs: Self) -> Bool

    /// Whether min/max must skip this value (NaN).
    var isExcludedFromStatistics: Bool { get }

    /// The value to record as a minimum (`-0.0` for a zero double, as the specification asks).
    var asStatisticsMinimum: Self { get }

    /// The value to record as a maximum (`+0.0` for a zero double).
    var asStatisticsMaximum: Self { get }

    /// Wraps decoded values in the matching case.
    static func columnValues(_ values: [Self?]) -> ParquetColumnValues

    /// Wraps a statistic in the matching case.
    static func statisticValue(_ value: Self) -> ParquetValue
}

extension PlainValue {
    package var isExcludedFromStatistics: Bool { false }
    package var asStatisticsMinimum: Self { self }
    package var asStatisticsMaximum: Self { self }
}

/// A ``PlainValue`` that may be dictionary-encoded (not `Double`, whose NaN is not equal to
/// itself, nor `Bool`, which a dictionary cannot shrink).
package protocol DictionaryValue: PlainValue {
    /// What the dictionary is keyed on: equal keys must mean equal PLAIN bytes.
    associatedtype DictionaryKey: Hashable
    /// The value's key.
    var dictionaryKey: DictionaryKey { get }

    /// The dictionary of the non-null `values`, or `nil` when it should not be used (see
    /// ``DictionaryEncoding/build(_:maxBytes:)``). Types hashed by their bytes replace the default, which
    /// keys a `Dictionary` on ``dictionaryKey``.
    static func dictionaryEncoding(of values: [Self?], maxBytes: Int) -> DictionaryEncoding<Self>?
}

extension DictionaryValue {
    package static func dictionaryEncoding(of values: [Self?], maxBytes: Int) -> DictionaryEncoding<Self>? {
        DictionaryEncoding.build(values, maxBytes: maxBytes)
    }
}

extension DictionaryValue where Self: Hashable {
    package var dictionaryKey: Self { self }
}

/// Fixed-width little-endian PLAIN encoding shared by `Int32`, `Int64` and `Double`.
extension PlainValue where Self: BitwiseCopyable {
    /// Appends the values' bytes as they are in memory (little-endian on every supported platform).
    static func appendFixedWidth(_ values: ArraySlice<Self>, to buffer: inout [UInt8]) {
        values.withUnsafeBytes { buffer.append(contentsOf: $0) }
    }

    /// Reads `count` values of `MemoryLayout<Self>.size` bytes.
    static func decodeFixedWidth(_ bytes: [UInt8], at position: inout Int, end: Int, count: Int)
        throws(ParquetDecodingError) -> [Self]
    {
        let width = MemoryLayout<Self>.size
        let (total, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow else { throw ParquetDecodingError(.corrupt, at: position, "impossible value count \(count)") }
        try [UInt8].requireBytes(total, at: position, end: end, "\(count) PLAIN \(physicalType) values")
        let start = position
        let result = [Self](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[start..<start + total]))
            }
            initialized = count
        }
        position += total
        return result
    }
}
