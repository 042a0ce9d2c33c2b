import ParquetStore
import Testing

@Suite("Column statistics", .temporaryFiles)
struct StatisticsTests {
    private func statistics(_ type: ParquetColumnType, _ values: ParquetColumnValues, dictionary: Bool = true) throws -> ParquetColumnStatistics {
        let schema = ParquetSchema([.init(name: "c", type: type, optional: true)])
        let path = try TestFiles.write(schema, [values], options: TestFiles.options(.uncompressed, dictionary: dictionary))
        return try #require(try ParquetFileReader(path: path).rowGroups[0].column("c")?.statistics)
    }

    @Test(arguments: [true, false])
    func integersDatesAndTimestampsUseSignedOrder(dictionary: Bool) throws {
        let ints = try statistics(.int32, .int32([5, nil, -7, 3, Int32.max, 5]), dictionary: dictionary)
        #expect(ints.min == .int32(-7) && ints.max == .int32(Int32.max) && ints.nullCount == 1)
        let dates = try statistics(.date, .int32([20_000, 19_999, nil, nil]), dictionary: dictionary)
        #expect(dates.min == .int32(19_999) && dates.max == .int32(20_000) && dates.nullCount == 2)
        let stamps = try statistics(.timestamp, .int64([-1, Int64.min, 1_700_000_000_000_000]), dictionary: dictionary)
        #expect(stamps.min == .int64(Int64.min) && stamps.max == .int64(1_700_000_000_000_000) && stamps.nullCount == 0)
    }

    @Test func doublesSkipNaNAndNormaliseZero() throws {
        let mixed = try statistics(.double, .double([.nan, 2.5, -1, nil, .nan]))
        #expect(mixed.min == .double(-1) && mixed.max == .double(2.5))
        #expect(mixed.nanCount == 2 && mixed.nullCount == 1)
        let zeros = try statistics(.double, .double([0.0, -0.0, 0.0]))
        guard case .double(let minimum)? = zeros.min, case .double(let maximum)? = zeros.max else {
            Issue.record("no min/max")
            return
        }
        #expect(minimum == 0 && minimum.sign == .minus)
        #expect(maximum == 0 && maximum.sign == .plus)
        let onlyNaN = try statistics(.double, .double([.nan, .nan]))
        #expect(onlyNaN.min == nil && onlyNaN.max == nil && onlyNaN.nanCount == 2)
    }

    @Test func booleansOrderFalseBeforeTrue() throws {
        let both = try statistics(.boolean, .boolean([true, nil, false]))
        #expect(both.min == .boolean(false) && both.max == .boolean(true))
        let trueOnly = try statistics(.boolean, .boolean([true, true]))
        #expect(trueOnly.min == .boolean(true))
    }

    @Test(arguments: [true, false])
    func stringsCompareAsUnsignedUTF8Bytes(dictionary: Bool) throws {
        // "é" precomposed (C3 A9) and decomposed (65 CC 81) are equal as Swift Strings but not as bytes.
        let decomposed = "e\u{301}"
        let result = try statistics(.string, .string(["힣", "Z", "가", nil, "é", decomposed, "ñ"]), dictionary: dictionary)
        guard case .string(let minimum)? = result.min, case .string(let maximum)? = result.max else {
            Issue.record("no min/max")
            return
        }
        #expect(Array(minimum.utf8) == Array("Z".utf8))
        #expect(Array(maximum.utf8) == Array("힣".utf8))
        let accents = try statistics(.string, .string(["é", decomposed]), dictionary: dictionary)
        guard case .string(let low)? = accents.min, case .string(let high)? = accents.max else {
            Issue.record("no min/max")
            return
        }
        #expect(Array(low.utf8) == Array(decomposed.utf8))
        #expect(Array(high.utf8) == Array("é".utf8))
    }

    @Test func binaryComparesUnsigned() throws {
        let result = try statistics(.binary, .binary([[0x7F], [0x80], [], [0x7F, 0x00]]))
        #expect(result.min == .binary([]) && result.max == .binary([0x80]))
    }
}
