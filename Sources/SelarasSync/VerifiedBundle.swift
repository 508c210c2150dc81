import Crypto
import Foundation
import SelarasCompression
import SelarasLog
import SelarasModel

/// A bundle whose every byte has been checked: digest, creator's signature, each origin's
/// signed head, each hash chain, and the canonical decoding of every event.
public struct VerifiedBundle: Sendable {
    /// One stream's verified events.
    public struct Section: Sendable {
        /// The header's section.
        public let info: BundleHeader.Section
        /// The hash the first event names as predecessor.
        public let firstPrevious: EventHash
        /// Each event's hash, in seq order.
        public let hashes: [EventHash]
        /// The events as frames, back to back.
        public let frames: [UInt8]
        /// Start of each frame in `frames`.
        public let frameOffsets: [UInt64]

        /// A run of this section's events from `index` on.
        func run(from index: Int) -> VerifiedRun {
            let start = Int(frameOffsets[index])
            return VerifiedRun(stream: info.stream, firstSeq: info.firstSeq + UInt64(index),
                               firstPrevious: index == 0 ? firstPrevious : hashes[index - 1], lastHash: hashes.last!,
                               frames: Array(frames[start...]), frameOffsets: frameOffsets[index...].map { $0 - UInt64(start) })
        }
    }

    /// The header.
    public let header: BundleHeader
    /// The sections, in stream order.
    public let sections: [Section]
    /// Size of the file.
    public let fileBytes: Int

