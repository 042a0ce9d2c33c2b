/// Gathers a column chunk's min, max and NaN count, in the column's order.
///
/// Doubles follow the specification's rules for `TYPE_ORDER` floats: NaNs are counted but kept
/// out of min/max, a zero minimum is written as `-0.0` and a zero maximum as `+0.0`, and with only
/// NaNs there is no min/max. Values longer than ``maxStatisticsValueBytes`` drop min/max for the
/// chunk (parquet-cpp drops them too) rather than bloat the footer.
struct StatisticsAccumulator<Value: PlainValue> {
    /// The largest encoded min or max kept in the footer.
    static var maxStatisticsValueBytes: Int { 4096 }

    private(set) var minimum: Value?
    private(set) var maximum: Value?
    private(set) var nanCount = 0

    /// Takes `value` into account.
    @inline(__always)
    mutating func add(_ value: Value) {
        if value.isExcludedFromStatistics {
            nanCount += 1
            return
        }
        if let current = minimum {
            if Value.precedes(value, current) { minimum = value }
            if Value.precedes(maximum!, value) { maximum = value }
        } else {
            minimum = value
            maximum = value
        }
    }

    /// Takes every value of `values` into account.
    ///
    /// - Complexity: O(*n*).
    mutating func add(contentsOf values: [Value]) {
        // Values read in place: a `for` loop would copy (retain and release) every string.
        values.withUnsafeBufferPointer { values in
            for index in values.indices { add(values[index]) }
        }
    }

    /// The Thrift statistics for a chunk with `nullCount` nulls.
    func statistics(nullCount: Int) -> Statistics {
        var minBytes = minimum.map { $0.asStatisticsMinimum.statisticsBytes }
        var maxBytes = maximum.map { $0.asStatisticsMaximum.statisticsBytes }
        if (minBytes?.count ?? 0) > Self.maxStatisticsValueBytes || (maxBytes?.count ?? 0) > Self.maxStatisticsValueBytes {
            minBytes = nil
            maxBytes = nil
        }
        return Statistics(
            nullCount: Int64(nullCount), minValue: minBytes, maxValue: maxBytes,
            nanCount: Value.physicalType == .double ? Int64(nanCount) : nil)
    }
}
