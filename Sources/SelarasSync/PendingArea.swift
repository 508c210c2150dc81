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
    /// One waiting run: its verified metadata; the frames stay in its file and are read in
    /// pieces when the run is appended (``forEachRun(of:from:_:)``).
    public struct Segment: Sendable {
        /// The file name in the pending directory.
        public let fileName: String
        /// The events' verified metadata.
        public let section: VerifiedBundle.Section
        /// Where each frame starts in the file.
        let frameOffsets: [UInt64]
        /// Where the frames end in the file (its CRC follows).
        let framesEnd: UInt64
        /// The stream.
        public var stream: StreamID { section.info.stream }
        /// First seq waiting.
        public var firstSeq: UInt64 { section.info.firstSeq }
        /// Last seq waiting.
        public var lastSeq: UInt64 { section.info.head.seq }
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
    var directory: String { store.directory + "/" + Self.directoryName }
    /// The pending directory's name in the store.
    static let directoryName = "pending"
    static let magic: [UInt8] = Array("SLRSPEND".utf8)

    /// The pending area of a store.
    public init(store: Store) { self.store = store }

    /// Every waiting run, in stream and seq order. Each file is read once, in pieces (its
    /// CRC checked, each event hashed); only the metadata is kept.
    /// - Throws: ``SyncError`` `.malformed` naming a damaged file; I/O errors.
    /// - Complexity: O(bytes waiting) time; memory O(events waiting) × 40 bytes.
    public func segments() throws -> [Segment] {
        let fs = store.fileSystem
        guard fs.exists(directory) else { return [] }
        var out: [Segment] = []
        for name in try fs.list(directory) where name.hasSuffix(".pend") {
            guard let segment = try Self.readSegment(fs: fs, path: directory + "/" + name, fileName: name) else {
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
}
