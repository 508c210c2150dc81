import Glibc
import SelarasLog
import SelarasModel

/// Verified events that arrived beyond a gap in their stream, waiting (durably, in
/// `STORE/pending/`) until the missing events arrive.
///
/// Each waiting run is one file: magic `SLRSPEND`, the signed head, the first seq, the first
/// event's predecessor hash, then the frames, then a CRC-32 of all that. Files are written
/// frame by frame to a temporary file, synced, and renamed into place.
public struct PendingArea {
    /// One waiting run.
    public struct Segment: Sendable {
        /// The file name in the pending directory.
        public let fileName: String
        /// The events' verified metadata.
        public let section: VerifiedBundle.Section
        /// The events as frames, back to back.
        let frames: [UInt8]
        /// Start of each frame in `frames`.
        let frameOffsets: [UInt64]
        /// The stream.
        public var stream: StreamID { section.info.stream }
        /// First seq waiting.
        public var firstSeq: UInt64 { section.info.firstSeq }
        /// Last seq waiting.
        public var lastSeq: UInt64 { section.info.head.seq }

        /// A run of this segment's events from `index` on.
        func run(from index: Int) -> VerifiedRun {
            let start = Int(frameOffsets[index])
            return VerifiedRun(stream: stream, firstSeq: firstSeq + UInt64(index),
                               firstPrevious: index == 0 ? section.firstPrevious : section.hashes[index - 1],
                               lastHash: section.hashes.last!, frames: Array(frames[start...]),
                               frameOffsets: frameOffsets[index...].map { $0 - UInt64(start) })
        }
    }

    /// A run being written to the pending area frame by frame (never whole in memory): to a
    /// temporary file, made durable and put in place by ``commit()``, removed by ``discard()``.
    final class Writer {
        private let fs: FileSystem
        private let fd: Int32
        private let tmp: String
        private let path: String
        private let directory: String
        private var offset: UInt64 = 0
        private var crc: UInt32 = 0
        private var done = false

        init(area: PendingArea, section: VerifiedBundle.Section) throws {
            let store = area.store
            fs = store.fileSystem
            directory = area.directory
            if !fs.exists(directory) {
                try fs.createDirectory(directory)
                try fs.syncDirectory(store.directory)
            }
            let info = section.info
            path = directory + "/\(info.stream.fileStem)-\(info.firstSeq)-\(info.head.seq).pend"
            tmp = path + ".tmp"
            if fs.exists(tmp) { try fs.remove(tmp) }
            fd = try fs.open(tmp, create: true, mode: 0o644)
            var w = BinaryWriter(capacity: 200)
            w.raw(PendingArea.magic)
            info.head.encode(into: &w)
            w.varint(info.firstSeq)
            w.varint(info.byteCount)
            w.raw(section.firstPrevious.bytes)
            try w.bytes.withUnsafeBytes { try write($0) }
        }

        deinit {
            fs.close(fd)
            if !done { try? fs.remove(tmp) }
        }

        /// Appends bytes (frames) to the file.
        func write(_ p: UnsafeRawBufferPointer) throws {
            try fs.writeAll(fd, p, at: offset, path: tmp)
            offset += UInt64(p.count)
            crc = Frame.crc32(p, continuing: crc)
        }

        /// Ends the file with its CRC, syncs it and renames it into place.
        func commit() throws {
            var c = crc.littleEndian
            try withUnsafeBytes(of: &c) { try fs.writeAll(fd, $0, at: offset, path: tmp) }
            try fs.sync(fd)
            try fs.rename(tmp, to: path)
            try fs.syncDirectory(directory)
            done = true
        }
    }

    let store: Store
    var directory: String { store.directory + "/pending" }
    static let magic: [UInt8] = Array("SLRSPEND".utf8)

    /// The pending area of a store.
    public init(store: Store) { self.store = store }

    /// Every waiting run, in stream and seq order.
    public func segments() throws -> [Segment] {
        let fs = store.fileSystem
        guard fs.exists(directory) else { return [] }
        var out: [Segment] = []
        for name in try fs.list(directory) where name.hasSuffix(".pend") {
            let bytes = try fs.readFile(directory + "/" + name)
            guard let segment = Self.decode(bytes, fileName: name) else {
                throw SyncError(.malformed, "\(directory)/\(name) is damaged; remove it and import the bundle again")
            }
            out.append(segment)
        }
        return out.sorted { ($0.stream, $0.firstSeq) < ($1.stream, $1.firstSeq) }
    }

    /// Whether the pending directory exists.
    var exists: Bool { store.fileSystem.exists(directory) }

    /// Removes the pending directory when it holds nothing (after an import that created it
    /// was refused, so that a refusal leaves the store exactly as it was).
    func removeDirectoryIfEmpty() {
        guard exists, (try? store.fileSystem.list(directory).isEmpty) == true else { return }
        _ = rmdir(directory)
    }

    /// Removes a run (after it was appended or became redundant).
    func remove(_ segment: Segment) throws {
        try store.fileSystem.remove(directory + "/" + segment.fileName)
        try store.fileSystem.syncDirectory(directory)
    }

    static func decode(_ bytes: [UInt8], fileName: String) -> Segment? {
        guard bytes.count > 12, Array(bytes.prefix(8)) == magic else { return nil }
        let crc = bytes.suffix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard bytes.dropLast(4).withUnsafeBytes({ Frame.crc32($0) }) == crc else { return nil }
        return bytes.withUnsafeBytes { p -> Segment? in
            var r = BinaryReader(UnsafeRawBufferPointer(rebasing: p[8..<(p.count - 4)]))
            guard let head = try? SignedHead.decode(&r), let first = try? r.varint(), let count = try? r.varint(),
                  let prev = try? r.bytes(32), r.remaining == Int(count) else { return nil }
            let framesStart = 8 + r.offset
            let frames = Array(bytes[framesStart..<(framesStart + Int(count))])
            var hashes: [EventHash] = []
            var offsets: [UInt64] = []
            var o = 0
            let ok = frames.withUnsafeBytes { f -> Bool in
                while o < f.count {
                    guard o + 8 <= f.count else { return false }
                    let len = Int(UInt32(littleEndian: f.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
                    guard len > 0, o + 8 + len <= f.count else { return false }
                    offsets.append(UInt64(o))
                    hashes.append(EventHash.of(UnsafeRawBufferPointer(rebasing: f[(o + 8)..<(o + 8 + len)])))
                    o += 8 + len
                }
                return true
            }
            guard ok, hashes.count == Int(head.seq - first + 1), hashes.last == head.hash else { return nil }
            let info = BundleHeader.Section(firstSeq: first, head: head, byteCount: count)
            return Segment(fileName: fileName, section: .init(info: info, firstPrevious: EventHash(bytes: Array(prev)), hashes: hashes),
                           frames: frames, frameOffsets: offsets)
        }
    }
}
