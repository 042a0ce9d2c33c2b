/// Reads the small JSON texts the store keeps in its `path`, `goals` and `funnel_steps` columns —
/// an array of strings, an object of integers — without a general decoder: reports parse each
/// distinct text once, and there may be a million of them.
enum JSONText {
    /// The strings of a JSON array of strings; `[]` for anything else.
    static func stringArray(_ text: String) -> [String] {
        var reader = Reader(Array(text.utf8))
        return reader.stringArray() ?? []
    }

    /// The members of a JSON object of integers; `[:]` for anything else.
    static func integerObject(_ text: String) -> [String: Int] {
        var reader = Reader(Array(text.utf8))
        return reader.integerObject() ?? [:]
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func stringArray() -> [String]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var result: [String] = []
            if take(UInt8(ascii: "]")) { return result }
            repeat {
                guard let value = string() else { return nil }
                result.append(value)
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? result : nil
        }

        mutating func integerObject() -> [String: Int]? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var result: [String: Int] = [:]
            if take(UInt8(ascii: "}")) { return result }
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")), let value = integer() else { return nil }
                result[key] = value
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}")) ? result : nil
        }

        mutating func integer() -> Int? {
            skipSpace()
            let start = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            return Int(String(decoding: bytes[start..<position], as: UTF8.self))
        }

        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var utf8: [UInt8] = []
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { return nil }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(scalar), take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(),
                            (0xDC00..<0xE000).contains(low)
                        {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        utf8.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                    default: utf8.append(escape)  // \" \\ \/
                    }
                default:
                    utf8.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
            else { return nil }
            position += 4
            return value
        }
    }
}
