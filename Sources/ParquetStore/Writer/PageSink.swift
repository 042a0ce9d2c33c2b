/// Compresses pages and writes them, each after its header, adding up the chunk's sizes.
struct PageSink {
    let output: OutputFile
    let codec: ParquetCodec
    let compressor: GzipCompressor?
    /// Header and page bytes before compression.
    private(set) var uncompressedBytes: Int64 = 0
    /// Header and page bytes as written.
    private(set) var compressedBytes: Int64 = 0

    init(output: OutputFile, codec: ParquetCodec, compressor: GzipCompressor?) {
        self.output = output
        self.codec = codec
        self.compressor = compressor
    }

    /// Writes a data or dictionary page whose uncompressed content is `body`.
    ///
    /// - Parameter configure: sets the page-type-specific header (`data_page_header`…).
    /// - Returns: the file offset of the page header.
    /// - Throws: ``ParquetError`` `.io` when writing fails, `.invalidArgument` when the page does
    ///   not fit the header's 32-bit sizes.
    mutating func write(
        _ type: ParquetPageType, body: [UInt8], configure: (inout PageHeader) -> Void
    ) throws(ParquetError) -> Int64 {
        let stored: [UInt8]
        if codec == .gzip {
            guard let compressed = compressor?.compress(body) else {
                throw ParquetError(.io, file: output.name, offset: output.position, message: "zlib failed to compress a page")
            }
            stored = compressed
        } else {
            stored = body
        }
        guard let uncompressedSize = Int32(exactly: body.count), let storedSize = Int32(exactly: stored.count) else {
            throw ParquetError(
                .invalidArgument, file: output.name, offset: output.position,
                message: "a page of \(body.count) bytes does not fit Parquet's 32-bit page size")
        }
        var header = PageHeader(type: type, uncompressedPageSize: uncompressedSize, compressedPageSize: storedSize)
        header.crc = Int32(bitPattern: CRC32.of(stored, stored.indices))
        configure(&header)
        var thrift = ThriftCompactWriter()
        thrift.writeStruct(header)
        let offset = output.position
        try output.write(thrift.bytes)
        try output.write(stored)
        uncompressedBytes += Int64(thrift.bytes.count + body.count)
        compressedBytes += Int64(thrift.bytes.count + stored.count)
        return offset
    }
}
