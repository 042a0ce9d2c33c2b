#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ColumnChunkEncoder {
    /// Writes a chunk of byte arrays (``ParquetByteArrays``) PLAIN: each page's values are copied from the
    /// one buffer, the minimum and maximum are found by `memcmp`, and no dictionary is tried (the caller
    /// chose byte arrays for values that are mostly distinct).
    func write(_ arrays: ParquetByteArrays, to sink: inout PageSink) throws(ParquetError) -> ColumnChunk {
        let rowCount = arrays.count
        let startCompressed = sink.compressedBytes
        let startUncompressed = sink.uncompressedBytes
        var firstDataPageOffset: Int64?
        var extremes = ByteArrayExtremes()
        try arrays.bytes.withUnsafeBufferPointer { (bytes) throws(ParquetError) in
            try arrays.ends.withUnsafeBufferPointer { (ends) throws(ParquetError) in
                try arrays.isNull.withUnsafeBufferPointer { (isNull) throws(ParquetError) in
                    var pageStart = 0
                    repeat {
                        // A page ends after `maxRowsPerPage` rows or once its values reach `maxPageBytes` (as for strings).
                        var pageEnd = pageStart
                        var valueBytes = 0
                        while pageEnd < rowCount, pageEnd - pageStart < options.maxRowsPerPage, valueBytes < options.maxPageBytes {
                            if !isNull[pageEnd] { valueBytes += 4 + ends[pageEnd] - (pageEnd == 0 ? 0 : ends[pageEnd - 1]) }
                            pageEnd += 1
                        }
                        var body: [UInt8] = []
                        body.reserveCapacity(valueBytes + 16)
                        if column.optional {
                            body.append(contentsOf: [0, 0, 0, 0])
                            let levels = isNull[pageStart..<pageEnd].lazy.map { $0 ? UInt8(0) : 1 }
                            RLEHybridEncoder.encode(Array(levels), bitWidth: 1, into: &body)
                            let length = UInt32(body.count - 4)
                            for byte in 0..<4 { body[byte] = UInt8(truncatingIfNeeded: length >> UInt32(8 * byte)) }
                        }
                        // The values copied into room made at once (an append per length and per value cost
                        // more than the copies).
                        var at = body.count
                        body.append(contentsOf: repeatElement(0, count: valueBytes))
                        body.withUnsafeMutableBytes { out in
                            for row in pageStart..<pageEnd where !isNull[row] {
                                let start = row == 0 ? 0 : ends[row - 1]
                                let value = UnsafeBufferPointer(rebasing: bytes[start..<ends[row]])
                                out.storeBytes(of: UInt32(value.count).littleEndian, toByteOffset: at, as: UInt32.self)
                                if let source = value.baseAddress { (out.baseAddress! + at + 4).copyMemory(from: source, byteCount: value.count) }
                                at += 4 + value.count
                                extremes.add(value)
                            }
                        }
                        assert(at == body.count, "page size mismatch")
                        let offset = try sink.write(.dataPage, body: body) { header in
                            header.dataPageHeader = DataPageHeader(numValues: Int32(pageEnd - pageStart), encoding: .plain)
                        }
                        if firstDataPageOffset == nil { firstDataPageOffset = offset }
                        pageStart = pageEnd
                    } while pageStart < rowCount
                }
            }
        }
        return chunk(
            type: column.type.physicalType, rowCount: rowCount, dictionaryPageOffset: nil, firstDataPageOffset: firstDataPageOffset!,
            since: (startCompressed, startUncompressed), of: sink, statistics: extremes.statistics(nullCount: arrays.nullCount))
    }
}

/// The least and greatest byte array of a chunk in unsigned byte order (Parquet's order for `STRING`
/// and `BINARY`), found by `memcmp` and copied only when one changes.
struct ByteArrayExtremes {
    private var minimum: [UInt8]?
    private var maximum: [UInt8]?

    mutating func add(_ value: UnsafeBufferPointer<UInt8>) {
        guard let minimum, let maximum else {
            minimum = Array(value)
            maximum = Array(value)
            return
        }
        if Self.compare(value, minimum) < 0 { self.minimum = Array(value) }
        if Self.compare(value, maximum) > 0 { self.maximum = Array(value) }
    }

    private static func compare(_ value: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Int {
        other.withUnsafeBufferPointer { other in
            let common = min(value.count, other.count)
            let order = common == 0 ? 0 : Int(memcmp(value.baseAddress!, other.baseAddress!, common))
            return order != 0 ? order : value.count - other.count
        }
    }

    /// Min and max are left out, as for strings, when either is longer than the footer should carry.
    func statistics(nullCount: Int) -> Statistics {
        let limit = StatisticsAccumulator<String>.maxStatisticsValueBytes
        let tooLong = (minimum?.count ?? 0) > limit || (maximum?.count ?? 0) > limit
        return Statistics(nullCount: Int64(nullCount), minValue: tooLong ? nil : minimum, maxValue: tooLong ? nil : maximum, nanCount: nil)
    }
}
