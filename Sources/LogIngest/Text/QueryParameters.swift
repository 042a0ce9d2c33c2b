/// Reads `name=value` pairs of a raw query string (`a=1&b=%ED%95%9C`).
public enum QueryParameters {
    /// The raw (still percent-encoded) value of the first parameter called `name`, or `nil` when
    /// absent. A parameter without `=` has the empty value.
    public static func rawValue(named name: String, in query: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var name = name
        return name.withUTF8 { key -> UnsafeBufferPointer<UInt8>? in
            var start = 0
            let count = query.count
            while start <= count, count > 0 {
                var end = start
                while end < count, query[end] != UInt8(ascii: "&") { end += 1 }
                var equals = start
                while equals < end, query[equals] != UInt8(ascii: "=") { equals += 1 }
                let pairName = UnsafeBufferPointer(rebasing: query[start..<equals])
                if pairName.bytesEqual(key) {
                    let valueStart = min(equals + 1, end)
                    return UnsafeBufferPointer(rebasing: query[valueStart..<end])
                }
                start = end + 1
            }
            return nil
        }
    }

    /// The decoded value of the first parameter called `name` (`+` is a space), or `nil`.
    public static func value(named name: String, in query: UnsafeBufferPointer<UInt8>) -> String? {
        rawValue(named: name, in: query).map { PercentDecoding.decode($0, plusIsSpace: true) }
    }

    /// The decoded value of the first parameter called `name` in a query `String`.
    public static func value(named name: String, in query: String) -> String? {
        var query = query
        return query.withUTF8 { value(named: name, in: $0) }
    }
}
