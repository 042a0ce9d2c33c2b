/// The values of a string or binary column given as numbers into a list of byte arrays: one code per
/// row, `-1` for a null.
///
/// For values that repeat in runs or groups the caller already knows, such as the visit id on each of
/// a visit's page views: the caller stores each distinct value once (``values``) and a number per row, so
/// filling the column copies no bytes per row, and the writer makes the dictionary page from the values
/// used, in first-seen order, without hashing them. The chunk falls back to PLAIN when the dictionary
/// exceeds its limit (``ParquetWriterOptions/maxDictionaryBytes(for:)``) or would not be smaller.
///
/// ```swift
/// var ids = ParquetByteArrays()
/// ids.append("visit-1")
/// ids.append("visit-2")
/// let column = ParquetColumnValues.coded([0, 0, 0, 1, 1], ids)  // five rows, two distinct values
/// ```
public struct ParquetCodedByteArrays: Hashable, Sendable {
    /// Per row, a position in ``values``, or `-1` for a null.
    public var codes: [Int32]
    /// The values the codes stand for; a code must not point at a null one.
    public var values: ParquetByteArrays

    /// Rows whose values are `values[codes[row]]` (`-1`: null).
    public init(codes: [Int32], values: ParquetByteArrays) {
        self.codes = codes
        self.values = values
    }

    /// The number of nulls.
    var nullCount: Int { codes.withUnsafeBufferPointer { codes in codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } } }

    /// Whether every code is `-1` or the position of a non-null value.
    var codesAreValid: Bool {
        let count = Int32(values.count)
        return values.isNull.withUnsafeBufferPointer { isNull in
            codes.withUnsafeBufferPointer { codes in codes.allSatisfy { $0 == -1 || ($0 >= 0 && $0 < count && !isNull[Int($0)]) } }
        }
    }

    /// Whether `other` codes into the same values (the same storage), so that codes of the two can be
    /// mixed.
    func sharesValues(with other: ParquetCodedByteArrays) -> Bool {
        values.count == other.values.count
            && values.ends.withUnsafeBufferPointer { mine in
                other.values.ends.withUnsafeBufferPointer { theirs in mine.baseAddress == theirs.baseAddress }
            }
    }

    /// The estimated PLAIN bytes of the rows `range`: 4 per row plus each value's length, the same estimate
    /// as for ``ParquetColumnValues/byteArrays(_:)`` and for strings, so that the same rows make the same row
    /// groups.
    func estimatedPlainBytes(rows range: Range<Int>) -> Int {
        values.ends.withUnsafeBufferPointer { ends in
            codes.withUnsafeBufferPointer { codes in
                var bytes = 4 * range.count
                for row in range where codes[row] >= 0 {
                    let code = Int(codes[row])
                    bytes += ends[code] - (code == 0 ? 0 : ends[code - 1])
                }
                return bytes
            }
        }
    }

    /// The rows as byte arrays of their own (a copy of each row's bytes), for a PLAIN chunk.
    ///
    /// - Complexity: O(*n*) in the rows and their bytes.
    public var byteArrays: ParquetByteArrays {
        var arrays = ParquetByteArrays()
        arrays.reserveRows(codes.count)
        values.bytes.withUnsafeBufferPointer { bytes in
            values.ends.withUnsafeBufferPointer { ends in
                for code in codes {
                    guard code >= 0 else {
                        arrays.appendNulls(1)
                        continue
                    }
                    let start = code == 0 ? 0 : ends[Int(code) - 1]
                    arrays.append(UnsafeBufferPointer(rebasing: bytes[start..<ends[Int(code)]]))
                }
            }
        }
        return arrays
    }
}

extension ParquetColumnValues {
    /// A string or binary column whose rows are `codes` into `values` (`-1`: null); see
    /// ``ParquetCodedByteArrays``.
    public static func coded(_ codes: [Int32], _ values: ParquetByteArrays) -> ParquetColumnValues {
        .codedByteArrays(ParquetCodedByteArrays(codes: codes, values: values))
    }
}
