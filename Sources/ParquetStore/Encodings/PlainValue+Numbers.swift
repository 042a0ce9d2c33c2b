#if _endian(big)
#error("ParquetStore copies fixed-width values as they are in memory, which assumes a little-endian host")
#endif

extension Int32: DictionaryValue {
    package static var physicalType: ParquetPhysicalType { .int32 }
    package static func appendPlain(_ values: ArraySlice<Int32>, to buffer: inout [UInt8]) {
        appendFixedWidth(values, to: &buffer)
    }
    package static func decodePlain(_ bytes: [UInt8], at position: inout Int, end: Int, count: Int)
        throws(ParquetDecodingError) -> [Int32]
    {
        try decodeFixedWidth(bytes, at: &position, end: end, count: count)
    }
    package var plainByteCount: Int { 4 }
    package static var fixedPlainByteCount: Int? { 4 }
    package var statisticsBytes: [UInt8] { var bytes: [UInt8] = []; bytes.appendLittleEndian(self); return bytes }
    package init?(statisticsBytes bytes: [UInt8]) {
        guard bytes.count == 4 else { return nil }
        self = bytes.loadLittleEndian(at: 0, as: Int32.self)
    }
    package static func precedes(_ lhs: Int32, _ rhs: Int32) -> Bool { lhs < rhs }
    package static func columnValues(_ values: [Int32?]) -> ParquetColumnValues { .int32(values) }
    package static func statisticValue(_ value: Int32) -> ParquetValue { .int32(value) }
    package static func dictionaryEncoding(of values: [Int32?], maxBytes: Int) -> DictionaryEncoding<Int32>? {
        DictionaryEncoding.build(integers: values, maxBytes: maxBytes)
    }
}

extension Int64: DictionaryValue {
    package static var physicalType: ParquetPhysicalType { .int64 }
    package static func appendPlain(_ values: ArraySlice<Int64>, to buffer: inout [UInt8]) {
        appendFixedWidth(values, to: &buffer)
    }
    package static func decodePlain(_ bytes: [UInt8], at position: inout Int, end: Int, count: Int)
        throws(ParquetDecodingError) -> [Int64]
    {
        try decodeFixedWidth(bytes, at: &position, end: end, count: count)
    }
    package var plainByteCount: Int { 8 }
    package static var fixedPlainByteCount: Int? { 8 }
    package var statisticsBytes: [UInt8] { var bytes: [UInt8] = []; bytes.appendLittleEndian(self); return bytes }
    package init?(statisticsBytes bytes: [UInt8]) {
        guard bytes.count == 8 else { return nil }
        self = bytes.loadLittleEndian(at: 0, as: Int64.self)
    }
    package static func precedes(_ lhs: Int64, _ rhs: Int64) -> Bool { lhs < rhs }
    package static func columnValues(_ values: [Int64?]) -> ParquetColumnValues { .int64(values) }
    package static func statisticValue(_ value: Int64) -> ParquetValue { .int64(value) }
    package static func dictionaryEncoding(of values: [Int64?], maxBytes: Int) -> DictionaryEncoding<Int64>? {
        DictionaryEncoding.build(integers: values, maxBytes: maxBytes)
    }
}

extension Double: PlainValue {
    package static var physicalType: ParquetPhysicalType { .double }
    package static func appendPlain(_ values: ArraySlice<Double>, to buffer: inout [UInt8]) {
        appendFixedWidth(values, to: &buffer)
    }
    package static func decodePlain(_ bytes: [UInt8], at position: inout Int, end: Int, count: Int)
        throws(ParquetDecodingError) -> [Double]
    {
        try decodeFixedWidth(bytes, at: &position, end: end, count: count)
    }
    package var plainByteCount: Int { 8 }
    package static var fixedPlainByteCount: Int? { 8 }
    package var statisticsBytes: [UInt8] { var bytes: [UInt8] = []; bytes.appendLittleEndian(bitPattern); return bytes }
    package init?(statisticsBytes bytes: [UInt8]) {
        guard bytes.count == 8 else { return nil }
        self = Double(bitPattern: bytes.loadLittleEndian(at: 0, as: UInt64.self))
    }
    package static func precedes(_ lhs: Double, _ rhs: Double) -> Bool { lhs < rhs }
    package var isExcludedFromStatistics: Bool { isNaN }
    package var asStatisticsMinimum: Double { self == 0 ? -0.0 : self }
    package var asStatisticsMaximum: Double { self == 0 ? 0.0 : self }
    package static func columnValues(_ values: [Double?]) -> ParquetColumnValues { .double(values) }
    package static func statisticValue(_ value: Double) -> ParquetValue { .double(value) }
}

extension Bool: PlainValue {
    package static var physicalType: ParquetPhysicalType { .boolean }

    /// PLAIN booleans are bit-packed, least significant bit first, eight to a byte.
    package static func appendPlain(_ values: ArraySlice<Bool>, to buffer: inout [UInt8]) {
        var byte: UInt8 = 0
        var bit = 0
        for value in values {
            if value { byte |= 1 << UInt8(bit) }
            bit += 1
            if bit == 8 {
                buffer.append(byte)
                byte = 0
                bit = 0
            }
        }
        if bit > 0 { buffer.append(byte) }
    }

    package static func decodePlain(_ bytes: [UInt8], at position: inout Int, end: Int, count: Int)
        throws(ParquetDecodingError) -> [Bool]
    {
        guard count >= 0 else { throw ParquetDecodingError(.corrupt, at: position, "negative value count") }
        let byteCount = (count + 7) / 8
        try [UInt8].requireBytes(byteCount, at: position, end: end, "\(count) PLAIN booleans")
        var result: [Bool] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            result.append(bytes[position + index >> 3] >> UInt8(index & 7) & 1 == 1)
        }
        position += byteCount
        return result
    }

    package var plainByteCount: Int { 1 }
    package static var fixedPlainByteCount: Int? { 1 }
    package var statisticsBytes: [UInt8] { [self ? 1 : 0] }
    package init?(statisticsBytes bytes: [UInt8]) {
        guard bytes.count == 1 else { return nil }
        self = bytes[0] != 0
    }
    package static func precedes(_ lhs: Bool, _ rhs: Bool) -> Bool { !lhs && rhs }
    package static func columnValues(_ values: [Bool?]) -> ParquetColumnValues { .boolean(values) }
    package static func statisticValue(_ value: Bool) -> ParquetValue { .boolean(value) }
}
