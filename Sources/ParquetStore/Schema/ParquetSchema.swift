/// One column of a flat ``ParquetSchema``.
public struct ParquetColumn: Hashable, Sendable {
    /// The column's name (its whole path: nesting is not supported).
    public var name: String
    /// What the column holds.
    public var type: ParquetColumnType
    /// Whether values may be null (`OPTIONAL`); otherwise every row has a value (`REQUIRED`).
    public var optional: Bool

    /// Creates a column.
    public init(name: String, type: ParquetColumnType, optional: Bool) {
        self.name = name
        self.type = type
        self.optional = optional
    }
}

/// The columns of a Parquet file, in order: a flat schema (no groups, lists or maps).
///
/// ```swift
/// let schema = ParquetSchema([
///     .init(name: "day", type: .date, optional: false),
///     .init(name: "path", type: .string, optional: false),
///     .init(name: "referrer", type: .string, optional: true),
/// ])
/// ```
///
/// Names must be unique and non-empty; ``ParquetFileWriter`` checks that with ``validate()``.
public struct ParquetSchema: Hashable, Sendable {
    /// The columns, in file order.
    public var columns: [ParquetColumn]

    /// Creates a schema of `columns`, in that order.
    public init(_ columns: [ParquetColumn]) {
        self.columns = columns
    }

    /// The index of the column named `name`.
    ///
    /// - Complexity: O(*n*) in the number of columns.
    public func index(of name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// Checks that there is at least one column and that the names are unique and non-empty.
    ///
    /// - Throws: ``ParquetError`` with code `.invalidArgument`, naming `file` and the bad column.
    public func validate(file: String = "<schema>") throws(ParquetError) {
        guard !columns.isEmpty else {
            throw ParquetError(.invalidArgument, file: file, message: "a Parquet schema needs at least one column")
        }
        var seen = Set<String>()
        for column in columns {
            guard !column.name.isEmpty else {
                throw ParquetError(.invalidArgument, file: file, message: "a column name is empty")
            }
            guard seen.insert(column.name).inserted else {
                throw ParquetError(.invalidArgument, file: file, message: "column name \"\(column.name)\" is used twice")
            }
        }
    }
}
