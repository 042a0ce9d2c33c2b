/// Rows of a file a caller wants, as ranges of row positions (0 is the file's first row, counted across
/// row groups).
///
/// The column readers that take a selection decode only the pages holding a selected row; the rows of
/// the other pages still get a slot (a null, the fill value, or the null code), so that positions stay
/// those of the file. A page's rows are known from its header: a skipped page costs no decompression.
///
/// ```swift
/// let rows = ParquetRowSelection([1_000..<1_004, 250_000..<250_010])
/// var products = ParquetStringCodes()
/// try reader.readColumn("product", codingInto: &products, rows: rows)  // rows 1000…1003 and 250000… are filled
/// ```
public struct ParquetRowSelection: Sendable, Equatable {
    /// Sorted, disjoint, non-empty ranges.
    public private(set) var ranges: [Range<Int>] = []

    /// The rows of `ranges` (in any order; overlapping and empty ranges are fine).
    public init(_ ranges: [Range<Int>]) {
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = self.ranges.last, range.lowerBound <= last.upperBound {
                self.ranges[self.ranges.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                self.ranges.append(range)
            }
        }
    }

    /// Whether no row is selected.
    public var isEmpty: Bool { ranges.isEmpty }

    /// Whether a row of `rows` is selected.
    ///
    /// - Complexity: O(log *n*) in the number of ranges.
    public func intersects(_ rows: Range<Int>) -> Bool {
        guard !rows.isEmpty else { return false }
        // The first range that ends after rows' start.
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= rows.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].lowerBound < rows.upperBound
    }
}
