#if canImport(Glibc)
import Glibc
#endif
import Crypto
import SelarasCompression
import SelarasLog
import SelarasModel

extension BundleWriter {
    /// One stream's part of a bundle whose events are held elsewhere than in a store's logs.
    public struct PlannedSection: Sendable, Hashable {
        /// The seq of the first event sent.
        public let firstSeq: UInt64
        /// The origin's signed head at the last event sent.
        public let head: SignedHead
        /// Bytes of the section's frames: 8 per event plus the events' canonical bytes.
        public let byteCount: UInt64

        /// Creates a planned section.
        public init(firstSeq: UInt64, head: SignedHead, byteCount: UInt64) {
            self.firstSeq = firstSeq
            self.head = head
            self.byteCount = byteCount
        }
    }

    /// Writes a bundle from events given one at a time, from any source (the hub's database):
    /// the header is written first from the planned sections, then each event as it is
    /// appended, then the digest and the creator's signature.
    ///
    /// The events must be exactly those the sections announce, in order; ``finish()`` refuses
    /// the file otherwise (and removes it), so a bundle that would not verify is never left.
    public final class EventSink {
        private let path: String
        private let sections: [BundleHeader.Section]
        private let sign: ([UInt8]) throws -> [UInt8]
        private let durable: Bool
        private let out: OutputFile
        private let deflater: Deflater
        private var digest = SHA256()
        private var buffer = BinaryWriter(capacity: 1 << 20)
        private var section = 0
        private var seq: UInt64 = 0
        private var sectionBytes: UInt64 = 0
        private var written: UInt64 = 0
        private var uncompressed: UInt64 = 0
        private var finished = false

        /// Starts a bundle at `path` (written to `path.tmp`, renamed by ``finish()``).
        /// - Parameters:
        ///   - creator: the creator's replica id (derived from `creatorKey`).
        ///   - creatorKey: the creator's Ed25519 public key (32 bytes).
        ///   - sign: signs the digest with the creator's private key.
        ///   - assumed: what the recipient is assumed to have.
        ///   - covers: the creator's version vector (limited to the recipient's scope).
        ///   - keys: public keys of every origin whose events are inside.
        ///   - sections: the planned sections, in stream order.
        ///   - compressionLevel: zlib level (1 for a bundle streamed once).
        ///   - durable: whether the file is fsynced before the rename.
        /// - Throws: ``SyncError`` `.io`; `.malformed` when the sections are not in stream order.
        public init(to path: String, creator: ReplicaID, creatorKey: [UInt8], sign: @escaping ([UInt8]) throws -> [UInt8],
                    assumed: VersionVector, covers: VersionVector, keys: [ReplicaID: [UInt8]], sections planned: [PlannedSection],
                    compressionLevel: Int32 = 1, durable: Bool = false) throws {
            for (a, b) in zip(planned, planned.dropFirst()) where !(a.head.stream < b.head.stream) {
                throw SyncError(.malformed, "the sections of \(path) are not in stream order (\(a.head.stream) before \(b.head.stream))")
            }
            for p in planned where p.firstSeq < 1 || p.head.seq < p.firstSeq {
                throw SyncError(.malformed, "the section of stream \(p.head.stream) in \(path) has no events (seqs \(p.firstSeq)…\(p.head.seq))")
            }
            self.path = path
            self.sign = sign
            self.durable = durable
            sections = planned.map { BundleHeader.Section(firstSeq: $0.firstSeq, head: $0.head, byteCount: $0.byteCount) }
            let header = BundleHeader(creator: creator, creatorKey: creatorKey, createdAt: WallClock.nowMilliseconds(),
                                      assumed: assumed, covers: covers, keys: keys, sections: sections)
            out = try OutputFile(path: path + ".tmp")
            deflater = try Deflater(level: compressionLevel, format: .zlib)
            try emit(header.filePrefix())
            seq = sections.first?.firstSeq ?? 0
        }

        deinit { if !finished { abandon() } }

        private func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try emit($0) } }

        private func emit(_ p: UnsafeRawBufferPointer) throws {
            digest.update(bufferPointer: p)
            try out.write(p)
        }

        /// Appends the next event (its canonical bytes): seq by seq through each section in turn.
        /// - Throws: ``SyncError`` `.malformed` when every planned event was already given;
        ///   `.io` when the file cannot be written.
        public func append(_ payload: UnsafeRawBufferPointer) throws {
            guard section < sections.count else {
                throw SyncError(.malformed, "\(path): more events were given than its sections announce")
            }
            BundleHeader.appendFrame(payload, to: &buffer)
            sectionBytes += UInt64(payload.count + Frame.overhead)
            written += 1
            if seq == sections[section].head.seq {
                guard sectionBytes == sections[section].byteCount else {
                    throw SyncError(.malformed, "\(path): the events of stream \(sections[section].stream) hold \(sectionBytes) bytes of frames, not the \(sections[section].byteCount) announced")
                }
                section += 1
                sectionBytes = 0
                seq = section < sections.count ? sections[section].firstSeq : 0
            } else {
                seq += 1
            }
            if buffer.bytes.count >= 1 << 20 { try flush() }
        }

        /// Appends the next event (its canonical bytes).
        public func append(_ payload: [UInt8]) throws { try payload.withUnsafeBytes { try append($0) } }

        private func flush() throws {
            uncompressed += UInt64(buffer.bytes.count)
            try deflater.compress(buffer.bytes) { try emit($0) }
            buffer.bytes.removeAll(keepingCapacity: true)
        }

        /// Ends the bundle: digest, signature, rename into place.
        /// - Returns: what it holds.
        /// - Throws: ``SyncError`` `.malformed` when fewer events were given than announced (the
        ///   file is removed), `.io`.
        public func finish() throws -> Summary {
            guard section == sections.count else {
                abandon()
                throw SyncError(.malformed, "\(path): fewer events were given than its sections announce (stream \(sections[section].stream) stopped before seq \(seq))")
            }
            try flush()
            try deflater.finish { try emit($0) }
            let d = Array(digest.finalize())
            let signature = try sign(d)
            try out.write(d)
            try out.write(signature)
            try out.close(syncing: durable)
            finished = true
            guard rename(path + ".tmp", path) == 0 else {
                let e = errno
                unlink(path + ".tmp")
                throw SyncError(.io, "could not write \(path)", underlying: SystemCallError("rename", path: path, errno: e))
            }
            return Summary(events: written, streams: sections.count, uncompressedBytes: uncompressed, fileBytes: out.bytesWritten)
        }

        /// Gives the bundle up: the temporary file is removed.
        public func abandon() {
            guard !finished else { return }
            finished = true
            try? out.close(syncing: false)
            unlink(path + ".tmp")
        }
    }
}
