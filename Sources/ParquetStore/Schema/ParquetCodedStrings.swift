/// The values of a string column given as numbers into a list of strings: one code per row, `-1` for
/// a null.
///
/// For a writer whose values already are numbers into a vocabulary (page names, paths, products):
/// the rows carry no `String` of their own, so filling the column retains and releases nothing and
/// the dictionary page is made from the codes used, without hashing a string. `strings` may hold
/// strings that no row uses (they stay out of the file); it should hold each string once, since the
/// dictionary page takes one entry per code used.
public struct ParquetCodedStrings: Hashable, Sendable {
    /// Per row, a position in ``strings``, or `-1` for a null.
    public var codes: [Int32]
    /// The strings the codes stand for.
    public var strings: [String]
    /// The UTF-8 length of each of ``strings``, when the caller keeps them: the writer's size estimate
    /// then reads these numbers instead of a string object per row.
    public var utf8Counts: [Int32]?

    /// Rows whose values are `strings[codes[row]]` (`-1`: null); `utf8Counts`, if given, the UTF-8
    /// length of each string.
    public init(codes: [Int32], strings: [String], utf8Counts: [Int32]? = nil) {
        precondition(utf8Counts == nil || utf8Counts!.count == strings.count, "one UTF-8 count per string")
        self.codes = codes
        self.strings = strings
        self.utf8Counts = utf8Counts
    }

    /// The rows' values as optional strings.
    ///
    /// - Complexity: O(*n*).
    public var values: [String?] {
        strings.withUnsafeBufferPointer { strings in
            codes.map { $0 < 0 ? nil : strings[Int($0)] }
        }
    }

    /// The number of nulls.
    var nullCount: Int { codes.withUnsafeBufferPointer { codes in codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } } }

    /// Whether every code is `-1` or a position in ``strings``.
    var codesAreValid: Bool {
        let count = Int32(strings.count)
        return codes.withUnsafeBufferPointer { codes in codes.allSatisfy { $0 >= -1 && $0 < count } }
    }

    /// Whether `other` codes into the same list of strings (the same storage), so that codes of the
    /// two can be mixed.
    func sharesStrings(with other: ParquetCodedStrings) -> Bool {
        strings.count == other.strings.count
            && strings.withUnsafeBufferPointer { mine in
                other.strings.withUnsafeBufferPointer { theirs in mine.baseAddress == theirs.baseAddress }
            }
    }

    /// The estimated PLAIN bytes of the rows `range`: 4 per row plus the UTF-8 length of each value, the
    /// same estimate as for ``ParquetColumnValues/string(_:)``, so that a coded batch and the same strings
    /// make the same row groups.
    ///
    /// Read through buffers: once per column of each row group written, with the rows' checks.
    func estimatedPlainBytes(rows range: Range<Int>) -> Int {
        if let utf8Counts {
            return utf8Counts.withUnsafeBufferPointer { counts in
                codes.withUnsafeBufferPointer { codes in
                    var bytes = 0
                    for row in range {
                        bytes += 4
                        if codes[row] >= 0 { bytes += Int(counts[Int(codes[row])]) }
                    }
                    return bytes
                }
            }
        }
        return strings.withUnsafeBufferPointer { strings in
            codes[range].reduce(0) { $0 + 4 + ($1 < 0 ? 0 : strings[Int($1)].utf8.count) }
        }
    }
}

extension ParquetColumnValues {
    /// A string column whose rows are `codes` into `strings` (`-1`: null), with the strings' UTF-8
    /// lengths if the caller keeps them; see ``ParquetCodedStrings``.
    public static func coded(_ codes: [Int32], _ strings: [String], utf8Counts: [Int32]? = nil) -> ParquetColumnValues {
        .codedString(ParquetCodedStrings(codes: codes, strings: strings, utf8Counts: utf8Counts))
    }
}
