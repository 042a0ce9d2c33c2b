/// Reads Thrift structs in the compact protocol from a byte buffer, skipping unknown fields.
///
/// Every read is bounds-checked: a buffer that ends early throws `.truncated`; a varint longer than
/// ten bytes, an unknown type code, or nesting deeper than ``maxNestingDepth`` throws `.corrupt`.
/// List sizes are checked against the bytes left before anything is allocated, so a corrupt length
/// cannot make the reader allocate more than the buffer's size.
package struct ThriftCompactReader {
    /// The deepest struct/list nesting accepted. Parquet metadata needs 5; the limit keeps a
    /// malicious file from exhausting the stack while skipping.
    package static let maxNestingDepth = 64
    /// The longest varint (a 64-bit value in 7-bit groups).
    private static let maxVarintBytes = 10

    /// The buffer.
    package let bytes: [UInt8]
    /// The position of the next byte to read.
    package private(set) var position: Int
    private let end: Int
    private var lastFieldID: Int16 = 0
    private var enclosingFieldIDs: [Int16] = []
    /// The value of the boolean field whose header was just read (compact booleans live in the type).
    private var pendingBool: Bool?

    /// Creates a reader of `bytes[position..<end]` (to the end of `bytes` when `end` is `nil`).
    package init(bytes: [UInt8], position: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.position = position
        self.end = min(end ?? bytes.count, bytes.count)
    }

    /// Reads a top-level struct of type `T`.
    package mutating func read<T: ThriftDecodable>(_ type: T.Type) throws(ParquetDecodingError) -> T {
        try T(from: &self)
    }

    /// Reads the fields of one struct up to its stop byte, calling `body` with each field's id and
    /// type. `body` must consume the field's value (a `read…` call or ``skip(_:)``).
    ///
    /// - Complexity: O(*n*) in the struct's encoded size.
    package mutating func readFields(
        _ body: (inout ThriftCompactReader, Int16, ThriftCompactType) throws(ParquetDecodingError) -> Void
    ) throws(ParquetDecodingError) {
        guard enclosingFieldIDs.count < Self.maxNestingDepth else {
            throw ParquetDecodingError(.corrupt, at: position, "Thrift structs nested too deeply")
        }
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
        while true {
            let header = try readByte()
            if header == 0 { break }
            let type = try compactType(header & 0x0F)
            let delta = Int16(header >> 4)
            let id: Int16
            if delta != 0 {
                id = lastFieldID &+ delta
            } else {
                let wide = try readZigZag()
                guard let narrow = Int16(exactly: wide) else {
                    throw ParquetDecodingError(.corrupt, at: position, "Thrift field id \(wide) out of range")
                }
                id = narrow
            }
            lastFieldID = id
            pendingBool = type.isBoolean ? (type == .booleanTrue) : nil
            try body(&self, id, type)
            pendingBool = nil
        }
        lastFieldID = enclosingFieldIDs.removeLast()
    }

    // MARK: Values

    /// Reads an integer of any Thrift integer type (`byte`, `i16`, `i32`, `i64`).
    package mutating func readInteger(_ type: ThriftCompactType) throws(ParquetDecodingError) -> Int64 {
        switch type {
        case .byte: return Int64(Int8(bitPattern: try readByte()))
        case .i16, .i32, .i64: return try readZigZag()
        default: throw ParquetDecodingError(.corrupt, at: position, "expected a Thrift integer, found type \(type)")
        }
    }

    /// Reads an `i32` (or narrower) value.
    package mutating func readI32(_ type: ThriftCompactType) throws(ParquetDecodingError) -> Int32 {
        let wide = try readInteger(type)
        guard let value = Int32(exactly: wide) else {
            throw ParquetDecodingError(.corrupt, at: position, "Thrift i32 value \(wide) out of range")
        }
        return value
    }

    /// Reads a boolean: from the field header just read, or one byte inside a list.
    package mutating func readBool(_ type: ThriftCompactType) throws(ParquetDecodingError) -> Bool {
        guard type.isBoolean else {
            throw ParquetDecodingError(.corrupt, at: position, "expected a Thrift bool, found type \(type)")
        }
        if let value = pendingBool {
            pendingBool = nil
            return value
        }
        return try readByte() == ThriftCompactType.booleanTrue.rawValue
    }

    /// Reads a `double` (eight bytes, little-endian).
    package mutating func readDouble(_ type: ThriftCompactType) throws(ParquetDecodingError) -> Double {
        guard type == .double else {
            throw ParquetDecodingError(.corrupt, at: position, "expected a Thrift double, found type \(type)")
        }
        try require(8)
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[position + index]) << UInt64(8 * index) }
        position += 8
        return Double(bitPattern: bits)
    }

    /// Reads a `binary` value: a varint length, then that many bytes.
    package mutating func readBinary(_ type: ThriftCompactType) throws(ParquetDecodingError) -> [UInt8] {
        guard type == .binary else {
            throw ParquetDecodingError(.corrupt, at: position, "expected Thrift binary, found type \(type)")
        }
        let count = try readLength()
        let value = Array(bytes[position..<position + count])
        position += count
        return value
    }

    /// Reads a `string` value (invalid UTF-8 is repaired).
    package mutating func readString(_ type: ThriftCompactType) throws(ParquetDecodingError) -> String {
        String(decoding: try readBinary(type), as: UTF8.self)
    }

    /// Reads a nested struct.
    package mutating func readStruct<T: ThriftDecodable>(_ type: ThriftCompactType, as: T.Type) throws(ParquetDecodingError) -> T {
        guard type == .structure else {
            throw ParquetDecodingError(.corrupt, at: position, "expected a Thrift struct, found type \(type)")
        }
        return try T(from: &self)
    }

    /// Reads a list, calling `element` once per element with the element type.
    ///
    /// - Complexity: O(*n*) in the list's encoded size.
    package mutating func readList<Element>(
        _ type: ThriftCompactType,
        _ element: (inout ThriftCompactReader, ThriftCompactType) throws(ParquetDecodingError) -> Element
    ) throws(ParquetDecodingError) -> [Element] {
        guard type == .list || type == .set else {
            throw ParquetDecodingError(.corrupt, at: position, "expected a Thrift list, found type \(type)")
        }
        let (elementType, count) = try readListHeader()
        guard enclosingFieldIDs.count < Self.maxNestingDepth else {
            throw ParquetDecodingError(.corrupt, at: position, "Thrift lists nested too deeply")
        }
        enclosingFieldIDs.append(lastFieldID)
        defer { lastFieldID = enclosingFieldIDs.removeLast() }
        var result: [Element] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self, elementType)) }
        return result
    }

    /// Skips one value of `type`, whatever it holds (for fields this reader does not know).
    ///
    /// - Complexity: O(*n*) in the value's encoded size.
    package mutating func skip(_ type: ThriftCompactType) throws(ParquetDecodingError) {
        switch type {
        case .stop:
            throw ParquetDecodingError(.corrupt, at: position, "unexpected Thrift stop type")
        case .booleanTrue, .booleanFalse:
            _ = try readBool(type)
        case .byte:
            try require(1)
            position += 1
        case .i16, .i32, .i64:
            _ = try readVarint()
        case .double:
            try require(8)
            position += 8
        case .binary:
            position += try readLength()
        case .list, .set:
            _ = try readList(type) { (reader, elementType) throws(ParquetDecodingError) in try reader.skip(elementType) }
        case .map:
            try skipMap()
        case .structure:
            try readFields { (reader, _, fieldType) throws(ParquetDecodingError) in try reader.skip(fieldType) }
        }
    }

    // MARK: Primitives

    private mutating func skipMap() throws(ParquetDecodingError) {
        let count = try readLength(bytesPerElement: 2)
        guard count > 0 else { return }
        let types = try readByte()
        let keyType = try compactType(types >> 4)
        let valueType = try compactType(types & 0x0F)
        guard enclosingFieldIDs.count < Self.maxNestingDepth else {
            throw ParquetDecodingError(.corrupt, at: position, "Thrift maps nested too deeply")
        }
        enclosingFieldIDs.append(lastFieldID)
        defer { lastFieldID = enclosingFieldIDs.removeLast() }
        for _ in 0..<count {
            try skip(keyType)
            try skip(valueType)
        }
    }

    private mutating func readListHeader() throws(ParquetDecodingError) -> (ThriftCompactType, Int) {
        let header = try readByte()
        let elementType = try compactType(header & 0x0F)
        let shortCount = Int(header >> 4)
        if shortCount != 15 {
            guard shortCount <= end - position else {
                throw ParquetDecodingError(.truncated, at: position, "Thrift list longer than its buffer")
            }
            return (elementType, shortCount)
        }
        return (elementType, try readLength())
    }

    /// Reads a varint length and checks that `length * bytesPerElement` bytes remain.
    private mutating func readLength(bytesPerElement: Int = 1) throws(ParquetDecodingError) -> Int {
        let start = position
        let raw = try readVarint()
        guard raw <= UInt64(end - position) / UInt64(bytesPerElement) else {
            throw ParquetDecodingError(.truncated, at: start, "Thrift length \(raw) runs past the end of its buffer")
        }
        return Int(raw)
    }

    private mutating func readByte() throws(ParquetDecodingError) -> UInt8 {
        try require(1)
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func readVarint() throws(ParquetDecodingError) -> UInt64 {
        var result: UInt64 = 0
        for index in 0..<Self.maxVarintBytes {
            let byte = try readByte()
            result |= UInt64(byte & 0x7F) << UInt64(7 * index)
            if byte & 0x80 == 0 { return result }
        }
        throw ParquetDecodingError(.corrupt, at: position, "Thrift varint longer than \(Self.maxVarintBytes) bytes")
    }

    private mutating func readZigZag() throws(ParquetDecodingError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    private func require(_ count: Int) throws(ParquetDecodingError) {
        guard end - position >= count else {
            throw ParquetDecodingError(.truncated, at: position, "Thrift data ends early")
        }
    }

    private func compactType(_ code: UInt8) throws(ParquetDecodingError) -> ThriftCompactType {
        guard let type = ThriftCompactType(rawValue: code) else {
            throw ParquetDecodingError(.corrupt, at: position, "unknown Thrift type code \(code)")
        }
        return type
    }
}
