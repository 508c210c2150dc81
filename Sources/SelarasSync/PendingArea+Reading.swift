import SelarasLog
import SelarasModel

extension PendingArea {
    /// Reads a waiting run's file front to back in pieces: checks its shape and CRC-32 and
    /// hashes every event, keeping only the metadata.
    /// - Returns: the segment, or nil when the file is damaged (bad magic, shape or CRC).
    /// - Throws: I/O errors.
    /// - Complexity: O(file size) time; memory one read buffer plus 40 bytes per event.
    static func readSegment(fs: FileSystem, path: String, fileName: String) throws -> Segment? {
        let reader = try SequentialFileReader(fs: fs, path: path)
        let size = reader.size
        guard size > UInt64(magic.count + 4) else { return nil }
        var crc: UInt32 = 0

        // The header: magic, signed head, first seq, byte count, first predecessor.
        let headerWindow = Int(min(256, size - 4))
        guard try reader.ensure(headerWindow) else { return nil }
        let parsed: (head: SignedHead, first: UInt64, count: UInt64, previous: EventHash, length: Int)? = reader.peek { p in
            guard p.count >= magic.count, Array(p.prefix(magic.count)) == magic else { return nil }
            var r = BinaryReader(UnsafeRawBufferPointer(rebasing: p[magic.count..<headerWindow]))
            guard let head = try? SignedHead.decode(&r), let first = try? r.varint(), let count = try? r.varint(),
                  let prev = try? r.bytes(32) else { return nil }
            return (head, first, count, EventHash(bytes: Array(prev)), magic.count + r.offset)
        }
        guard let header = parsed, header.head.seq >= header.first,
              UInt64(header.length) + header.count + 4 == size else { return nil }
        reader.take(header.length) { crc = Frame.crc32($0, continuing: crc) }

        // The frames: each one's length and CRC, and its event's hash.
        let framesEnd = UInt64(header.length) + header.count
        var hashes: [EventHash] = []
        var offsets: [UInt64] = []
        while reader.position < framesEnd {
            guard reader.position + UInt64(Frame.overhead) <= framesEnd, try reader.ensure(Frame.overhead) else { return nil }
            let len = reader.peek { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
            guard len > 0, len <= Frame.maxPayload, reader.position + UInt64(Frame.overhead + len) <= framesEnd,
                  try reader.ensure(Frame.overhead + len) else { return nil }
            offsets.append(reader.position)
            let ok = reader.take(Frame.overhead + len) { p -> Bool in
                crc = Frame.crc32(p, continuing: crc)
                let payload = UnsafeRawBufferPointer(rebasing: p[Frame.overhead...])
                guard Frame.crc32(payload) == UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)) else { return false }
                hashes.append(EventHash.of(payload))
                return true
            }
            guard ok else { return nil }
        }
        guard try reader.ensure(4) else { return nil }
        let stored = reader.take(4) { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard stored == crc, hashes.count == Int(header.head.seq - header.first + 1), hashes.last == header.head.hash else {
            return nil
        }
        let info = BundleHeader.Section(firstSeq: header.first, head: header.head, byteCount: header.count)
        return Segment(fileName: fileName, section: .init(info: info, firstPrevious: header.previous, hashes: hashes),
                       frameOffsets: offsets, framesEnd: framesEnd)
    }

    /// Reads a segment's events from `index` on out of its file, in runs of about 1 MiB, each
    /// frame checked against the hash recorded when the segment was read.
    /// - Parameters:
    ///   - segment: a segment from ``segments()``.
    ///   - index: the first event to deliver.
    ///   - body: receives the runs, in order; each continues the previous one.
    /// - Throws: ``SyncError`` `.malformed` when the file changed since it was read; I/O
    ///   errors; whatever `body` throws.
    func forEachRun(of segment: Segment, from index: Int, _ body: (VerifiedRun) throws -> Void) throws {
        let path = directory + "/" + segment.fileName
        func changed() -> SyncError {
            SyncError(.malformed, "\(path) changed while its events were being appended; remove it and import the bundle again")
        }
        let count = segment.frameOffsets.count
        guard index < count else { return }
        let reader = try SequentialFileReader(fs: store.fileSystem, path: path, from: segment.frameOffsets[index])
        let hashes = segment.section.hashes
        var frames: [UInt8] = []
        var offsets: [UInt64] = []
        var runFirst = index
        func flush(through last: Int) throws {
            try body(VerifiedRun(stream: segment.stream, firstSeq: segment.firstSeq + UInt64(runFirst),
                                 firstPrevious: runFirst == 0 ? segment.section.firstPrevious : hashes[runFirst - 1],
                                 lastHash: hashes[last], frames: frames, frameOffsets: offsets))
            frames.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
            runFirst = last + 1
        }
        for i in index..<count {
            let end = i + 1 < count ? segment.frameOffsets[i + 1] : segment.framesEnd
            let n = Int(end - segment.frameOffsets[i])
            guard n > Frame.overhead, try reader.ensure(n) else { throw changed() }
            let ok = reader.take(n) { p -> Bool in
                let payload = UnsafeRawBufferPointer(rebasing: p[Frame.overhead...])
                guard Int(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))) == n - Frame.overhead,
                      Frame.crc32(payload) == UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)),
                      EventHash.of(payload) == hashes[i] else { return false }
                offsets.append(UInt64(frames.count))
                frames.append(contentsOf: p)
                return true
            }
            guard ok else { throw changed() }
            if frames.count >= BundleImporter.runBytes { try flush(through: i) }
        }
        if !frames.isEmpty { try flush(through: count - 1) }
    }
}
