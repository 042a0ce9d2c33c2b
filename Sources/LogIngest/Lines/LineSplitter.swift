#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One line handed out by ``LineSplitter``.
///
/// `bytes` is only valid during the callback that receives it.
public struct SplitLine {
    /// The line's bytes without the `\n` and without one trailing `\r`. Empty for an overlong line.
    public var bytes: UnsafeBufferPointer<UInt8>
    /// The 1-based physical line number in the input.
    public var number: Int
    /// `true` when the line had more than ``LineSplitter/maximumLineLength`` bytes; its bytes are dropped.
    public var isOverlong: Bool
}

/// Splits a stream of byte chunks into lines, whatever the chunk boundaries.
///
/// Only `\n` separates lines; a `\r` right before it is dropped (CRLF files). No other byte is a
/// separator (NIO's `NIOSplitLinesMessageDecoder` makes the same choice). A last line without a
/// final `\n` is handed out by ``finish(_:)``.
///
/// Lines inside a chunk are handed out in place, without copying. Only the partial line at the end
/// of a chunk is copied into a carry buffer of fixed size: a line longer than
/// ``maximumLineLength`` is reported as overlong and its bytes are skipped up to the next `\n`, so
/// memory stays bounded even for input without any newline.
public final class LineSplitter {
    /// The longest line kept: SPEC §12.1, "more than 65,536 bytes before the line end" is malformed.
    public static let maximumLineLength = 65_536

    private let carry: UnsafeMutablePointer<UInt8>
    private let carryCapacity = LineSplitter.maximumLineLength + 2
    private var carryCount = 0
    private var discardingOverlongLine = false
    private var lineNumber = 0

    /// Creates a splitter at line 1.
    public init() {
        carry = .allocate(capacity: carryCapacity)
    }

    deinit {
        carry.deallocate()
    }

    /// Splits `chunk`, calling `body` for every line that it completes.
    ///
    /// - Complexity: O(*n*) in the chunk's length; bytes of a line that spans chunks are copied once.
    public func feed(_ chunk: UnsafeRawBufferPointer, _ body: (SplitLine) throws -> Void) rethrows {
        try feed(chunk, newlines: nil, body)
    }

    /// Splits `chunk` as ``feed(_:_:)`` does; `newlines`, when given, are the offsets of every `\n` in
    /// it, ascending (found beforehand, e.g. by the thread that inflated the chunk).
    public func feed(
        _ chunk: UnsafeRawBufferPointer, newlines: [Int32]?, _ body: (SplitLine) throws -> Void
    ) rethrows {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), chunk.count > 0 else {
            return
        }
        if let newlines {
            try feed(from: base, count: chunk.count, newlines: newlines, body)
            return
        }
        let end = base + chunk.count
        var cursor = base
        if carryCount > 0 || discardingOverlongLine {
            guard let newline = Self.findNewline(from: cursor, to: end) else {
                appendToCarry(from: cursor, count: end - cursor)
                return
            }
            appendToCarry(from: cursor, count: newline - cursor)
            try emitCarry(body)
            cursor = newline + 1
        }
        while cursor < end, let newline = Self.findNewline(from: cursor, to: end) {
            try emit(from: cursor, count: newline - cursor, body)
            cursor = newline + 1
        }
        if cursor < end {
            appendToCarry(from: cursor, count: end - cursor)
        }
    }

    private func feed(
        from base: UnsafePointer<UInt8>, count: Int, newlines: [Int32], _ body: (SplitLine) throws -> Void
    ) rethrows {
        var cursor = base
        var next = 0
        if carryCount > 0 || discardingOverlongLine {
            guard let first = newlines.first else {
                appendToCarry(from: cursor, count: count)
                return
            }
            appendToCarry(from: cursor, count: Int(first))
            try emitCarry(body)
            cursor = base + Int(first) + 1
            next = 1
        }
        try newlines.withUnsafeBufferPointer { newlines in
            while next < newlines.count {
                let newline = base + Int(newlines[next])
                try emit(from: cursor, count: newline - cursor, body)
                cursor = newline + 1
                next += 1
            }
        }
        let end = base + count
        if cursor < end {
            appendToCarry(from: cursor, count: end - cursor)
        }
    }

    /// The offsets of every `\n` in `chunk` (at most 2 GiB), for ``feed(_:newlines:_:)``.
    public static func newlineOffsets(in chunk: UnsafeRawBufferPointer) -> [Int32] {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), chunk.count > 0 else { return [] }
        precondition(chunk.count <= Int(Int32.max), "a chunk of 2 GiB or more")
        var offsets: [Int32] = []
        offsets.reserveCapacity(chunk.count / 128)
        let end = base + chunk.count
        var cursor = base
        while cursor < end, let newline = findNewline(from: cursor, to: end) {
            offsets.append(Int32(newline - base))
            cursor = newline + 1
        }
        return offsets
    }

    /// Hands out the last line if the input did not end with `\n`.
    public func finish(_ body: (SplitLine) throws -> Void) rethrows {
        if carryCount > 0 || discardingOverlongLine {
            try emitCarry(body)
        }
    }

    /// Drops a partial last line (used when the input was cut off by damage).
    public func discardPartialLine() {
        carryCount = 0
        discardingOverlongLine = false
    }

    /// The number of lines handed out so far.
    public var linesSeen: Int { lineNumber }

    @inline(__always)
    private static func findNewline(
        from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>
    ) -> UnsafePointer<UInt8>? {
        guard let found = memchr(start, 0x0A, end - start) else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
    }

    private func appendToCarry(from start: UnsafePointer<UInt8>, count: Int) {
        guard !discardingOverlongLine else { return }
        if carryCount + count > carryCapacity {
            discardingOverlongLine = true
            carryCount = 0
            return
        }
        (carry + carryCount).update(from: start, count: count)
        carryCount += count
    }

    private func emitCarry(_ body: (SplitLine) throws -> Void) rethrows {
        if discardingOverlongLine {
            lineNumber += 1
            discardingOverlongLine = false
            carryCount = 0
            try body(SplitLine(bytes: UnsafeBufferPointer(start: nil, count: 0), number: lineNumber, isOverlong: true))
            return
        }
        let count = carryCount
        carryCount = 0
        try emit(from: UnsafePointer(carry), count: count, body)
    }

    @inline(__always)
    private func emit(from start: UnsafePointer<UInt8>, count: Int, _ body: (SplitLine) throws -> Void) rethrows {
        lineNumber += 1
        var length = count
        if length > 0, start[length - 1] == 0x0D { length -= 1 }
        if length > Self.maximumLineLength {
            try body(SplitLine(bytes: UnsafeBufferPointer(start: nil, count: 0), number: lineNumber, isOverlong: true))
        } else {
            try body(SplitLine(bytes: UnsafeBufferPointer(start: start, count: length), number: lineNumber, isOverlong: false))
        }
    }
}
