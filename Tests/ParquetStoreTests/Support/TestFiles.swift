import Foundation
import ParquetStore

/// Temporary files and small helpers shared by the ParquetStore tests.
enum TestFiles {
    /// A fresh path in the test's temporary directory (see ``TemporaryFiles``), or in the system's
    /// outside such a test. The file is not created.
    static func temporaryPath(_ suffix: String = ".parquet") -> String {
        (TemporaryFiles.directory ?? FileManager.default.temporaryDirectory)
            .appendingPathComponent("footfall-parquet-\(UUID().uuidString)\(suffix)").path
    }

    /// The file's bytes.
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    static func write(_ bytes: [UInt8]) throws -> String {
        let path = temporaryPath()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `columns` (one batch) with `schema` and `options` to a new file and returns its path.
    static func write(
        _ schema: ParquetSchema, _ columns: [ParquetColumnValues], options: ParquetWriterOptions = .init()
    ) throws -> String {
        let path = temporaryPath()
        let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
        try writer.append(columns)
        try writer.close()
        return path
    }

    /// Options with `codec` and dictionary encoding on or off.
    static func options(_ codec: ParquetCodec, dictionary: Bool = true) -> ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.compression = codec
        options.dictionaryEncoding = dictionary
        return options
    }
}
