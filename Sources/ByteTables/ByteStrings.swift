/// Byte strings appended one after the other into one buffer and read back by position: the list
/// half of a ``ByteInterner``, for a caller that knows its strings are distinct and never looks one up.
package final class ByteStrings {
    @exclusivity(unchecked) private var bytes = RawStorage<UInt8>(capacity: 4096)
    @exclusivity(unchecked) private var ends = RawStorage<Int>(capacity: 1024)

    package init() {}

    deinit {
        bytes.free()
        ends.free()
    }

    /// The number of strings.
    package var count: Int { ends.count }

    /// Appends `string`; its position is the count before.
    package func append(_ string: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: string)
        ends.append(bytes.count)
    }

    /// Appends the bytes of string `position` to `target`.
    package func appendBytes(of position: Int, to target: inout [UInt8]) {
        precondition(position >= 0 && position < count, "no string at \(position)")
        let start = position == 0 ? 0 : ends[position - 1]
        target.append(contentsOf: UnsafeBufferPointer(start: bytes.base + start, count: ends[position] - start))
    }
}
