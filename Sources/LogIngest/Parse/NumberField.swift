/// Decoders of numeric fields, by hand on bytes with a length cap (no `Int(String)` per field).
enum NumberField {
    /// A three-digit HTTP status from 100 to 599.
    @inline(__always)
    static func status(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt16? {
        guard bytes.count == 3, let p = bytes.baseAddress else { return nil }
        let a = p[0] &- 0x30
        let b = p[1] &- 0x30
        let c = p[2] &- 0x30
        guard a >= 1, a <= 5, b < 10, c < 10 else { return nil }
        return UInt16(a) * 100 + UInt16(b) * 10 + UInt16(c)
    }

    /// A non-negative integer of at most 18 digits; `-` (and an empty field) is `dash`.
    @inline(__always)
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>, dash: Int64) -> Int64? {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return dash }
        if bytes.count == 1, p[0] == UInt8(ascii: "-") { return dash }
        guard bytes.count <= 18 else { return nil }
        var value: Int64 = 0
        for index in 0..<bytes.count {
            let digit = p[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int64(digit)
        }
        return value
    }

    /// Seconds with an optional fraction (`0.123`) as microseconds; `-` is -1.
    static func fractionalSecondsAsMicroseconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return -1 }
        if bytes.count == 1, p[0] == UInt8(ascii: "-") { return -1 }
        guard bytes.count <= 24 else { return nil }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var inFraction = false
        for index in 0..<bytes.count {
            let byte = p[index]
            if byte == UInt8(ascii: "."), !inFraction {
                inFraction = true
                continue
            }
            let digit = byte &- 0x30
            guard digit < 10 else { return nil }
            if inFraction {
                if fractionDigits < 6 {
                    fraction = fraction * 10 + Int64(digit)
                    fractionDigits += 1
                }
            } else {
                whole = whole &* 10 &+ Int64(digit)
            }
        }
        while fractionDigits < 6 {
            fraction *= 10
            fractionDigits += 1
        }
        return whole &* 1_000_000 &+ fraction
    }
}
