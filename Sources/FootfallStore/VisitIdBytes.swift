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
        bytes.append(contentsOf: visitorKey.utf8)
        bytes.append(UInt8(ascii: "@"))
        Self.appendDecimal(start, to: &bytes)
    }

    /// Appends `value` in decimal, as `"\(value)"` writes it.
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let first = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[first...].reverse()
    }
}
