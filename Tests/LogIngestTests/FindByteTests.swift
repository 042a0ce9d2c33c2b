@testable import LogIngest
import Testing

/// `findByte` (the first eight bytes searched as one word, the rest by `memchr`) finds the first
/// occurrence at every position, in short and long ranges, among look-alike bytes (one bit off, the
/// byte with its high bit set), and nothing when the byte is absent.
@Suite("Finding a byte")
struct FindByteTests {
    @Test(arguments: [UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "]"), 0, 0x7F])
    func findsTheFirstOccurrenceAtEveryPosition(byte: UInt8) {
        let decoys: [UInt8] = [byte ^ 1, byte ^ 0x80, byte &+ 1, byte &- 1, 0xFF, 0].filter { $0 != byte }
        for length in 0...24 {
            for target in [nil] + Array(0..<length) {
                var bytes = (0..<length).map { decoys[$0 % decoys.count] }
                if let target {
                    bytes[target] = byte
                    if target + 3 < length { bytes[target + 3] = byte }  // a later occurrence too
                }
                bytes.withUnsafeBufferPointer { buffer in
                    let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
                    let found = findByte(byte, from: base, to: base + length).map { $0 - base }
                    #expect(found == target, "length \(length), target \(String(describing: target))")
                }
            }
        }
    }
}
