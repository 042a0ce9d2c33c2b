import CIsal

/// A gzip member header (RFC 1952 §2.3), parsed by footfall rather than by igzip: igzip refused a header
/// with a header CRC (FHCRC) that `gzip -t` accepts, and accepted reserved flag bits that gzip refuses
/// (issue 18.11).
enum GzipHeader {
    /// What the bytes at the start of a member hold.
    enum Outcome: Equatable {
        /// A whole valid header of this many bytes.
        case complete(length: Int)
        /// A valid start; more bytes are needed.
        case incomplete
        /// Not a valid header: what is wrong, and the offset of the offending byte in the header.
        case invalid(reason: String, at: Int)
    }

    /// The longest header accepted (file name and comment included).
    static let maximumLength = 65_536

    static let flagText: UInt8 = 0x01
    static let flagHeaderCRC: UInt8 = 0x02
    static let flagExtra: UInt8 = 0x04
    static let flagName: UInt8 = 0x08
    static let flagComment: UInt8 = 0x10
    static let reservedFlags: UInt8 = 0xE0

    /// Parses the header at the start of `bytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        let count = bytes.count
        if count >= 1, bytes[0] != 0x1F { return .invalid(reason: "not a gzip header", at: 0) }
        if count >= 2, bytes[1] != 0x8B { return .invalid(reason: "not a gzip header", at: 1) }
        if count >= 3, bytes[2] != 8 { return .invalid(reason: "unsupported compression method \(bytes[2]) (only deflate, 8, exists)", at: 2) }
        guard count >= 10 else { return .incomplete }
        let flags = bytes[3]
        if flags & reservedFlags != 0 {
            return .invalid(reason: "reserved header flag bits are set (flags 0x\(String(flags, radix: 16)))", at: 3)
        }
        var position = 10
        if flags & flagExtra != 0 {
            guard count >= position + 2 else { return .incomplete }
            let length = Int(bytes[position]) | Int(bytes[position + 1]) << 8
            position += 2 + length
            guard count >= position else { return position > maximumLength ? .invalid(reason: "header too long", at: 10) : .incomplete }
        }
        for flag in [flagName, flagComment] where flags & flag != 0 {
            var end = position
            while end < count, bytes[end] != 0 { end += 1 }
            guard end < count else {
                return end > maximumLength ? .invalid(reason: "header too long (its file name or comment never ends)", at: position) : .incomplete
            }
            position = end + 1
        }
        if flags & flagHeaderCRC != 0 {
            guard count >= position + 2 else { return .incomplete }
            let stored = UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
            let computed = UInt16(truncatingIfNeeded: crc32_gzip_refl(0, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(position)))
            guard stored == computed else {
                return .invalid(reason: "the header's CRC (FHCRC) is 0x\(String(stored, radix: 16)), its bytes give 0x\(String(computed, radix: 16))", at: position)
            }
            position += 2
        }
        return .complete(length: position)
    }
}
