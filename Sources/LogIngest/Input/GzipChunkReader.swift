import CZlib

/// Streams a gzip file through zlib's `inflate`, member after member.
///
/// zlib does not decode concatenated gzip members by itself (zlib.h: inflate "will *not*
/// automatically decode concatenated gzip members"), so at each `Z_STREAM_END` the stream is reset
/// and decoding goes on with the next member, as `gzip -dc` does for logrotate's output. Zero bytes
/// after a member are skipped as padding; any other trailing byte is corruption.
///
/// Memory is fixed: one input buffer of ``inputBufferSize`` bytes and zlib's 32 KiB window.
final class GzipChunkReader: ChunkReader {
    /// Compressed bytes read from the file at a time.
    static let inputBufferSize = 256 * 1024

    private enum State { case inMember, betweenMembers, finished }

    private let file: FileDescriptorReader
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputStart = 0
    private var inputEnd = 0
    /// File offset of `input[0]`.
    private var inputBaseOffset: Int64 = 0
    private var endOfFile = false
    private var state = State.inMember
    private var memberStartOffset: Int64 = 0
    private var pendingError: LogIngestError?

    init(file: FileDescriptorReader) throws(LogIngestError) {
        self.file = file
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: Self.inputBufferSize, alignment: 16)
        // 15 + 16: a 32 KiB window, gzip wrapper only.
        if footfall_inflateInit2(stream, 15 + 16) != Z_OK {
            stream.deallocate()
            input.deallocate()
            throw LogIngestError(.io, file: file.name, message: "zlib could not be initialised")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    private var currentOffset: Int64 { inputBaseOffset + Int64(inputStart) }

    private func refill() throws(LogIngestError) {
        inputBaseOffset += Int64(inputEnd)
        inputStart = 0
        inputEnd = 0
        let count = try file.read(into: input)
        if count == 0 { endOfFile = true }
        inputEnd = count
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LogIngestError) -> Int {
        if let pendingError {
            self.pendingError = nil
            state = .finished
            throw pendingError
        }
        var produced = 0
        do throws(LogIngestError) {
            while produced < buffer.count, state != .finished {
                if inputStart == inputEnd, !endOfFile { try refill() }
                if state == .betweenMembers {
                    if inputStart == inputEnd {
                        state = .finished
                        break
                    }
                    let next = input.load(fromByteOffset: inputStart, as: UInt8.self)
                    if next == 0 {
                        inputStart += 1  // padding after the last member
                        continue
                    }
                    if next != 0x1F {
                        throw LogIngestError(
                            .corruptGzip, file: file.name, offset: currentOffset,
                            message: "data after the end of a gzip member is not another gzip member",
                            hint: salvageHint)
                    }
                    inflateReset(stream)
                    memberStartOffset = currentOffset
                    state = .inMember
                }
                let availableIn = inputEnd - inputStart
                stream.pointee.next_in = (input.baseAddress! + inputStart).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = UInt32(availableIn)
                stream.pointee.next_out = (buffer.baseAddress! + produced).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(buffer.count - produced)
                let result = inflate(stream, Z_NO_FLUSH)
                inputStart += availableIn - Int(stream.pointee.avail_in)
                produced = buffer.count - Int(stream.pointee.avail_out)
                switch result {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    state = .betweenMembers
                case Z_BUF_ERROR:
                    if inputStart == inputEnd, endOfFile {
                        throw LogIngestError(
                            .truncatedGzip, file: file.name, offset: currentOffset,
                            message: "gzip stream is truncated: the file ends inside the member that starts at byte \(memberStartOffset)",
                            hint: "The file may still be being written or was cut short in a copy: copy it again, or run with --salvage to keep the lines before the damage")
                    }
                case Z_DATA_ERROR, Z_NEED_DICT:
                    let detail = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
                    throw LogIngestError(
                        .corruptGzip, file: file.name, offset: currentOffset,
                        message: "gzip stream is corrupt (\(detail)) in the member that starts at byte \(memberStartOffset)",
                        hint: salvageHint)
                default:
                    throw LogIngestError(
                        .io, file: file.name, offset: currentOffset,
                        message: "zlib failed with code \(result)", hint: "Retry; if it persists, report it")
                }
            }
        } catch {
            if produced == 0 {
                state = .finished
                throw error
            }
            pendingError = error
        }
        return produced
    }

    private var salvageHint: String {
        "Restore the file from its source, or run with --salvage to keep the lines before the damage"
    }
}
