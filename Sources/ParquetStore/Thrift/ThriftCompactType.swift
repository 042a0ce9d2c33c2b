/// The type nibble of a Thrift compact-protocol field header or list header.
///
/// In a field header, booleans carry their value in the type (`booleanTrue`, `booleanFalse`) and
/// take no further bytes. In a list, a boolean element is one byte.
package enum ThriftCompactType: UInt8, Sendable {
    case stop = 0
    case booleanTrue = 1
    case booleanFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case structure = 12

    /// Whether this is one of the two boolean type codes.
    package var isBoolean: Bool { self == .booleanTrue || self == .booleanFalse }
}

/// A Thrift struct that can write its fields in the compact protocol.
package protocol ThriftEncodable {
    /// Writes the struct's fields (not the stop byte: the caller ends the struct).
    func encode(to writer: inout ThriftCompactWriter)
}

/// A Thrift struct that can be read from the compact protocol, skipping fields it does not know.
package protocol ThriftDecodable {
    /// Reads one struct, from its first field header to its stop byte.
    ///
    /// - Throws: ``ParquetDecodingError`` when the bytes end early, a required field is missing,
    ///   or a field has an impossible value.
    init(from reader: inout ThriftCompactReader) throws(ParquetDecodingError)
}
