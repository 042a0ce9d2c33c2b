#if canImport(Glibc)
import Glibc
#endif

/// Remembers the last Common Log timestamp parsed: consecutive lines of a busy log mostly share
/// their second, and comparing 26 bytes is cheaper than parsing them.
struct TimestampCache: Sendable {
    private var word0: UInt64 = 0
    private var word1: UInt64 = 0
    private var word2: UInt64 = 0
    private var tail: UInt16 = 0
    private var seconds: Int64 = 0
    private var offset: Int32 = 0
    private var valid = false

    init() {}

    /// Parses `bytes` as ``Timestamp/parseCommonLog(_:)`` does, reusing the last answer when the
    /// bytes are the same.
    @inline(__always)
    mutating func parseCommonLog(_ bytes: UnsafeBufferPointer<UInt8>) -> (seconds: Int64, offset: Int32)? {
        guard bytes.count == 26, let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let w0 = raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        let w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let w2 = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        let t = raw.loadUnaligned(fromByteOffset: 24, as: UInt16.self)
        if valid, w0 == word0, w1 == word1, w2 == word2, t == tail { return (seconds, offset) }
        guard let parsed = Timestamp.parseCommonLog(bytes) else { return nil }
        (word0, word1, word2, tail) = (w0, w1, w2, t)
        (seconds, offset, valid) = (parsed.seconds, parsed.offset, true)
        return parsed
    }
}

