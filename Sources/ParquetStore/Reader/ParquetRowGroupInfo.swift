/// A row group of an open file, as its footer describes it.
public struct ParquetRowGroupInfo: Hashable, Sendable {
    /// Rows in the row group.
    public var rowCount: Int64
    /// Stored bytes of all its column chunks (pages and page headers).
    public var compressedByteCount: Int64
    /// One entry per column of the file, in file order (unsupported columns included).
    public var columns: [ParquetColumnChunkInfo]

    /// The chunk of the column named `name`.
    ///
    /// - Complexity: O(*n*) in the number of columns.
    public func column(_ name: String) -> ParquetColumnChunkInfo? {
        columns.first { $0.name == name }
    }
}

/// One column chunk of a row group, as the footer describes it.
public struct ParquetColumnChunkInfo: Hashable, Sendable {
    /// The column's name.
    public var name: String
    /// The column's physical type.
    public var physicalType: ParquetPhysicalType
    /// The codec of its pages.
    public var codec: ParquetCodec
    /// The encodings its pages use (values and levels).
    public var encodings: [ParquetEncoding]
    /// Values in the chunk, nulls included.
    public var valueCount: Int64
    /// Stored bytes of its pages, headers included.
    public var compressedByteCount: Int64
    /// The file offset of its first page (the dictionary page when it has one): its pages are the
    /// `compressedByteCount` bytes from there.
    public var offset: Int64 = 0
    /// Bytes of its pages before compression, headers included.
    public var uncompressedByteCount: Int64
    /// Its statistics, when the writer recorded them. Min and max are decoded for the column
    /// types this module reads; for others only the counts are given.
    public var statistics: ParquetColumnStatistics?

    /// Whether the chunk's data pages are dictionary-encoded.
    public var isDictionaryEncoded: Bool { encodings.contains { $0.isDictionary } }
}

extension ParquetColumnStatistics {
    /// Decodes Thrift `Statistics` of a column of `type` (`nil`: a type this module cannot read).
    ///
    /// `min_value`/`max_value` are used when present. The deprecated `min`/`max` are used
    /// otherwise, but only where their signed order is the column's order (not for strings and
    /// binary, compared unsigned).
    init(_ statistics: Statistics, type: ParquetColumnType?) {
        self.init(nullCount: statistics.nullCount, nanCount: statistics.nanCount, distinctCount: statistics.distinctCount)
        guard let type else { return }
        var minBytes = statistics.minValue
        var maxBytes = statistics.maxValue
        if minBytes == nil, maxBytes == nil, type != .string, type != .binary {
            minBytes = statistics.legacyMin
            maxBytes = statistics.legacyMax
        }
        func decode<V: PlainValue>(_: V.Type, _ bytes: [UInt8]?) -> ParquetValue? {
            bytes.flatMap { V(statisticsBytes: $0) }.map { V.statisticValue($0) }
        }
        switch type {
        case .boolean: (min, max) = (decode(Bool.self, minBytes), decode(Bool.self, maxBytes))
        case .int32, .date: (min, max) = (decode(Int32.self, minBytes), decode(Int32.self, maxBytes))
        case .int64, .timestamp: (min, max) = (decode(Int64.self, minBytes), decode(Int64.self, maxBytes))
        case .double: (min, max) = (decode(Double.self, minBytes), decode(Double.self, maxBytes))
        case .binary: (min, max) = (decode([UInt8].self, minBytes), decode([UInt8].self, maxBytes))
        case .string: (min, max) = (decode(String.self, minBytes), decode(String.self, maxBytes))
        }
    }
}
