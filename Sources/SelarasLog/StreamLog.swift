import SelarasModel

/// One stream's append-only log file and its seq → offset index.
///
/// An append is acknowledged only after its frames are written and `fdatasync` returned.
/// After a failed write or sync the log truncates back to its last acknowledged frame; until
/// that succeeds it refuses appends, so there is never a hole and never an acknowledged
/// record that is later lost. The index (`.idx`, 8 bytes per event) is derived data: it is
/// written after each append without its own fsync and rebuilt from the log when it is short
/// or damaged.
final class StreamLog {
    let stream: StreamID
    let logPath: String
    let indexPath: String
    let fs: FileSystem
    let fd: Int32
    private var indexFD: Int32?
    /// Start offset of the frame of seq i+1.
    private(set) var offsets: [UInt64]
    /// End of the last acknowledged frame.
    private(set) var end: UInt64
    /// Hash of the last event (the chain head).
    private(set) var head: EventHash
    private var indexWritten: Int
    private var poisoned: Bool = false

    /// Number of events, which is also the highest seq.
    var count: UInt64 { UInt64(offsets.count) }

    init(stream: StreamID, logPath: String, indexPath: String, fs: FileSystem, fd: Int32,
                 offsets: [UInt64], end: UInt64, head: EventHash, indexFD: Int32?, indexWritten: Int) {
        self.stream = stream
        self.logPath = logPath
        self.indexPath = indexPath
        self.fs = fs
        self.fd = fd
        self.offsets = offsets
        self.end = end
        self.head = head
        self.indexFD = indexFD
        self.indexWritten = indexWritten
    }

    deinit {
        fs.close(fd)
        if let i = indexFD { fs.close(i) }
    }

    static func paths(_ stream: StreamID, in directory: String) -> (log: String, index: String) {
        ("\(directory)/\(stream.fileStem).log", "\(directory)/\(stream.fileStem).idx")
    }

    /// Creates an empty log: header written and synced, directory synced.
    static func create(_ stream: StreamID, in directory: String, fs: FileSystem) throws -> StreamLog {
        let (logPath, indexPath) = paths(stream, in: directory)
        let fd: Int32
        do { fd = try fs.open(logPath, create: true, mode: 0o600) } catch {
            throw StoreError(.io, "could not create the log of stream \(stream)", underlying: error as? SystemCallError)
        }
        do {
            try Frame.logHeader(for: stream).withUnsafeBytes { try fs.writeAll(fd, $0, at: 0, path: logPath) }
            try fs.sync(fd)
            try fs.syncDirectory(directory)
        } catch {
            fs.close(fd)
            try? fs.remove(logPath)
            throw StoreError(.io, "could not create the log of stream \(stream)", underlying: error as? SystemCallError)
        }
        let ifd = try? fs.open(indexPath, create: true, mode: 0o600)
        if let ifd { try? fs.truncate(ifd, to: 0) }
        return StreamLog(stream: stream, logPath: logPath, indexPath: indexPath, fs: fs, fd: fd, offsets: [],
                         end: UInt64(Frame.logHeaderSize), head: .zero, indexFD: ifd, indexWritten: 0)
    }

    // MARK: Appending

    /// Appends events built from drafts, continuing the hash chain.
    /// - Parameters:
    ///   - drafts: the events to add, in order.
    ///   - sync: whether to `fdatasync` before returning (the acknowledgement).
    /// - Returns: the events as stored.
    /// - Throws: ``StoreError`` `.io` when a write or sync failed (nothing of this call is kept),
    ///   `.poisoned` when an earlier failure could not yet be repaired.
    func append(_ drafts: [EventDraft], sync: Bool) throws -> [Event] {
        try ensureWritable()
        var w = BinaryWriter(capacity: drafts.count * 200)
        var events: [Event] = []
        events.reserveCapacity(drafts.count)
        var newOffsets: [UInt64] = []
        newOffsets.reserveCapacity(drafts.count)
        var prev = head
        var seq = count
        for d in drafts {
            seq += 1
            let e = d.event(at: Dot(stream: stream, seq: seq), previousHash: prev)
            let frameStart = w.bytes.count
            newOffsets.append(end + UInt64(frameStart))
            prev = Frame.append(e, to: &w)
            // The decoder is the definition of what can be read back: an event it would refuse is
            // never written (the last line of defence behind RecordEntry's validation). It reads
            // the payload just framed; a create (most events) is checked by the decoder's scan,
            // which builds no values, anything else by a full decode.
            let readBack: Result<Void, ModelError> = w.bytes.withUnsafeBytes { p in
                Result { () throws(ModelError) in
                    let payload = UnsafeRawBufferPointer(rebasing: p[(frameStart + Frame.overhead)...])
                    if try Event.scanCreateBody(payload) == nil { _ = try Event.decode(payload) }
                }
            }
            if case .failure(let error) = readBack {
                throw StoreError(.undecodable, "event \(e.dot) was not written because it could not be read back: \(error.message); nothing of this call was written", underlying: error)
            }
            events.append(e)
        }
        try commit(w.bytes, offsets: newOffsets, head: prev, sync: sync)
        return events
    }

