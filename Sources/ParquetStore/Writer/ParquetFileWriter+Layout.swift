extension ParquetFileWriter {
    /// Encodes and writes the buffered rows as one row group, then empties the buffers.
    func writeRowGroup() throws(ParquetError) {
        let startOffset = output.position
        var sink = PageSink(output: output, codec: options.compression, compressor: compressor)
        var chunks: [ColumnChunk] = []
        for (index, column) in schema.columns.enumerated() {
            let encoder = ColumnChunkEncoder(column: column, options: options)
            let values = buffers[index]
            buffers[index] = .empty(for: column.type)
            switch values {
            case .boolean(let values): chunks.append(try encoder.write(values, to: &sink))
            case .int32(let values): chunks.append(try encoder.write(values, to: &sink))
            case .int64(let values): chunks.append(try encoder.write(values, to: &sink))
            case .double(let values): chunks.append(try encoder.write(values, to: &sink))
            case .binary(let values): chunks.append(try encoder.write(values, to: &sink))
            case .string(let values): chunks.append(try encoder.write(values, to: &sink))
            case .codedString(let coded): chunks.append(try encoder.write(coded, to: &sink))
            case .byteArrays(let arrays): chunks.append(try encoder.write(arrays, to: &sink))
            case .codedByteArrays(let coded): chunks.append(try encoder.write(coded, to: &sink))
            }
        }
        rowGroups.append(
            RowGroup(
                columns: chunks, totalByteSize: sink.uncompressedBytes, numRows: Int64(bufferedRows),
                fileOffset: startOffset, totalCompressedSize: sink.compressedBytes,
                ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
        rowCount += Int64(bufferedRows)
        bufferedRows = 0
        bufferedBytes = 0
    }

    /// Writes the footer, its length and the trailing magic.
    /// Writes the footer; returns the CRC-32 of its bytes and the 8 after them (length and magic), which a
    /// reader computes as ``ParquetFileReader/footerChecksum``.
    func writeFooter() throws(ParquetError) -> UInt32 {
        let keyValues = options.keyValueMetadata.sorted { $0.key < $1.key }.map { KeyValue(key: $0.key, value: $0.value) }
        let metadata = FileMetaData(
            schema: schema.schemaElements, numRows: rowCount, rowGroups: rowGroups,
            keyValueMetadata: keyValues.isEmpty ? nil : keyValues, createdBy: options.createdBy,
            columnOrders: Array(repeating: FileMetaData.typeDefinedOrder, count: schema.columns.count))
        var thrift = ThriftCompactWriter()
        thrift.writeStruct(metadata)
        var trailer: [UInt8] = []
        trailer.appendLittleEndian(UInt32(thrift.bytes.count))
        trailer += ParquetMagic.bytes
        try output.write(thrift.bytes)
        try output.write(trailer)
        return CRC32.of(thrift.bytes + trailer, 0..<(thrift.bytes.count + trailer.count))
    }
}
