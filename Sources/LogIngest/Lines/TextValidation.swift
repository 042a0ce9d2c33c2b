/// Checks that a line is text: no NUL byte, and valid UTF-8 (SPEC §12.1).
///
/// ASCII lines, the common case, are checked eight bytes at a time; only a line with a byte of
/// 0x80 or more goes through the full UTF-8 check.
enum TextValidation {
    /// Returns why the line is not acceptable text, or `nil` when it is.
    ///
    /// - Complexity: O(*n*).
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101

    @inline(__always)
    static func problem(in line: UnsafeBufferPointer<UInt8>) -> BadLineReason? {
        guard let base = line.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let count = line.count
        var index = 0
        // Sixteen bytes a round, as two words. `(w - 0x01…) & ~w & 0x80…` is non-zero exactly when
        // the word holds a zero byte; the union's high bits tell whether any byte is 0x80 or more.
        var zeroes: UInt64 = 0
        var union: UInt64 = 0
        while index + 16 <= count {
            let first = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let second = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
            zeroes |= ((first &- lowBits) & ~first) | ((second &- lowBits) & ~second)
            union |= first | second
            index += 16
        }
        if zeroes & highBits != 0 { return .nulByte }
        var sawHighByte = union & highBits != 0
        while index < count {
            let byte = base[index]
            if byte == 0 { return .nulByte }
            if byte >= 0x80 { sawHighByte = true }
            index += 1
        }
        if sawHighByte, !isValidUTF8(line) { return .invalidUTF8 }
        return nil
    }

    /// `true` when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= lower, second <= upper else { return false }
            var next = index + 2
            while next < index + length {
                guard bytes[next] & 0xC0 == 0x80 else { return false }
                next += 1
            }
            index += length
        }
        return true
    }
}
