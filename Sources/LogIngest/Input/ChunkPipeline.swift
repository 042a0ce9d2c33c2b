import Foundation

/// Decodes a ``ChunkReader`` on a background thread into a small ring of buffers while the calling
/// thread consumes them: inflate on one core, parse on the other.
///
/// Memory is at most ``depth`` × `chunkSize` bytes whatever the size of the input; a buffer is allocated
/// when first filled, so a small file (which fills one) costs one. Chunks arrive in input order; a chunk is
/// lent to `body` only for the duration of the call.
final class ChunkPipeline: @unchecked Sendable {
    /// Decoded bytes handed to the consumer at a time.
    static let defaultChunkSize = 1 << 20
    /// Buffers in flight between the decoding thread and the consumer.
    static let depth = 4

    private let reader: any ChunkReader
    private let chunkSize: Int
    /// By slot: the buffer, allocated by the producer when it first fills the slot (the consumer reads a
    /// slot only after the producer hands it over under `condition`).
    private let buffers: UnsafeMutablePointer<UnsafeMutableRawBufferPointer?>
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var freeSlots: [Int]
    private var filled: [(slot: Int, count: Int, marks: ChunkTextMarks, newlines: [Int32]?)] = []
    private var producerFinished = false
    private var producerExited = false
    private var cancelled = false
    private var failure: LogIngestError?

    private init(reader: any ChunkReader, chunkSize: Int) {
        self.reader = reader
        self.chunkSize = chunkSize
        buffers = .allocate(capacity: Self.depth)
        buffers.initialize(repeating: nil, count: Self.depth)
        freeSlots = Array((0..<Self.depth).reversed())
    }

    deinit {
        for slot in 0..<Self.depth { buffers[slot]?.deallocate() }
        buffers.deinitialize(count: Self.depth)
        buffers.deallocate()
    }

    /// Reads `reader` to its end, calling `body` with each chunk of decoded bytes in order.
    ///
    /// - Parameters:
    ///   - reader: the decoded-byte source; used only on the background thread.
    ///   - chunkSize: the size of each buffer.
    ///   - threaded: `false` decodes on the calling thread (tests, tiny inputs).
    ///   - body: called with each chunk, its ``ChunkTextMarks`` and the offsets of its `\n` bytes (found
    ///     on the decoding thread while `body` works on the chunk before; unknown and `nil` when not
    ///     threaded); an error it throws stops decoding and is rethrown.
    /// - Throws: the reader's ``LogIngestError`` after the chunks decoded before it, or `body`'s error.
    static func forEachChunk(
        of reader: any ChunkReader, chunkSize: Int = defaultChunkSize, threaded: Bool = true,
        _ body: (UnsafeRawBufferPointer, ChunkTextMarks, [Int32]?) throws -> Void
    ) throws {
        guard threaded else {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
            defer { buffer.deallocate() }
            while true {
                let count = try reader.read(into: buffer)
                if count == 0 { return }
                try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), .unknown, nil)
            }
        }
        let pipeline = ChunkPipeline(reader: reader, chunkSize: chunkSize)
        let thread = Thread { pipeline.produce() }
        thread.stackSize = 1 << 20
        thread.start()
        defer { pipeline.cancelAndWait() }
        try pipeline.consume(body)
    }

    private func produce() {
        defer {
            condition.lock()
            producerFinished = true
            producerExited = true
            condition.broadcast()
            condition.unlock()
        }
        while true {
            condition.lock()
            while freeSlots.isEmpty, !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            let slot = freeSlots.removeLast()
            condition.unlock()

            if buffers[slot] == nil { buffers[slot] = .allocate(byteCount: chunkSize, alignment: 64) }
            let buffer = buffers[slot]!
            var count = 0
            var error: LogIngestError?
            var atEnd = false
            do {
                while count < chunkSize {
                    let got = try reader.read(
                        into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
                    if got == 0 {
                        atEnd = true
                        break
                    }
                    count += got
                }
            } catch let caught {
                error = caught
            }

            // The line ends and the text check's groundwork, found here while the consumer parses the
            // previous chunk.
            let filledBytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            let marks = count > 0 ? ChunkTextMarks(scanning: filledBytes) : .unknown
            let newlines = count > 0 ? LineSplitter.newlineOffsets(in: filledBytes) : nil
            condition.lock()
            if count > 0 { filled.append((slot, count, marks, newlines)) } else { freeSlots.append(slot) }
            if let error { failure = error }
            condition.broadcast()
            condition.unlock()
            if atEnd || error != nil { return }
        }
    }

    private func consume(_ body: (UnsafeRawBufferPointer, ChunkTextMarks, [Int32]?) throws -> Void) throws {
        while true {
            condition.lock()
            while filled.isEmpty, !producerFinished { condition.wait() }
            if filled.isEmpty {
                let failure = self.failure
                condition.unlock()
                if let failure { throw failure }
                return
            }
            let (slot, count, marks, newlines) = filled.removeFirst()
            condition.unlock()

            try body(UnsafeRawBufferPointer(rebasing: buffers[slot]![0..<count]), marks, newlines)

            condition.lock()
            freeSlots.append(slot)
            condition.broadcast()
            condition.unlock()
        }
    }

    private func cancelAndWait() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !producerExited { condition.wait() }
        condition.unlock()
    }
}
