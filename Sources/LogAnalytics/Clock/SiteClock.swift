import Foundation
import SiteConfig

/// Converts UTC times to the site's local time and calendar day (SPEC §1: `timezone` is an IANA
/// name or ±HH:MM; without it, the offset written in each log line).
///
/// IANA zones go through Foundation's `TimeZone`; the offset is cached per quarter hour, the finest
/// step at which zones change their offset, so a busy log asks Foundation a few times per day.
public struct SiteClock: Sendable {
    enum Zone: Sendable {
        case writtenOffset
        case fixed(Int32)
        case named(TimeZone)
    }

    private let zone: Zone
    private var cachedBucket: Int64 = .min
    private var cachedOffset: Int32 = 0

    /// Seconds per cache bucket.
    static let bucketSeconds: Int64 = 900

    /// A clock for `timezone` (an IANA name such as `Asia/Seoul`, or `+09:00` / `-0530`), or for the
    /// offsets written in the log when `nil`.
    ///
    /// - Throws: ``AnalyticsError`` when the name is neither a known zone nor an offset.
    public init(timezone: String?) throws(AnalyticsError) {
        guard let timezone, !timezone.isEmpty else {
            zone = .writtenOffset
            return
        }
        if let offset = Self.parseOffset(timezone) {
            zone = .fixed(offset)
        } else if let named = TimeZone(identifier: timezone) {
            zone = .named(named)
        } else {
            throw AnalyticsError(
                "unknown time zone '\(timezone)'",
                hint: "Use an IANA name such as Asia/Seoul (see /usr/share/zoneinfo, package tzdata) or an offset such as +09:00")
        }
    }

    /// The site's UTC offset at `utc`, in seconds; `written` is the offset in the log line.
    @inline(__always)
    public mutating func offset(atUTC utc: Int64, written: Int32) -> Int32 {
        switch zone {
        case .writtenOffset:
            return written
        case .fixed(let offset):
            return offset
        case .named(let timeZone):
            let bucket = utc >= 0 ? utc / Self.bucketSeconds : (utc - Self.bucketSeconds + 1) / Self.bucketSeconds
            if bucket != cachedBucket {
                cachedBucket = bucket
                cachedOffset = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc))))
            }
            return cachedOffset
        }
    }

    /// The site's calendar day at `utc`.
    @inline(__always)
    public mutating func day(atUTC utc: Int64, written: Int32) -> SiteDay {
        let local = utc + Int64(offset(atUTC: utc, written: written))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return SiteDay(daysSinceEpoch: Int32(days))
    }

    /// `+09:00`, `-0530`, `+9`, `UTC`, `Z`.
    static func parseOffset(_ text: String) -> Int32? { UTCOffset.parse(text) }
}
