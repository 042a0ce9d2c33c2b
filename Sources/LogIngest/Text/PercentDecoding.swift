/// Percent-decoding of URL paths and query values.
public enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as a space when `plusIsSpace`).
    ///
    /// A malformed escape is kept as written. When the decoded bytes are not valid UTF-8 the raw
    /// bytes are returned, so a value is never silently mangled.
    ///
    /// - Complexity: O(*n*).
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, plusIsSpace: Bool = false) -> String {
        var needsWork = false
        for byte in bytes where byte == UInt8(ascii: "%") || (plusIsSpace && byte == UInt8(ascii: "+")) {
            needsWork = true
            break
        }
        guard needsWork else { return String(decoding: bytes, as: UTF8.self) }
        let decoded = decodeBytes(bytes, plusIsSpace: plusIsSpace)
        let valid = decoded.withUnsafeBufferPointer { TextValidation.isValidUTF8($0) }
        return valid ? String(decoding: decoded, as: UTF8.self) : String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes `%XX` escapes into raw bytes, whatever their encoding (for EUC-KR keywords).
    public static func decodeBytes(_ bytes: UnsafeBufferPointer<UInt8>, plusIsSpace: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Decodes a `String`.
    public static func decode(_ text: String, plusIsSpace: Bool = false) -> String {
        var text = text
        return text.withUTF8 { decode($0, plusIsSpace: plusIsSpace) }
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