/// Parsers of the timestamp shapes found in access logs, to seconds since 1970 UTC.
///
/// All work on bytes at fixed positions; none allocates. A time outside ``acceptedRange`` is refused like
/// one that does not parse (`bad_date`): one line dated in year 1 or 9999 must not become a day of the store.
package enum Timestamp {
    /// 1990-01-01T00:00:00Z, the earliest time accepted.
    package static let earliestAccepted: Int64 = 631_152_000
    /// 2100-01-01T00:00:00Z, after the latest time accepted.
    package static let endOfAcceptedYears: Int64 = 4_102_444_800

    /// The times a log line may carry, UTC seconds: from 1990 to a day after the wall clock when the process
    /// started (a server clock a little ahead is tolerated, a log of the future is not), and before 2100.
    package static let acceptedRange: Range<Int64> = {
        let now = Int64(Glibc.time(nil))
        return earliestAccepted..<max(earliestAccepted + 1, min(endOfAcceptedYears, now + 86_400))
    }()

    /// Whether `seconds` (UTC) lies in ``acceptedRange``.
    @inline(__always)
    package static func isAccepted(_ seconds: Int64) -> Bool {
        acceptedRange.contains(seconds)
    }

    /// Parses `10/Oct/2000:13:55:36 -0700` (Apache `%t` inside its brackets, nginx `$time_local`).
    ///
    /// - Returns: UTC seconds and the written offset in seconds, or `nil` when malformed.
    @inline(__always)
    static func parseCommonLog(_ bytes: UnsafeBufferPointer<UInt8>) -> (seconds: Int64, offset: Int32)? {
        guard bytes.count == 26, let p = bytes.baseAddress else { return nil }
        guard p[2] == UInt8(ascii: "/"), p[6] == UInt8(ascii: "/"), p[11] == UInt8(ascii: ":"),
            p[14] == UInt8(ascii: ":"), p[17] == UInt8(ascii: ":"), p[20] == UInt8(ascii: " ")
        else { return nil }
        guard let day = digits(p, 0, 2), let year = digits(p, 7, 4), let hour = digits(p, 12, 2),
            let minute = digits(p, 15, 2), let second = digits(p, 18, 2),
            let month = monthNumber(p[3], p[4], p[5])
        else { return nil }
        guard let offset = zoneOffset(p + 21, count: 5) else { return nil }
        return combine(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// Parses ISO 8601 `2000-10-10T13:55:36-07:00` (also `+0900`, `Z`, and a fraction of a second).
    static func parseISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> (seconds: Int64, offset: Int32)? {
        guard bytes.count >= 19, let p = bytes.baseAddress else { return nil }
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
            p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: " "),
            p[13] == UInt8(ascii: ":"), p[16] == UInt8(ascii: ":")
        else { return nil }
        guard let year = digits(p, 0, 4), let month = digits(p, 5, 2), let day = digits(p, 8, 2),
            let hour = digits(p, 11, 2), let minute = digits(p, 14, 2), let second = digits(p, 17, 2)
        else { return nil }
        var index = 19
        if index < bytes.count, p[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, p[index] >= 0x30, p[index] <= 0x39 { index += 1 }
        }
        let rest = bytes.count - index
        let offset: Int32
        if rest == 1, p[index] == UInt8(ascii: "Z") {
            offset = 0
        } else if rest == 6, p[index + 3] == UInt8(ascii: ":") {
            guard let hours = digits(p, index + 1, 2), let minutes = digits(p, index + 4, 2), hours < 24, minutes < 60
            else { return nil }
            let magnitude = Int32(hours * 3600 + minutes * 60)
            switch p[index] {
            case UInt8(ascii: "+"): offset = magnitude
            case UInt8(ascii: "-"): offset = -magnitude
            default: return nil
            }
        } else if rest == 5 {
            guard let parsed = zoneOffset(p + index, count: 5) else { return nil }
            offset = parsed
        } else {
            return nil
        }
        return combine(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// Parses a W3C `time` (`00:01:23`, optionally with a fraction) as seconds since midnight.
    static func parseTimeOfDay(_ time: UnsafeBufferPointer<UInt8>) -> Int? {
        guard time.count >= 8, let t = time.baseAddress, t[2] == UInt8(ascii: ":"), t[5] == UInt8(ascii: ":"),
            let hour = digits(t, 0, 2), let minute = digits(t, 3, 2), let second = digits(t, 6, 2)
        else { return nil }
        if time.count > 8 {
            guard t[8] == UInt8(ascii: ".") else { return nil }
            for index in 9..<time.count where !(t[index] >= 0x30 && t[index] <= 0x39) { return nil }
        }
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    /// Parses `YYYY-MM-DD`.
    static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard bytes.count == 10, let d = bytes.baseAddress, d[4] == UInt8(ascii: "-"), d[7] == UInt8(ascii: "-"),
            let year = digits(d, 0, 4), let month = digits(d, 5, 2), let day = digits(d, 8, 2),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return (year, month, day)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    @inline(__always)
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a count of days since 1970-01-01 (Hinnant's `civil_from_days`).
    package static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    @inline(__always)
    private static func combine(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int32
    ) -> (seconds: Int64, offset: Int32)? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let seconds = local - Int64(offset)
        guard isAccepted(seconds) else { return nil }
        return (seconds, offset)
    }

    /// `+hhmm` / `-hhmm`.
    @inline(__always)
    private static func zoneOffset(_ p: UnsafePointer<UInt8>, count: Int) -> Int32? {
        guard count == 5, let hours = digits(p, 1, 2), let minutes = digits(p, 3, 2), hours < 24, minutes < 60
        else { return nil }
        let magnitude = Int32(hours * 3600 + minutes * 60)
        switch p[0] {
        case UInt8(ascii: "+"): return magnitude
        case UInt8(ascii: "-"): return -magnitude
        default: return nil
        }
    }

    @inline(__always)
    static func digits(_ p: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let digit = p[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int(digit)
        }
        return value
    }

    @inline(__always)
    private static func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        // Case-insensitive three-letter English month names.
        let key = (UInt32(a | 0x20) << 16) | (UInt32(b | 0x20) << 8) | UInt32(c | 0x20)
        switch key {
        case 0x6A616E: return 1  // jan
        case 0x666562: return 2  // feb
        case 0x6D6172: return 3  // mar
        case 0x617072: return 4  // apr
        case 0x6D6179: return 5  // may
        case 0x6A756E: return 6  // jun
        case 0x6A756C: return 7  // jul
        case 0x617567: return 8  // aug
        case 0x736570: return 9  // sep
        case 0x6F6374: return 10  // oct
        case 0x6E6F76: return 11  // nov
        case 0x646563: return 12  // dec
        default: return nil
        }
    }
}
