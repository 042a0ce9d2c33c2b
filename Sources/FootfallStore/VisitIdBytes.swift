import LogAnalytics

/// A visit's id, `visitor key@start` (as ``CompletedVisit/visitId``), made as UTF-8 bytes in a buffer
/// kept from visit to visit: the column builders copy it into their byte-array columns, so that no
/// `String` is made, retained or freed per visit.
struct VisitIdBytes {
    /// The bytes of the last id made.
    private(set) var bytes: [UInt8] = []

    /// Makes the id of the visit of `visitorKey` that started at `start` (seconds since 1970).
    mutating func make(visitorKey: String, start: Int64) {
        bytes.removeAll(keepingCapacity: true)
        if visitorKey.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: visitorKey.utf8)
        }
        bytes.append(UInt8(ascii: "@"))
        Self.appendDecimal(start, to: &bytes)
    }

    /// Appends `value` in decimal, as `"\(value)"` writes it: the digits are made backwards in a buffer
    /// on the stack and appended at once (an append per digit, then reversing the slice, cost over
    /// a thousand instructions per id).
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in  // UInt64.max has 20 digits
            var first = digits.count
            repeat {
                first -= 1
                digits[first] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[first...]))
        }
    }
}
