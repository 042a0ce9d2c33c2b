/// Writes Thrift structs in the compact protocol, the encoding of Parquet's metadata.
///
/// Only what Parquet metadata needs is here: field headers (the id as a delta from the previous
/// field when it fits in four bits, else the type byte and a zigzag varint), zigzag varint
/// integers, length-prefixed binary, lists, nested structs and booleans folded into the field type.
/// The byte-level rules are those of the Thrift compact protocol specification
/// (`thrift/doc/specs/thrift-compact-protocol.md`).
package struct ThriftCompactWriter {
    /// The bytes written so far.
    package private(set) var bytes: [UInt8] = []
    /// The id of the last field written in the current struct (for the delta in field headers).
    private var lastFieldID: Int16 = 0
    /// The `lastFieldID` of each enclosing struct.
    private var enclosingFieldIDs: [Int16] = []

    /// The largest field-id delta that fits in a short field header.
    private static let maxShortDelta: Int16 = 15
    /// List sizes below this fit in the list header byte.
    private static let maxShortListSize = 15

    /// Creates an empty writer.
    package init() {}

    /// Writes `value` as a whole top-level struct, fields and stop byte.
    package mutating func writeStruct(_ value: some ThriftEncodable) {
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
        value.encode(to: &self)
        bytes.append(ThriftCompactType.stop.rawValue)
        lastFieldID = enclosingFieldIDs.removeLast()
    }

    // MARK: Fields

    /// Writes an `i8` field (Parquet's `IntType.bitWidth`).
    package mutating func field(_ id: Int16, i8 value: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    /// Writes an `i16` field.
    package mutating func field(_ id: Int16, i16 value: Int16) {
        fieldHeader(id, .i16)
        writeVarint(zigzag(Int64(value)))
    }

    /// Writes an `i32` field (also used for Thrift enums).
    package mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        writeVarint(zigzag(Int64(value)))
    }

    /// Writes an `i64` field.
    package mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        writeVarint(zigzag(value))
    }

    /// Writes a `double` field: eight bytes, little-endian.
    package mutating func field(_ id: Int16, double value: Double) {
        fieldHeader(id, .double)
        writeFixed(value.bitPattern)
    }

    /// Writes a `bool` field; the value is the field header's type, with no further byte.
    package mutating func field(_ id: Int16, bool value: Bool) {
        fieldHeader(id, value ? .booleanTrue : .booleanFalse)
    }

    /// Writes a `binary` field: a varint length, then the bytes.
    package mutating func field(_ id: Int16, binary value: [UInt8]) {
        fieldHeader(id, .binary)
        writeBinary(value)
    }

    /// Writes a `string` field (UTF-8 `binary`).
    package mutating func field(_ id: Int16, string value: String) {
        fieldHeader(id, .binary)
        writeBinary(Array(value.utf8))
    }

    /// Writes a nested struct field.
    package mutating func field(_ id: Int16, struct value: some ThriftEncodable) {
        fieldHeader(id, .structure)
        writeStruct(value)
    }

    /// Writes a `list<i32>` field (also `list<enum>`).
    package mutating func field(_ id: Int16, i32List values: [Int32]) {
        fieldHeader(id, .list)
        listHeader(.i32, count: values.count)
        for value in values { writeVarint(zigzag(Int64(value))) }
    }

    /// Writes a `list<string>` field.
    package mutating func field(_ id: Int16, stringList values: [String]) {
        fieldHeader(id, .list)
        listHeader(.binary, count: values.count)
        for value in values { writeBinary(Array(value.utf8)) }
    }

    /// Writes a `list<struct>` field.
    package mutating func field<Element: ThriftEncodable>(_ id: Int16, structList values: [Element]) {
        fieldHeader(id, .list)
        listHeader(.structure, count: values.count)
        for value in values { writeStruct(value) }
    }

    // MARK: Encoding primitives

    private mutating func fieldHeader(_ id: Int16, _ type: ThriftCompactType) {
        let delta = id &- lastFieldID
        if delta > 0, delta <= Self.maxShortDelta {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    private mutating func listHeader(_ elementType: ThriftCompactType, count: Int) {
        if count < Self.maxShortListSize {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    private mutating func writeBinary(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends `value` as a ULEB128 varint: seven bits a byte, low bits first.
    private mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private mutating func writeFixed(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Zigzag maps signed to unsigned so that small magnitudes stay small: 0, -1, 1, -2 → 0, 1, 2, 3.
    private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
