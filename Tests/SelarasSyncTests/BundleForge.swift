import Crypto
import Foundation
import SelarasLog
import SelarasModel
@testable import SelarasSync
import SelarasTestSupport

/// One stream's events in a forged bundle: the drafts become events at `firstSeq…`, chained
/// from `previousHash`, and the head is signed by `signer` (the origin's real key).
struct ForgedSection {
    var stream: StreamID
    var firstSeq: UInt64 = 1
    var previousHash: EventHash = .zero
    var drafts: [EventDraft]
    var signer: Store
}

/// Builds bundles a hostile but enrolled peer could make: every signature genuine, any number
/// or event it likes. (Test-only: the real writer only writes what a store holds.)
enum BundleForge {
    /// A complete bundle signed by `creator`.
    static func bytes(creator: Store, createdAt: Int64 = SampleRecords.recordedAt, sections: [ForgedSection],
                      extraKeys: [ReplicaID: [UInt8]] = [:]) throws -> [UInt8] {
        var frames: [UInt8] = []
        var infos: [BundleHeader.Section] = []
        var keys = extraKeys
        for s in sections.sorted(by: { $0.stream < $1.stream }) {
            var previous = s.previousHash
            var bytes: UInt64 = 0
            var seq = s.firstSeq
            for (i, draft) in s.drafts.enumerated() {
                if i > 0 { seq += 1 }
                let event = draft.event(at: Dot(stream: s.stream, seq: seq), previousHash: previous)
                var w = BinaryWriter()
                event.encode(into: &w)
                let payload = w.bytes
                var f = BinaryWriter()
                f.u32(UInt32(payload.count))
                f.u32(payload.withUnsafeBytes { Frame.crc32($0) })
                f.raw(payload)
                frames += f.bytes
                bytes += UInt64(f.bytes.count)
                previous = EventHash.of(payload)
            }
            let sig = try s.signer.sign(SignedHead.message(stream: s.stream, seq: seq, hash: previous))
            infos.append(BundleHeader.Section(firstSeq: s.firstSeq, head: SignedHead(stream: s.stream, seq: seq, hash: previous, signature: sig),
                                              byteCount: bytes))
            keys[s.stream.origin] = Array(s.signer.publicKey.rawRepresentation)
        }
        let header = BundleHeader(creator: creator.replica, creatorKey: Array(creator.publicKey.rawRepresentation),
                                  createdAt: createdAt, assumed: VersionVector(), covers: VersionVector(), keys: keys, sections: infos)
        return try assemble(header, body: zlibStored(frames), signer: creator)
    }

    /// `bytes` (a genuine bundle) with its header changed by `change`, re-signed by `signer`.
    static func reheader(_ bytes: [UInt8], by signer: Store, _ change: (BundleHeader) -> BundleHeader) throws -> [UInt8] {
        let headerLength = Int(bytes[9]) | Int(bytes[10]) << 8 | Int(bytes[11]) << 16 | Int(bytes[12]) << 24
        let header = try Array(bytes[13..<(13 + headerLength)]).withUnsafeBytes { try BundleHeader.decodeUntyped($0) }
        return try assemble(change(header), body: Array(bytes[(13 + headerLength)..<(bytes.count - BundleHeader.trailerSize)]), signer: signer)
    }

    /// `data` as a zlib stream of stored (uncompressed) deflate blocks.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let n = min(65_535, data.count - start)
            let last = start + n == data.count
            out.append(last ? 1 : 0)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[start..<(start + n)]
            start += n
        } while start < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        let adler = b << 16 | a
        out += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
        return out
    }

    /// Prefix, header, body, then the digest and `signer`'s signature of it.
    static func assemble(_ header: BundleHeader, body: [UInt8], signer: Store) throws -> [UInt8] {
        var w = BinaryWriter()
        w.raw(BundleHeader.magic)
        w.u8(BundleHeader.version)
        let h = header.encode()
        w.u32(UInt32(h.count))
        w.raw(h)
        w.raw(body)
        let digest = Array(SHA256.hash(data: w.bytes))
        return w.bytes + digest + (try signer.sign(digest))
    }
}

extension BundleHeader {
    /// A copy with some parts replaced.
    func with(createdAt: Int64? = nil, covers: VersionVector? = nil, keys: [ReplicaID: [UInt8]]? = nil,
              sections: [Section]? = nil) -> BundleHeader {
        BundleHeader(creator: creator, creatorKey: creatorKey, createdAt: createdAt ?? self.createdAt, assumed: assumed,
                     covers: covers ?? self.covers, keys: keys ?? self.keys, sections: sections ?? self.sections)
    }
}

extension BundleHeader.Section {
    /// A copy with another byte count.
    func with(byteCount: UInt64) -> BundleHeader.Section {
        BundleHeader.Section(firstSeq: firstSeq, head: head, byteCount: byteCount)
    }
}
