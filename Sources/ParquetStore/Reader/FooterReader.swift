/// Finds, reads and checks a file's footer: `PAR1` at both ends, the footer length before the
/// trailing magic, a Thrift `FileMetaData` that describes a flat schema.
enum FooterReader {
    /// The magic of a file whose footer is encrypted.
    static let encryptedMagic: [UInt8] = Array("PARE".utf8)
    /// Leading magic, footer length and trailing magic: the smallest possible file is longer.
    static let minimumFileSize = 12

    /// Reads the footer of `file`.
    ///
    /// - Throws: ``ParquetError``, as described in ``ParquetFileReader/init(path:)``.
    static func read(_ file: InputFile) throws(ParquetError) -> (metadata: FileMetaData, checksum: UInt32) {
        let magic = ParquetMagic.bytes
        let head = try file.read(at: 0, count: min(4, Int(file.size)), what: "the leading magic")
        guard head == magic else {
            if head == encryptedMagic {
                throw ParquetError(.unsupported, file: file.name, offset: 0, message: "the file is encrypted")
            }
            throw ParquetError(.badMagic, file: file.name, offset: 0, message: "the file does not start with PAR1: it is not a Parquet file")
        }
        guard file.size >= Int64(minimumFileSize) else {
            throw ParquetError(.truncated, file: file.name, offset: file.size, message: "the file is too short (\(file.size) bytes) to hold a footer")
        }
        let tail = try file.read(at: file.size - 8, count: 8, what: "the footer length and trailing magic")
        guard Array(tail[4...]) == magic else {
            throw ParquetError(
                .truncated, file: file.name, offset: file.size - 4,
                message: "the file does not end with PAR1: it was cut short or is still being written")
        }
        let length = Int64(tail.loadLittleEndian(at: 0, as: UInt32.self))
        let footerStart = file.size - 8 - length
        guard footerStart >= 4 else {
            throw ParquetError(
                .corrupt, file: file.name, offset: file.size - 8,
                message: "the footer length \(length) is longer than the file")
        }
        let footer = try file.read(at: footerStart, count: Int(length), what: "the footer")
        var reader = ThriftCompactReader(bytes: footer)
        let metadata: FileMetaData
        do {
            metadata = try reader.read(FileMetaData.self)
        } catch {
            throw error.inFile(file.name, baseOffset: footerStart)
        }
        try check(metadata, file: file, footerStart: footerStart)
        let footerCRC = CRC32.of(footer, footer.indices)
        return (metadata, tail.withUnsafeBytes { CRC32.update(footerCRC, $0) })
    }

    /// Checks that the schema is flat and every row group has one chunk per leaf.
    private static func check(_ metadata: FileMetaData, file: InputFile, footerStart: Int64) throws(ParquetError) {
        guard let root = metadata.schema.first else {
            throw ParquetError(.corrupt, file: file.name, offset: footerStart, message: "the footer's schema is empty")
        }
        let leafCount = metadata.schema.count - 1
        for element in metadata.schema.dropFirst() where (element.numChildren ?? 0) > 0 || element.type == nil {
            throw ParquetError(
                .unsupported, file: file.name, offset: footerStart,
                message: "column \"\(element.name)\" is a group: nested schemas are not supported")
        }
        guard Int(root.numChildren ?? 0) == leafCount else {
            throw ParquetError(
                .corrupt, file: file.name, offset: footerStart,
                message: "the schema root has \(root.numChildren ?? 0) children but \(leafCount) columns follow")
        }
        for (index, group) in metadata.rowGroups.enumerated() where group.columns.count != leafCount {
            throw ParquetError(
                .corrupt, file: file.name, offset: footerStart,
                message: "row group \(index) has \(group.columns.count) column chunks for \(leafCount) columns")
        }
    }
}
