extension ThriftCompactReader {
    /// Returns `value`, or throws `.corrupt` naming the missing required field of `structName`.
    package func required<T>(_ value: T?, _ field: String, of structName: String) throws(ParquetDecodingError) -> T {
        guard let value else {
            throw ParquetDecodingError(.corrupt, at: position, "\(structName) lacks its required field \(field)")
        }
        return value
    }

    /// Reads an `i32` enum value into one of the raw-value enum structs.
    package mutating func readEnum<T: ThriftEnum>(_ type: ThriftCompactType, as: T.Type) throws(ParquetDecodingError) -> T {
        T(rawValue: try readI32(type))
    }
}

/// A Thrift enum kept as its raw `i32`, so that unknown values still decode.
package protocol ThriftEnum {
    init(rawValue: Int32)
    var rawValue: Int32 { get }
}

extension ParquetPhysicalType: ThriftEnum {}
extension ParquetEncoding: ThriftEnum {}
extension ParquetCodec: ThriftEnum {}
extension ParquetRepetition: ThriftEnum {}
extension ParquetConvertedType: ThriftEnum {}
extension ParquetPageType: ThriftEnum {}
