import SelarasModel

/// The self-describing header of a bundle (format version 1).
///
/// File layout: magic `SLRSBNDL`, version `u8`, header length `u32`, the header, a zlib stream
/// of the events as frames (length, CRC-32, canonical event) section after section, then the
/// trailer: SHA-256 of everything before it (32 bytes) and the creator's Ed25519 signature of
/// that digest (64 bytes).
public struct BundleHeader: Sendable, Hashable {
    /// One stream's events in the bundle: seqs `firstSeq …` up to the signed head.
    public struct Section: Sendable, Hashable {
        /// The seq of the first event.
        public let firstSeq: UInt64
        /// The origin's signed head at the last event.
        public let head: SignedHead
        /// Bytes of frames this section adds to the decompressed body.
        public let byteCount: UInt64
        /// The stream.
        public var stream: StreamID { head.stream }
        /// Number of events.
        public var count: UInt64 { head.seq - firstSeq + 1 }
    }

    /// Who made the bundle.
    public let creator: ReplicaID
    /// The creator's public key (its id is derived from it).
    public let creatorKey: [UInt8]
    /// When it was made (wall clock, for people).
    public let createdAt: Int64
    /// What the creator assumed the recipient already had.
    public let assumed: VersionVector
    /// The creator's version vector when it made the bundle.
    public let covers: VersionVector
    /// Public keys of every origin whose events are inside.
    public let keys: [ReplicaID: [UInt8]]
    /// The streams' sections, in stream order.
    public let sections: [Section]

    static let magic: [UInt8] = Array("SLRSBNDL".utf8)
    static let version: UInt8 = 1
    /// Bytes of the trailer: digest and signature.
    static let trailerSize = 96

    /// Events inside.
    public var eventCount: UInt64 { sections.reduce(0) { $0 + $1.count } }

    func encode() -> [UInt8] {
        var w = BinaryWriter()
        w.u64(creator.rawValue)
        w.raw(creatorKey)
        w.zigzag(createdAt)
        assumed.encode(into: &w)
        covers.encode(into: &w)
        w.varint(UInt64(keys.count))
        for id in keys.keys.sorted() { w.u64(id.rawValue); w.raw(keys[id]!) }
        w.varint(UInt64(sections.count))
        for s in sections {
            w.varint(s.firstSeq)
            s.head.encode(into: &w)
            w.varint(s.byteCount)
        }
        return w.bytes
    }

    static func decodeUntyped(_ p: UnsafeRawBufferPointer) throws -> BundleHeader { try decode(p) }

    static func decode(_ p: UnsafeRawBufferPointer) throws(ModelError) -> BundleHeader {
        var r = BinaryReader(p)
        let creator = ReplicaID(rawValue: try r.u64())
        let key = Array(try r.bytes(32))
        let created = try r.zigzag()
        let assumed = try VersionVector.decode(&r)
        let covers = try VersionVector.decode(&r)
        var keys: [ReplicaID: [UInt8]] = [:]
        let nk = try r.varint()
        guard nk <= UInt64(r.remaining / 40) else { throw ModelError(.malformedEncoding, "key count too large") }
        for _ in 0..<nk { keys[ReplicaID(rawValue: try r.u64())] = Array(try r.bytes(32)) }
        var sections: [Section] = []
        let ns = try r.varint()
        guard ns <= UInt64(r.remaining / 100) else { throw ModelError(.malformedEncoding, "section count too large") }
        var last: StreamID? = nil
        for _ in 0..<ns {
            let first = try r.varint()
            let head = try SignedHead.decode(&r)
            let bytes = try r.varint()
            guard first >= 1, head.seq >= first else { throw ModelError(.malformedEncoding, "section of \(head.stream) has no events") }
            if let l = last, !(l < head.stream) { throw ModelError(.malformedEncoding, "sections not in stream order") }
            last = head.stream
            sections.append(Section(firstSeq: first, head: head, byteCount: bytes))
        }
        guard r.remaining == 0 else { throw ModelError(.malformedEncoding, "\(r.remaining) stray bytes in the header") }
        return BundleHeader(creator: creator, creatorKey: key, createdAt: created, assumed: assumed, covers: covers,
                            keys: keys, sections: sections)
    }
}
