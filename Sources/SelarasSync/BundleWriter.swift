import Crypto
import Foundation
import SelarasCompression
import SelarasLog
import SelarasModel

/// Writes bundles: for each stream, the events after what the recipient is assumed to have,
/// up to a signed head, compressed with zlib, digested and signed.
public struct BundleWriter {
    /// What a written bundle holds.
    public struct Summary: Sendable {
        /// Events written.
        public let events: UInt64
        /// Streams with events.
        public let streams: Int
        /// Bytes of frames before compression.
        public let uncompressedBytes: UInt64
        /// Bytes of the file.
        public let fileBytes: UInt64
    }

    /// The store to read from (and whose key signs).
    public let store: Store
    /// Its sync state (for relayed streams' signed heads and origin keys).
    public let state: SyncState
    /// The zlib level of the events (6 by default; a bundle streamed once, such as the hub's
    /// answer, is cheaper at 1).
    public var compressionLevel: Int32 = 6
    /// Whether the file is fsynced before it is renamed into place (true by default; false for
    /// a file sent once and removed, whose loss in a crash is harmless: it is written again).
    public var durable = true

    /// Creates a writer.
    public init(store: Store, state: SyncState) {
        self.store = store
        self.state = state
    }

    /// Writes a bundle of everything the recipient lacks.
    /// - Parameters:
    ///   - path: the output file (when ``durable``, written to `path.tmp`, synced, then renamed;
    ///     else written in place, and removed if the write fails).
    ///   - assumed: what the recipient is assumed to have (empty for everything).
    ///   - kelurahan: only streams of these kelurahan codes (nil for all); the header's covered
    ///     vector is limited to them too.
    ///   - progress: called with (events written, events total).
    /// - Complexity: O(events sent): each stream's index locates its first event without a scan.
    public func write(to path: String, assumed: VersionVector, kelurahan: Set<UInt16>? = nil,
                      progress: (UInt64, UInt64) -> Void = { _, _ in }) throws -> Summary {
        // A scoped recipient (a cadre's laptop) learns only its own kelurahan's streams: not even
        // the ids and counts of other kelurahan's streams travel in the header.
        let vv = kelurahan.map { scope in VersionVector(store.versionVector.entries.filter { scope.contains($0.key.kelurahanCode) }) }
            ?? store.versionVector
        var plans: [(stream: StreamID, first: UInt64, head: SignedHead)] = []
        for s in vv.streams where kelurahan == nil || kelurahan!.contains(s.kelurahanCode) {
            let have = vv[s]
            let theirs = assumed[s]
            guard have > theirs else { continue }
            if s.origin == store.replica {
                let hash = store.head(of: s)
                let sig = try store.sign(SignedHead.message(stream: s, seq: have, hash: hash))
                plans.append((s, theirs + 1, SignedHead(stream: s, seq: have, hash: hash, signature: sig)))
            } else if let head = state.heads[s]?.last(where: { $0.seq <= have }), head.seq > theirs {
                plans.append((s, theirs + 1, head))
            }
        }
        // Bundle frames are the log's frames byte for byte, so the index gives each section's
        // size without reading the log; the events themselves are read once, below.
        let sections = plans.map { p in
            BundleHeader.Section(firstSeq: p.first, head: p.head,
                                 byteCount: store.frameBytes(in: p.stream, first: p.first, last: p.head.seq))
        }
        var keys: [ReplicaID: [UInt8]] = [:]
        for p in plans {
            keys[p.stream.origin] = p.stream.origin == store.replica
                ? Array(store.publicKey.rawRepresentation) : state.keys[p.stream.origin]
        }
        let header = BundleHeader(creator: store.replica, creatorKey: Array(store.publicKey.rawRepresentation),
                                  createdAt: WallClock.nowMilliseconds(), assumed: assumed, covers: vv,
                                  keys: keys.compactMapValues { $0 }, sections: sections)
        let total = header.eventCount
        // A durable bundle is written aside and renamed into place; one sent once and removed
        // is written where it goes (no second name to create and rename).
        let target = durable ? path + ".tmp" : path
        let out = try OutputFile(path: target)
        var finished = false
        defer { if !finished { try? store.fileSystem.remove(target) } }
        var digest = SHA256()
        func emit(_ p: UnsafeRawBufferPointer) throws {
            digest.update(bufferPointer: p)
            try out.write(p)
        }
        try header.filePrefix().withUnsafeBytes { try emit($0) }
        let deflater = try Deflater(level: compressionLevel, format: .zlib)
        var buffer = BinaryWriter(capacity: 1 << 20)
        var written: UInt64 = 0
        var uncompressed: UInt64 = 0
        for p in plans {
            try store.forEachEncodedEvent(in: p.stream, after: p.first - 1, through: p.head.seq) { _, payload in
                BundleHeader.appendFrame(payload, to: &buffer)
                written += 1
                if buffer.bytes.count >= 1 << 20 {
                    uncompressed += UInt64(buffer.bytes.count)
                    try deflater.compress(buffer.bytes) { try emit($0) }
                    buffer.bytes.removeAll(keepingCapacity: true)
                    progress(written, total)
                }
            }
        }
        uncompressed += UInt64(buffer.bytes.count)
        try deflater.compress(buffer.bytes) { try emit($0) }
        try deflater.finish { try emit($0) }
        let d = Array(digest.finalize())
        let sig = try store.sign(d)
        try out.write(d)
        try out.write(sig)
        try out.close(syncing: durable)
        if durable {
            do { try store.fileSystem.rename(target, to: path) } catch {
                throw SyncError(.io, "could not write \(path)", underlying: error as? SystemCallError)
            }
        }
        finished = true
        progress(written, total)
        return Summary(events: written, streams: plans.count, uncompressedBytes: uncompressed, fileBytes: out.bytesWritten)
    }
}

/// A file written sequentially and synced on close.
final class OutputFile {
    private let fd: Int32
    private let path: String
    private(set) var bytesWritten: UInt64 = 0

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SyncError(.io, "could not create \(path)", underlying: SystemCallError("open", path: path, errno: errno)) }
    }

    func write(_ p: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < p.count {
            let n = Glibc.write(fd, p.baseAddress! + done, p.count - done)
            guard n > 0 else { throw SyncError(.io, "could not write \(path)", underlying: SystemCallError("write", path: path, errno: errno)) }
            done += n
        }
        bytesWritten += UInt64(p.count)
    }

    func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    private var closed = false

    /// Closes the descriptor of a file abandoned by a failed write.
    deinit { if !closed { Glibc.close(fd) } }

    func close(syncing: Bool = true) throws {
        guard !syncing || fsync(fd) == 0 else { throw SyncError(.io, "could not sync \(path)", underlying: SystemCallError("fsync", path: path, errno: errno)) }
        Glibc.close(fd)
        closed = true
    }
}
