import SelarasModel

extension StreamLog {
    /// Opens a stream's log, recovering from a crash.
    ///
    /// Checks the header, loads and checks the index, then reads every frame after the last
    /// indexed one (and that one itself, to learn the chain head). A frame cut by a crash at
    /// the end of the file (it runs past the end, or only zeros follow) was never acknowledged:
    /// it is truncated and reported in `notes`. Any other damage is an error and nothing is
    /// changed.
    /// - Complexity: O(events after the index's end), plus O(n) to load an 8-byte-per-event index.
    static func open(_ stream: StreamID, in directory: String, fs: FileSystem,
                     notes: inout [RecoveryNote]) throws -> StreamLog {
        let (logPath, indexPath) = paths(stream, in: directory)
        let fd: Int32
        do { fd = try fs.open(logPath, create: false, mode: 0) } catch {
            throw StoreError(.io, "could not open \(logPath)", underlying: error as? SystemCallError)
        }
        do {
            return try recover(stream, fd: fd, logPath: logPath, indexPath: indexPath, fs: fs, notes: &notes)
        } catch let e as StoreError {
            fs.close(fd)
            throw e
        } catch {
            fs.close(fd)
            throw StoreError(.io, "could not read \(logPath)", underlying: error as? SystemCallError)
        }
    }

    private static func recover(_ stream: StreamID, fd: Int32, logPath: String, indexPath: String, fs: FileSystem,
                                notes: inout [RecoveryNote]) throws -> StreamLog {
        var size = try fs.size(fd)
        let header = Frame.logHeader(for: stream)
        let present = try fs.readBytes(fd, count: min(Int(size), Frame.logHeaderSize), at: 0)
        if size < UInt64(Frame.logHeaderSize) {
            guard present == Array(header.prefix(present.count)) || present.allSatisfy({ $0 == 0 }) else {
                throw StoreError(.corrupt, "\(logPath): the header is damaged (\(size) bytes, not a Selaras log of stream \(stream))")
            }
            try header.withUnsafeBytes { try fs.writeAll(fd, $0, at: 0, path: logPath) }
            try fs.truncate(fd, to: UInt64(header.count))
            try fs.sync(fd)
            size = UInt64(header.count)
            notes.append(RecoveryNote(stream: stream, kind: .headerRewritten))
        } else if present != header {
            throw StoreError(.corrupt, "\(logPath): the header is not that of stream \(stream)'s log; the file is damaged or misplaced")
        }

        // The index, if it is consistent.
        var indexOnDisk: [UInt64] = []
        if fs.exists(indexPath), let ifd = try? fs.open(indexPath, create: false, mode: 0) {
            defer { fs.close(ifd) }
            let bytes = (try? fs.readBytes(ifd, count: Int(try fs.size(ifd)) / 8 * 8, at: 0)) ?? []
            indexOnDisk = bytes.withUnsafeBytes { p in
                (0..<bytes.count / 8).map { UInt64(littleEndian: p.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
            }
        }
        var offsets = indexOnDisk
        var rebuilt = false
        if !offsets.isEmpty {
            var ok = offsets[0] == UInt64(Frame.logHeaderSize) && offsets.last! < size
            if ok { for i in 1..<offsets.count where offsets[i] <= offsets[i - 1] { ok = false; break } }
            if !ok { offsets = []; rebuilt = true }
        } else if size > UInt64(Frame.logHeaderSize) {
            rebuilt = true
        }

        var scanner = FrameScanner(fs: fs, fd: fd, path: logPath, fileSize: size)
        var position = UInt64(Frame.logHeaderSize)
        var seq: UInt64 = 0
        var prev = EventHash.zero
        if let last = offsets.last {
            if case .frame(let payload, let next) = try scanner.frame(at: last),
               let e = try? Event.decode(payload), e.dot == Dot(stream: stream, seq: UInt64(offsets.count)) {
                position = next
                seq = UInt64(offsets.count)
                prev = EventHash.of(payload)
            } else {
                offsets = []
                rebuilt = true
            }
        }

        var problem: (offset: UInt64, what: String)? = nil
        scan: while true {
            switch try scanner.frame(at: position) {
            case .end:
                break scan
            case .runsPastEnd:
                problem = (position, "runs past the end of the file")
                break scan
            case .bad(let what):
                problem = (position, what)
                break scan
            case .frame(let payload, let next):
                let event: Event
                do { event = try Event.decode(payload) } catch {
                    problem = (position, "does not decode: \(error.message)")
                    break scan
                }
                guard event.dot == Dot(stream: stream, seq: seq + 1) else {
                    problem = (position, "holds \(event.dot) where seq \(seq + 1) of \(stream) belongs")
                    break scan
                }
                guard event.previousHash == prev else {
                    problem = (position, "does not continue the hash chain")
                    break scan
                }
                offsets.append(position)
                prev = EventHash.of(payload)
                seq += 1
                position = next
            }
        }

        if let problem {
            let tornTail: Bool
            if case .frame = try scanner.frame(at: problem.offset) { tornTail = false }
            else { tornTail = try problem.what == "runs past the end of the file" || scanner.isZeroToEnd(from: problem.offset) }
            guard tornTail else {
                throw StoreError(.corrupt, "\(logPath): the frame after seq \(seq) at byte \(problem.offset) \(problem.what), and \(size - problem.offset) bytes follow it; the store was not changed — this is damage, not an interrupted write")
            }
            try fs.truncate(fd, to: problem.offset)
            try fs.sync(fd)
            notes.append(RecoveryNote(stream: stream, kind: .tornTailTruncated(offset: problem.offset, bytes: size - problem.offset)))
            size = problem.offset
        }

        // Bring the index file in line with the log.
        let indexFD = try? fs.open(indexPath, create: true, mode: 0o600)
        var indexWritten = 0
        if let ifd = indexFD {
            let samePrefix = indexOnDisk.count <= offsets.count && !rebuilt
            if samePrefix { indexWritten = indexOnDisk.count } else { try? fs.truncate(ifd, to: 0) }
        }
        if rebuilt, size > UInt64(Frame.logHeaderSize) { notes.append(RecoveryNote(stream: stream, kind: .indexRebuilt)) }
        let log = StreamLog(stream: stream, logPath: logPath, indexPath: indexPath, fs: fs, fd: fd, offsets: offsets,
                            end: size, head: prev, indexFD: indexFD, indexWritten: indexWritten)
        log.writeIndexAfterOpen()
        return log
    }
}
