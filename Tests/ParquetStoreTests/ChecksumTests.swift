import Foundation
import ParquetStore
import Testing

/// Page CRCs (the `crc` of a page header) and file checksums (issue 18.13: one damaged byte in a footer
/// statistic made a report silently drop rows).
@Suite("Checksums", .temporaryFiles)
struct ChecksumTests {
    /// The bitwise CRC-32 (zlib's polynomial), independent of the one under test.
    static func referenceCRC(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func write(codec: ParquetCodec) throws -> (path: String, summary: ParquetFileSummary) {
        let schema = SampleColumns.schema(optional: true)
        let columns = schema.columns.map { SampleColumns.values($0.type, count: 3_000, nullEvery: 4, distinct: 50) }
        var options = TestFiles.options(codec)
        options.maxRowsPerPage = 500
        options.maxRowsPerRowGroup = 1_000
        let path = TestFiles.temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
        try writer.append(columns)
        return (path, try writer.close())
    }

    @Test(arguments: [ParquetCodec.gzip, .uncompressed])
    func theSummaryAndTheReaderGiveTheFilesChecksums(codec: ParquetCodec) throws {
        let (path, summary) = try Self.write(codec: codec)
        let bytes = try TestFiles.bytes(path)
        #expect(summary.byteCount == Int64(bytes.count))
        #expect(summary.checksum == Self.referenceCRC(bytes))
        let footerLength = Int(UInt32(bytes[bytes.count - 8]) | UInt32(bytes[bytes.count - 7]) << 8 | UInt32(bytes[bytes.count - 6]) << 16 | UInt32(bytes[bytes.count - 5]) << 24)
        let footer = bytes[(bytes.count - 8 - footerLength)...]
        #expect(summary.footerChecksum == Self.referenceCRC(footer))
        #expect(try ParquetFileReader(path: path).footerChecksum == summary.footerChecksum)
    }

    /// A flipped byte in any page's stored bytes fails that page's CRC when read.
    @Test(arguments: [ParquetCodec.gzip, .uncompressed])
    func aDamagedPageFailsItsCRC(codec: ParquetCodec) throws {
        let (path, _) = try Self.write(codec: codec)
        let reader = try ParquetFileReader(path: path)
        let name = reader.schema.columns[1].name
        let original = try reader.readColumn(name, rowGroup: 1)
        var bytes = try TestFiles.bytes(path)
        // Damage the last byte of the chunk of that column in row group 1 (inside its last page's body).
        let info = try #require(reader.rowGroups[1].column(name))
        let chunkEnd = Int(info.offset + info.compressedByteCount)
        bytes[chunkEnd - 1] ^= 0x55
        let damaged = try TestFiles.write(bytes)
        let again = try ParquetFileReader(path: damaged)
        #expect(try again.readColumn(reader.schema.columns[0].name, rowGroup: 1) == (try reader.readColumn(reader.schema.columns[0].name, rowGroup: 1)))
        #expect {
            _ = try again.readColumn(name, rowGroup: 1)
        } throws: { error in
            "\(error)".contains("fails its CRC-32 check")
        }
        _ = original
    }

    /// pyarrow checks our page CRCs when asked to (an independent implementation of the same sums).
    @Test(.enabled(if: PythonReader.hasPyarrow))
    func pyarrowVerifiesOurPageChecksums() throws {
        let (path, _) = try Self.write(codec: .gzip)
        let result = try PythonReader.json(
            """
            import sys, json, pyarrow.parquet as pq
            table = pq.read_table(sys.argv[1], page_checksum_verification=True)
            print(json.dumps({"rows": table.num_rows}))
            """, arguments: [path])
        #expect(result["rows"] as? Int == 3_000)
        // And a damaged page is caught by pyarrow too.
        var bytes = try TestFiles.bytes(path)
        let reader = try ParquetFileReader(path: path)
        let name = reader.schema.columns[0].name
        let chunk = try #require(reader.rowGroups[0].column(name))
        let end = Int(chunk.offset + chunk.compressedByteCount)
        bytes[end - 1] ^= 0x55
        let damaged = try TestFiles.write(bytes)
        let failed = try PythonReader.run(
            "import sys, pyarrow.parquet as pq; pq.read_table(sys.argv[1], page_checksum_verification=True)", arguments: [damaged])
        #expect(failed.status != 0)
        #expect(failed.error.lowercased().contains("crc"), "\(failed.error)")
    }
}