    /// Reads and verifies a bundle file completely; nothing is trusted before this returns.
    /// - Parameters:
    ///   - path: the file.
    ///   - knownKeys: public keys already known for origins (a bundle presenting another key
    ///     for a known origin is refused).
    /// - Throws: ``SyncError`` `.malformed` (not a bundle, cut short) or `.forged` (a digest,
    ///   signature or chain fails), with a message saying what is wrong.
    public static func read(_ path: String, knownKeys: [ReplicaID: [UInt8]] = [:]) throws -> VerifiedBundle {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SyncError(.io, "\(path): cannot be read (does it exist?)")
        }
        return try verify(Array(data), name: path, knownKeys: knownKeys)
    }

    /// Verifies bundle bytes (see ``read(_:knownKeys:)``).
    public static func verify(_ bytes: [UInt8], name: String, knownKeys: [ReplicaID: [UInt8]] = [:]) throws -> VerifiedBundle {
        func malformed(_ why: String) -> SyncError { SyncError(.malformed, "\(name): \(why); the bundle was refused and nothing was imported") }
        func forged(_ why: String) -> SyncError { SyncError(.forged, "\(name): \(why); the bundle was refused and nothing was imported") }
        let prefix = BundleHeader.magic.count + 5
        guard bytes.count >= prefix + BundleHeader.trailerSize, Array(bytes.prefix(8)) == BundleHeader.magic else {
            throw malformed("not a Selaras bundle (or cut short: \(bytes.count) bytes)")
        }
        guard bytes[8] == BundleHeader.version else { throw malformed("bundle format version \(bytes[8]) is not supported (this is version \(BundleHeader.version))") }
        let headerLength = Int(bytes[9]) | Int(bytes[10]) << 8 | Int(bytes[11]) << 16 | Int(bytes[12]) << 24
        let bodyStart = prefix + headerLength
        let trailerStart = bytes.count - BundleHeader.trailerSize
        guard bodyStart <= trailerStart else { throw malformed("the header runs into the trailer (cut short?)") }

        // Digest and creator's signature over everything before the trailer.
        let digest = bytes.withUnsafeBytes { Array(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: $0[0..<trailerStart]))) }
        guard Array(bytes[trailerStart..<trailerStart + 32]) == digest else {
            throw forged("its SHA-256 digest does not match its content (damaged in transit, cut short, or altered)")
        }
        let header: BundleHeader
        do { header = try bytes.withUnsafeBytes { p in try BundleHeader.decodeUntyped(UnsafeRawBufferPointer(rebasing: p[prefix..<bodyStart])) } }
        catch { throw malformed("its header is malformed: \(error)") }
        guard ReplicaID.derived(fromPublicKey: header.creatorKey) == header.creator,
              let creatorKey = try? Curve25519.Signing.PublicKey(rawRepresentation: header.creatorKey) else {
            throw forged("the creator's key does not belong to replica \(header.creator)")
        }
        guard creatorKey.isValidSignature(Array(bytes[(trailerStart + 32)...]), for: digest) else {
            throw forged("the creator's signature does not verify (re-signed or forged)")
        }

        // Decompress exactly the announced body.
        let expected = header.sections.reduce(0) { $0 + Int($1.byteCount) }
        var body: [UInt8] = []
        body.reserveCapacity(expected)
        do {
            let inflater = try Inflater(format: .zlib, limit: expected)
            try bytes.withUnsafeBytes { p in
                try inflater.decompress(UnsafeRawBufferPointer(rebasing: p[bodyStart..<trailerStart])) { body.append(contentsOf: $0) }
            }
            guard inflater.isFinished, body.count == expected else { throw CompressionError(code: -5, "cut short") }
        } catch { throw malformed("its compressed events do not decompress to the announced \(expected) bytes (\(error))") }

        // Every section: frames, canonical events, dots, the chain, the origin's signed head.
        var sections: [Section] = []
        var offset = 0
        for info in header.sections {
            let stream = info.stream
            guard let keyBytes = header.keys[stream.origin], ReplicaID.derived(fromPublicKey: keyBytes) == stream.origin,
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes) else {
                throw forged("it carries no valid key for origin \(stream.origin)")
            }
            if let known = knownKeys[stream.origin], known != keyBytes { throw forged("it presents a different key for origin \(stream.origin)") }
            guard info.head.isValid(publicKey: key) else { throw forged("the signed head of stream \(stream) does not verify") }
            let end = offset + Int(info.byteCount)
            var hashes: [EventHash] = []
            var frameOffsets: [UInt64] = []
            var firstPrevious = EventHash.zero
            var seq = info.firstSeq
            var p = offset
            try body.withUnsafeBytes { buf in
                while p < end {
                    guard p + Frame.overhead <= end else { throw malformed("a frame of stream \(stream) is cut short") }
                    let len = Int(UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: p, as: UInt32.self)))
                    let crc = UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: p + 4, as: UInt32.self))
                    guard len > 0, p + Frame.overhead + len <= end else { throw malformed("a frame of stream \(stream) has a bad length") }
                    let payload = UnsafeRawBufferPointer(rebasing: buf[(p + Frame.overhead)..<(p + Frame.overhead + len)])
                    guard Frame.crc32(payload) == crc else { throw forged("the event \(stream)#\(seq) fails its checksum") }
                    let event: Event
                    do { event = try Event.decode(payload) } catch { throw malformed("the event \(stream)#\(seq) does not decode: \(error)") }
                    guard event.dot == Dot(stream: stream, seq: seq) else { throw forged("\(event.dot) stands where \(stream)#\(seq) belongs") }
                    if let last = hashes.last {
                        guard event.previousHash == last else { throw forged("the hash chain of stream \(stream) breaks at seq \(seq)") }
                    } else {
                        firstPrevious = event.previousHash
                        if seq == 1, firstPrevious != .zero { throw forged("the first event of stream \(stream) names a predecessor") }
                    }
                    frameOffsets.append(UInt64(p - offset))
                    hashes.append(EventHash.of(payload))
                    seq += 1
                    p += Frame.overhead + len
                }
            }
            guard seq - 1 == info.head.seq, hashes.last == info.head.hash else {
                throw forged("the events of stream \(stream) do not end at its signed head (seq \(info.head.seq))")
            }
            sections.append(Section(info: info, firstPrevious: firstPrevious, hashes: hashes,
                                    frames: Array(body[offset..<end]), frameOffsets: frameOffsets))
            offset = end
        }
        return VerifiedBundle(header: header, sections: sections, fileBytes: bytes.count)
    }
}
