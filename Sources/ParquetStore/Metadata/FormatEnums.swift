/// Parquet's Thrift enums, as open sets of raw values.
///
/// Each is a struct around the `i32` written in the file, not a Swift enum, so that a file from a
/// newer writer with a value this module does not know still decodes: the reader fails only if it
/// must *use* the unknown value (for instance, to decode a page in an unknown encoding).

/// The physical (storage) type of a column: `parquet.thrift` `enum Type`.
public struct ParquetPhysicalType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `i32` written in the file.
    public var rawValue: Int32
    /// The value for `rawValue`, known to this module or not.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let boolean = Self(rawValue: 0)
    public static let int32 = Self(rawValue: 1)
    public static let int64 = Self(rawValue: 2)
    public static let int96 = Self(rawValue: 3)
    public static let float = Self(rawValue: 4)
    public static let double = Self(rawValue: 5)
    public static let byteArray = Self(rawValue: 6)
    public static let fixedLenByteArray = Self(rawValue: 7)

    public var description: String {
        let names = ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "type \(rawValue)"
    }
}

/// How the values (or levels) of a page are encoded: `parquet.thrift` `enum Encoding`.
public struct ParquetEncoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `i32` written in the file.
    public var rawValue: Int32
    /// The value for `rawValue`, known to this module or not.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let plain = Self(rawValue: 0)
    /// Deprecated name of dictionary encoding, still written by old writers.
    public static let plainDictionary = Self(rawValue: 2)
    public static let rle = Self(rawValue: 3)
    public static let bitPacked = Self(rawValue: 4)
    public static let deltaBinaryPacked = Self(rawValue: 5)
    public static let deltaLengthByteArray = Self(rawValue: 6)
    public static let deltaByteArray = Self(rawValue: 7)
    public static let rleDictionary = Self(rawValue: 8)
    public static let byteStreamSplit = Self(rawValue: 9)

    /// Whether data pages in this encoding hold dictionary indices.
    public var isDictionary: Bool { self == .plainDictionary || self == .rleDictionary }

    public var description: String {
        let names = [
            "PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED",
            "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "RLE_DICTIONARY", "BYTE_STREAM_SPLIT",
        ]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "encoding \(rawValue)"
    }
}

/// The compression of a column chunk's pages: `parquet.thrift` `enum CompressionCodec`.
///
/// This module writes ``uncompressed`` and ``gzip``, and reads those and ``snappy``.
public struct ParquetCodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `i32` written in the file.
    public var rawValue: Int32
    /// The value for `rawValue`, known to this module or not.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let uncompressed = Self(rawValue: 0)
    public static let snappy = Self(rawValue: 1)
    public static let gzip = Self(rawValue: 2)
    public static let lzo = Self(rawValue: 3)
    public static let brotli = Self(rawValue: 4)
    public static let lz4 = Self(rawValue: 5)
    public static let zstd = Self(rawValue: 6)
    public static let lz4Raw = Self(rawValue: 7)

    public var description: String {
        let names = ["UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "codec \(rawValue)"
    }
}

/// `parquet.thrift` `enum FieldRepetitionType`.
package struct ParquetRepetition: RawRepresentable, Hashable, Sendable {
    package var rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }

    package static let required = Self(rawValue: 0)
    package static let optional = Self(rawValue: 1)
    package static let repeated = Self(rawValue: 2)
}

/// `parquet.thrift` `enum ConvertedType` (the deprecated annotations, still written for old readers).
package struct ParquetConvertedType: RawRepresentable, Hashable, Sendable {
    package var rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }

    package static let utf8 = Self(rawValue: 0)
    package static let enumeration = Self(rawValue: 4)
    package static let date = Self(rawValue: 6)
    package static let timestampMillis = Self(rawValue: 9)
    package static let timestampMicros = Self(rawValue: 10)
    package static let uint8 = Self(rawValue: 11)
    package static let uint16 = Self(rawValue: 12)
    package static let int8 = Self(rawValue: 15)
    package static let int16 = Self(rawValue: 16)
    package static let int32 = Self(rawValue: 17)
    package static let int64 = Self(rawValue: 18)
    package static let json = Self(rawValue: 19)
}

/// `parquet.thrift` `enum PageType`.
package struct ParquetPageType: RawRepresentable, Hashable, Sendable {
    package var rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }

    package static let dataPage = Self(rawValue: 0)
    package static let indexPage = Self(rawValue: 1)
    package static let dictionaryPage = Self(rawValue: 2)
    package static let dataPageV2 = Self(rawValue: 3)
}
