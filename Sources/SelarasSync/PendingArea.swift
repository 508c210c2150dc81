import SelarasLog
import SelarasModel

/// Verified events that arrived beyond a gap in their stream, waiting (durably, in
/// `STORE/pending/`) until the missing events arrive.
///
/// Each waiting run is one file: magic `SLRSPEND`, the signed head, the first seq, the first
/// event's predecessor hash, then the frames. Files are written atomically and synced.
public struct PendingArea {
    /// One waiting run.
    public struct Segment: Sendable {
        /// The file name in the pending directory.
        public let fileName: String
        /// The events, verified.
        public let section: VerifiedBundle.Section
        /// The stream.
        public var stream: StreamID { section.info.stream }
        /// First seq waiting.
        public var firstSeq: UInt64 { section.info.firstSeq }
        /// Last seq waiting.
        public var lastSeq: UInt64 { section.info.head.seq }
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

    /// Stores a run durably.
    func add(_ section: VerifiedBundle.Section) throws {
        let fs = store.fileSystem
        if !fs.exists(directory) {
            try fs.createDirectory(directory)
            try fs.syncDirectory(store.directory)
        }
        var w = BinaryWriter(capacity: section.frames.count + 200)
        w.raw(Self.magic)
        section.info.head.encode(into: &w)
        w.varint(section.info.firstSeq)
        w.varint(section.info.byteCount)
        w.raw(section.firstPrevious.bytes)
        w.raw(section.frames)
        let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
        w.u32(crc)
        let name = "\(section.info.stream.fileStem)-\(section.info.firstSeq)-\(section.info.head.seq).pend"
        try fs.writeFileAtomically(directory + "/" + name, w.bytes)
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
            return Segment(fileName: fileName, section: .init(info: info, firstPrevious: EventHash(bytes: Array(prev)),
                                                               hashes: hashes, frames: frames, frameOffsets: offsets))
        }
    }
}
