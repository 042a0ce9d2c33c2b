/// A fixed UTC offset written in the config's `timezone`: `UTC`, `Z`, `GMT`, `+9`, `+09`, `+0900`, `+09:00`
/// (at most 14 hours). The one parser of it, for the config's check and the site clock.
public enum UTCOffset {
    /// The offset in seconds, or nil when `text` is not one.
    public static func parse(_ text: String) -> Int32? {
        if text == "UTC" || text == "Z" || text == "GMT" { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), !digits.isEmpty else { return nil }
        let hours: Int
        let minutes: Int
        switch digits.count {
        case 1, 2: (hours, minutes) = (Int(digits)!, 0)
        case 4: (hours, minutes) = (Int(digits.prefix(2))!, Int(digits.suffix(2))!)
        default: return nil
        }
        guard hours <= 14, minutes < 60 else { return nil }
        let magnitude = Int32(hours * 3600 + minutes * 60)
        return sign == "-" ? -magnitude : magnitude
    }
}
