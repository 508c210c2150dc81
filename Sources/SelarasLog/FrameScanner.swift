/// Reads frames sequentially from a log file through a large buffer (no whole-file load).
struct FrameScanner: ~Copyable {
    /// What the scanner found at an offset.
    enum Outcome {
        /// A frame whose CRC matches; `payload` is valid until the next call.
        case frame(payload: UnsafeRawBufferPointer, next: UInt64)
        /// Clean end of file.
        case end
        /// The frame's header or payload runs past the end of the file (a torn write).
        case runsPastEnd
        /// A frame that is complete but wrong: bad length or checksum.
        case bad(String)
    }

    let fs: FileSystem
    let fd: Int32
    let path: String
    let fileSize: UInt64
    private var buffer: UnsafeMutableRawBufferPointer
    private var bufferStart: UInt64 = 0
    private var bufferCount = 0
    /// The CRC-32 stored in the header of the frame last returned by ``frame(at:checksum:)``.
    private(set) var lastStoredChecksum: UInt32 = 0

    init(fs: FileSystem, fd: Int32, path: String, fileSize: UInt64, chunk: Int = 4 << 20) {
        self.fs = fs
        self.fd = fd
        self.path = path
        self.fileSize = fileSize
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunk, Frame.maxPayload + Frame.overhead), alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// Ensures `[offset, offset+count)` is buffered (count ≤ buffer size, within the file).
    private mutating func fill(_ offset: UInt64, _ count: Int) throws -> UnsafeRawBufferPointer {
        if offset < bufferStart || offset + UInt64(count) > bufferStart + UInt64(bufferCount) {
            bufferStart = offset
            bufferCount = 0
            let want = Int(min(UInt64(buffer.count), fileSize - offset))
            while bufferCount < want {
                let n = try fs.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[bufferCount..<want]),
                                    at: offset + UInt64(bufferCount))
                if n == 0 { break }
                bufferCount += n
            }
            if bufferCount < count { throw SystemCallError("read", path: path, errno: 5) }
        }
        let start = Int(offset - bufferStart)
        return UnsafeRawBufferPointer(rebasing: buffer[start..<start + count])
    }

    /// Reads the frame at `offset`.
    mutating func frame(at offset: UInt64, checksum: Bool = true) throws -> Outcome {
        if offset == fileSize { return .end }
        if offset + UInt64(Frame.overhead) > fileSize { return .runsPastEnd }
        let head = try fill(offset, Frame.overhead)
        let length = Int(UInt32(littleEndian: head.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
        let crc = UInt32(littleEndian: head.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        if length == 0 || length > Frame.maxPayload {
            return .bad("frame length \(length) is not 1…\(Frame.maxPayload)")
        }
        let next = offset + UInt64(Frame.overhead + length)
        if next > fileSize { return .runsPastEnd }
        let whole = try fill(offset, Frame.overhead + length)
        let payload = UnsafeRawBufferPointer(rebasing: whole[Frame.overhead...])
        guard !checksum || Frame.crc32(payload) == crc else { return .bad("checksum mismatch") }
        lastStoredChecksum = crc
        return .frame(payload: payload, next: next)
    }

    /// Whether every byte from `offset` to the end of the file is zero (space a crash left
    /// allocated but unwritten).
    mutating func isZeroToEnd(from offset: UInt64) throws -> Bool {
        var p = offset
        while p < fileSize {
            let n = Int(min(UInt64(1 << 20), fileSize - p))
            let chunk = try fill(p, n)
            if chunk.contains(where: { $0 != 0 }) { return false }
            p += UInt64(n)
        }
        return true
    }
}
