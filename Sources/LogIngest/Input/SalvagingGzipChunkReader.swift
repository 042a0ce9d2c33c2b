import CZlib

/// Reads a gzip file for `--salvage`: zlib inflates it one deflate block at a time (`Z_BLOCK`), and decoded
/// bytes are handed on only when they are known good, so that damage leaves no garbage lines behind
/// (issue 18.11: bytes igzip decoded before a failed CRC-32 were kept as lines).
///
/// - A block that fails to inflate is dropped whole, with the rest of the file: the lines kept are those
///   before the damaged block. A file cut short keeps what it decoded (a cut corrupts nothing before it).
/// - A member whose blocks all inflate but whose trailer's CRC-32 or length is wrong cannot say where its
///   damage is: its output is held until the trailer checks out, up to ``heldLimit`` bytes, and dropped
///   whole when it fails. Past the limit, the held bytes are handed on (memory stays bounded) and a later
///   failure says how many of the member's bytes went on unchecked.
///
/// Slower than ``GzipChunkReader`` (zlib, a copy of every byte): used only when salvaging.
final class SalvagingGzipChunkReader: ChunkReader {
    /// The most bytes of one member held back until its checksum is verified.
    static let heldLimit = 64 << 20

    private enum State { case inHeader, inMember, inTrailer, betweenMembers, finished }