    /// Appends already-framed events received from elsewhere (verified by the caller).
    func appendFramed(_ frames: [UInt8], offsets relative: [UInt64], head newHead: EventHash, sync: Bool) throws {
        try ensureWritable()
        try commit(frames, offsets: relative.map { $0 + end }, head: newHead, sync: sync)
    }

    /// Makes every frame appended so far durable (`fdatasync`); after appends made with
    /// `sync: false`. On failure the caller rolls back.
    func syncAppended() throws {
        do { try fs.sync(fd) } catch {
            throw StoreError(.io, "could not sync the log of stream \(stream)", underlying: error as? SystemCallError)
        }
    }

    /// Repairs the log if an earlier failure left it refusing appends; throws `.poisoned` while it cannot.
    func ensureWritable() throws {
        guard poisoned else { return }
        do { try repair() } catch {
            throw StoreError(.poisoned, "the log of stream \(stream) refuses appends: an earlier write failed and it could not yet truncate back to its last good frame at byte \(end)",
                             underlying: error as? SystemCallError)
        }
    }

    private func commit(_ bytes: [UInt8], offsets newOffsets: [UInt64], head newHead: EventHash, sync: Bool) throws {
        do {
            try bytes.withUnsafeBytes { try fs.writeAll(fd, $0, at: end, path: logPath) }
            if sync { try fs.sync(fd) }
        } catch {
            poisoned = true
            try? repair()
            throw StoreError(.io, "could not append to stream \(stream): nothing after seq \(count) was kept",
                             underlying: error as? SystemCallError)
        }
        end += UInt64(bytes.count)
        offsets += newOffsets
        head = newHead
        writeIndex()
    }

    /// Truncates back to the last acknowledged frame and syncs; clears the poisoned state.
    private func repair() throws {
        try fs.truncate(fd, to: end)
        try fs.sync(fd)
        poisoned = false
    }

    /// Rolls the log back to `seq` events (used when a multi-stream batch fails half-way).
    func rollBack(to seq: UInt64, head previousHead: EventHash) throws {
        guard seq < count else { return }
        end = offsets[Int(seq)]
        offsets.removeLast(Int(count - seq))
        head = previousHead
        poisoned = true
        try repair()
        if indexWritten > offsets.count, let ifd = indexFD {
            indexWritten = offsets.count
            try? fs.truncate(ifd, to: UInt64(indexWritten * 8))
        }
    }

    /// Writes the index entries the file lacks after opening.
    func writeIndexAfterOpen() { writeIndex() }

    /// Writes new index entries; a failure only means the index is rebuilt at next open.
    private func writeIndex() {
        guard let ifd = indexFD, indexWritten < offsets.count else { return }
        var w = BinaryWriter(capacity: (offsets.count - indexWritten) * 8)
        for o in offsets[indexWritten...] { w.u64(o) }
        do {
            try w.bytes.withUnsafeBytes { try fs.writeAll(ifd, $0, at: UInt64(indexWritten * 8), path: indexPath) }
            indexWritten = offsets.count
        } catch {
            fs.close(ifd)
            indexFD = nil
        }
    }

    // MARK: Reading

    /// Reads the events with seq > `after`, in order, decoding each.
    /// - Complexity: O(events returned); the index gives the start without scanning.
    func events(after: UInt64) throws -> [Event] {
        var out: [Event] = []
        try forEachFrame(after: after) { _, payload in out.append(try Event.decode(payload)) }
        return out
    }

    /// Bytes of the frames of seqs `first…last` (from the index, without reading them).
    func frameBytes(first: UInt64, last: UInt64) -> UInt64 {
        guard first >= 1, first <= last, last <= count else { return 0 }
        let stop = last == count ? end : offsets[Int(last)]
        return stop - offsets[Int(first - 1)]
    }

    /// Calls `body` with each event's frame after `after`, its checksum not yet checked (see
    /// ``StoredFrame``).
    func forEachStoredFrame(of stream: StreamID, after: UInt64, _ body: (StoredFrame) throws -> Void) throws {
        guard after < count else { return }
        var scanner = FrameScanner(fs: fs, fd: fd, path: logPath, fileSize: end)
        var offset = offsets[Int(after)]
        var seq = after
        while seq < count {
            seq += 1
            guard case .frame(let payload, let next) = try scanner.frame(at: offset, checksum: false) else {
                throw StoreError(.corrupt, "\(logPath): the frame of seq \(seq) at byte \(offset) no longer reads back; run `selaras verify`")
            }
            try body(StoredFrame(stream: stream, seq: seq, payload: payload, storedChecksum: scanner.lastStoredChecksum))
            offset = next
        }
    }

    /// Calls `body` with the seq and payload of each event after `after` (up to `through`).
    func forEachFrame(after: UInt64, through: UInt64 = .max,
                      _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void) throws {
        guard after < count else { return }
        var scanner = FrameScanner(fs: fs, fd: fd, path: logPath, fileSize: end)
        var offset = offsets[Int(after)]
        var seq = after
        let last = min(count, through)
        while seq < last {
            seq += 1
            guard case .frame(let payload, let next) = try scanner.frame(at: offset) else {
                throw StoreError(.corrupt, "\(logPath): the frame of seq \(seq) at byte \(offset) no longer reads back; run `selaras verify`")
            }
            try body(seq, payload)
            offset = next
        }
    }
}

@available(*, unavailable)
extension StreamLog: Sendable {}
