#if canImport(Glibc)
import Glibc
#endif
import LogIngest

/// Decodes search keywords: percent-decoded bytes as UTF-8, falling back to CP949 (a superset of
/// EUC-KR, as older Korean portals send), through glibc's iconv (SPEC §6).
enum KeywordDecoder {
    /// Decodes a raw (percent-encoded, `+` for space) keyword.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        let bytes = PercentDecoding.decodeBytes(raw, plusIsSpace: true)
        if bytes.withUnsafeBufferPointer({ TextValidationBridge.isValidUTF8($0) }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return convertFromCP949(bytes) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// CP949 bytes to a string, or `nil` when they are not CP949 either.
    static func convertFromCP949(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "CP949")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 3 + 4)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inputBuffer.baseAddress
                var inLeft = inputBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outputBuffer.baseAddress
                var outLeft = outputBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return outputBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(decoding: output.prefix(produced).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Access to the ingest layer's UTF-8 check from here.
enum TextValidationBridge {
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }
}