    private let file: FileDescriptorReader
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 256 * 1024)
    private var inputStart = 0
    private var inputEnd = 0
    private var inputBaseOffset: Int64 = 0
    private var endOfFile = false
    private var state = State.inHeader
    private var streamOpen = false
    private var memberStartOffset: Int64 = 0
    /// Bytes of the header or trailer that span input buffers.
    private var partial: [UInt8] = []

    /// Decoded bytes of the current block (not yet known good).
    private var block: [UInt8] = []
    /// Decoded bytes of the member's complete blocks, held until its trailer checks out.
    private var held: [UInt8] = []
    /// Bytes known good, waiting for the caller; `readyStart` is the next one to give.
    private var ready: [UInt8] = []
    private var readyStart = 0
    /// The member's CRC-32 and length so far, and the bytes of it already handed on unchecked.
    private var memberCRC: UInt32 = 0
    private var memberLength: UInt64 = 0
    private var memberReleasedUnchecked = 0
    private var pendingError: LogIngestError?

    init(file: FileDescriptorReader) {
        self.file = file
    }

    deinit {
        if streamOpen { inflateEnd(&stream) }
    }

    private var currentOffset: Int64 { inputBaseOffset + Int64(inputStart) }

    private func refill() throws(LogIngestError) {
        inputBaseOffset += Int64(inputEnd)
        inputStart = 0
        var failure: LogIngestError?
        let count = input.withUnsafeMutableBytes { buffer -> Int in
            do throws(LogIngestError) { return try file.read(into: buffer) } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        if count == 0 { endOfFile = true }
        inputEnd = count
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogIngestError) -> Int {
        var produced = 0
        while produced < buffer.count {
            if readyStart < ready.count {
                let count = min(buffer.count - produced, ready.count - readyStart)
                ready.withUnsafeBytes { source in
                    (buffer.baseAddress! + produced).copyMemory(from: source.baseAddress! + readyStart, byteCount: count)
                }
                produced += count
                readyStart += count
                continue
            }
            ready.removeAll(keepingCapacity: true)
            readyStart = 0
            if let pendingError {
                if produced > 0 { return produced }
                self.pendingError = nil
                state = .finished
                throw pendingError
            }
            if state == .finished { break }
            do throws(LogIngestError) {
                try step()
            } catch {
                pendingError = damaged(error)
            }
        }
        return produced
    }

    /// The error, with the decoded bytes that are dropped because of it counted in its message: the damaged
    /// block's, and the whole held member's when its checksum failed.
    private func damaged(_ error: LogIngestError) -> LogIngestError {
        let checksumFailed = state == .inTrailer && error.code != .truncatedGzip
        if !checksumFailed {
            ready.append(contentsOf: held)  // the blocks before the damaged one inflated: kept
            held = []
        }
        if error.code == .truncatedGzip {
            ready.append(contentsOf: held)
            held = []
            ready.append(contentsOf: block)  // a cut, not damage: what was decoded is good (the partial line goes)
            block = []
        }
        let dropped = held.count + block.count
        let lines = held.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + block.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        held = []
        block = []
        let what = checksumFailed ? "the member that failed its checksum" : "the damaged block"
        var note = "; --salvage dropped the \(lines) decoded line(s) (\(dropped) bytes) of \(what) and read nothing after it"
        if checksumFailed, memberReleasedUnchecked > 0 {
            note += "; \(memberReleasedUnchecked) bytes of that member were kept before its checksum could be checked (more than \(Self.heldLimit >> 20) MiB are never held) and may hold damaged lines"
        }
        var result = error
        result.message += note
        return result
    }

    /// Advances by one piece of work: a header, some deflate data, a trailer, or the gap between members.
    private func step() throws(LogIngestError) {
        if inputStart == inputEnd, !endOfFile { try refill() }
        switch state {
        case .finished:
            return
        case .betweenMembers:
            if inputStart == inputEnd {
                state = .finished
                return
            }
            let next = input[inputStart]
            if next == 0 {
                inputStart += 1
                return
            }
            guard next == 0x1F else {
                throw LogIngestError(
                    .corruptGzip, file: file.name, offset: currentOffset,
                    message: "data after the end of a gzip member is not another gzip member", hint: Self.hint)
            }
            memberStartOffset = currentOffset
            state = .inHeader
        case .inHeader:
            try readHeader()
        case .inMember:
            try inflateSome()
        case .inTrailer:
            try readTrailer()
        }
    }

    private func available() -> [UInt8] { partial + input[inputStart..<inputEnd] }

    private func readHeader() throws(LogIngestError) {
        let bytes = available()
        switch bytes.withUnsafeBytes({ GzipHeader.parse($0) }) {
        case .complete(let length):
            inputStart += length - partial.count
            partial = []
            if streamOpen { inflateEnd(&stream) }
            stream = z_stream()
            guard footfall_inflateInit2(&stream, -15) == Z_OK else {
                throw LogIngestError(.io, file: file.name, message: "zlib could not start inflating", hint: "")
            }
            streamOpen = true
            (memberCRC, memberLength, memberReleasedUnchecked) = (0, 0, 0)
            state = .inMember
        case .incomplete:
            guard !endOfFile else {
                throw LogIngestError(
                    .truncatedGzip, file: file.name, offset: currentOffset,
                    message: "gzip stream is truncated: the file ends inside the header of the member that starts at byte \(memberStartOffset)",
                    hint: Self.hint)
            }
            partial = bytes
            inputStart = inputEnd
        case .invalid(let reason, let at):
            throw LogIngestError(
                .corruptGzip, file: file.name, offset: memberStartOffset + Int64(at),
                message: "gzip stream is corrupt (\(reason)) in the member that starts at byte \(memberStartOffset)", hint: Self.hint)
        }
    }

    private func inflateSome() throws(LogIngestError) {
        if inputStart == inputEnd, endOfFile {
            throw LogIngestError(
                .truncatedGzip, file: file.name, offset: currentOffset,
                message: "gzip stream is truncated: the file ends inside the member that starts at byte \(memberStartOffset)",
                hint: Self.hint)
        }
        var output = [UInt8](repeating: 0, count: 64 * 1024)
        let availableIn = inputEnd - inputStart
        let (result, consumed, made, endOfBlock) = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress! + inputStart
                stream.avail_in = UInt32(availableIn)
                stream.next_out = outBuffer.baseAddress!
                stream.avail_out = UInt32(outBuffer.count)
                let result = inflate(&stream, Z_BLOCK)
                return (result, availableIn - Int(stream.avail_in), outBuffer.count - Int(stream.avail_out), stream.data_type & 128 != 0)
            }
        }
        inputStart += consumed
        block.append(contentsOf: output[0..<made])
        switch result {
        case Z_OK, Z_BUF_ERROR:
            if result == Z_BUF_ERROR, consumed == 0, made == 0, inputStart == inputEnd, endOfFile {
                throw LogIngestError(
                    .truncatedGzip, file: file.name, offset: currentOffset,
                    message: "gzip stream is truncated: the file ends inside the member that starts at byte \(memberStartOffset)",
                    hint: Self.hint)
            }
            if endOfBlock { finishBlock() }
        case Z_STREAM_END:
            finishBlock()
            inflateEnd(&stream)
            streamOpen = false
            state = .inTrailer
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "invalid deflate data"
            throw LogIngestError(
                .corruptGzip, file: file.name, offset: currentOffset,
                message: "gzip stream is corrupt (\(reason)) in the member that starts at byte \(memberStartOffset)", hint: Self.hint)
        }
    }

    /// A block decoded whole: its bytes join the member's held ones (handed on past the limit).
    private func finishBlock() {
        memberCRC = block.withUnsafeBytes { UInt32(crc32(UInt(memberCRC), $0.baseAddress?.assumingMemoryBound(to: Bytef.self), UInt32($0.count))) }
        memberLength &+= UInt64(block.count)
        held.append(contentsOf: block)
        block.removeAll(keepingCapacity: true)
        if held.count > Self.heldLimit {
            memberReleasedUnchecked += held.count
            ready.append(contentsOf: held)
            held = []
        }
    }

    private func readTrailer() throws(LogIngestError) {
        let bytes = available()
        guard bytes.count >= 8 else {
            guard !endOfFile else {
                throw LogIngestError(
                    .truncatedGzip, file: file.name, offset: currentOffset,
                    message: "gzip stream is truncated: the file ends inside the trailer of the member that starts at byte \(memberStartOffset)",
                    hint: Self.hint)
            }
            partial = bytes
            inputStart = inputEnd
            return
        }
        inputStart += 8 - partial.count
        partial = []
        let crc = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        let length = UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 24
        guard crc == memberCRC, length == UInt32(truncatingIfNeeded: memberLength) else {
            throw LogIngestError(
                .corruptGzip, file: file.name, offset: currentOffset - 8,
                message: "gzip stream is corrupt (incorrect CRC-32 or length) in the member that starts at byte \(memberStartOffset)",
                hint: Self.hint)
        }
        ready.append(contentsOf: held)
        held = []
        state = .betweenMembers
    }

    private static let hint = "Restore the file from its source to read the rest"
}
