import Crypto
import Foundation
import SelarasLog
import SelarasModel

/// A bundle file whose every byte has been checked: digest, creator's signature, each
/// origin's signed head, each hash chain, and the canonical decoding of every event.
///
/// It keeps only per-event metadata (each event's hash), not the events: they stay in the
/// file, which it holds open, and ``BundleImporter`` reads them again while applying, checking
/// that the file still has the verified digest.
public struct VerifiedBundle: Sendable {
    /// One stream's verified events (their hashes; the frames stay in the file).
    public struct Section: Sendable {
        /// The header's section.
        public let info: BundleHeader.Section
        /// The hash the first event names as predecessor.
        public let firstPrevious: EventHash
        /// Each event's hash, in seq order.
        public let hashes: [EventHash]
    }

    /// The header.
    public let header: BundleHeader
    /// The sections, in stream order.
    public let sections: [Section]
    /// Size of the file.
    public var fileBytes: Int { file.size }
    /// The open file.
    let file: BundleFile
    /// The compressed body's byte range in the file.
    let body: Range<Int>
    /// The verified SHA-256 of everything before the trailer.
    let digest: [UInt8]

    /// Reads and verifies a bundle file completely, in bounded chunks; nothing is trusted
    /// before this returns.
    ///
    /// Two sequential reads: the SHA-256 of everything before the trailer (then the creator's
    /// signature of it), then the body, inflated and checked frame by frame.
    /// - Parameters:
    ///   - path: the file.
    ///   - name: how refusals name it (default: the path).
    ///   - knownKeys: public keys already known for origins (a bundle presenting another key
    ///     for a known origin is refused).
    ///   - plausibility: the receiver's clock and rules every number and event must pass
    ///     (default: this machine's clock now).
    /// - Throws: ``SyncError`` `.malformed` (not a bundle, cut short), `.forged` (a digest,
    ///   signature, chain or key fails) or `.implausible` (a number out of range, an event that
    ///   breaks the rules, naming origin, seq, field and rule), with a message saying what is
    ///   wrong; `.io` when the file cannot be read.
    /// - Complexity: O(file) time; memory O(events) for the hashes plus a few MiB of buffers,
    ///   whatever the file's size.
    public static func read(_ path: String, name: String? = nil, knownKeys: [ReplicaID: [UInt8]] = [:],
                            plausibility: EventPlausibility = EventPlausibility()) throws -> VerifiedBundle {
        try verify(BundleFile(path: path), name: name ?? path, knownKeys: knownKeys, plausibility: plausibility)
    }

    static func verify(_ file: BundleFile, name: String, knownKeys: [ReplicaID: [UInt8]],
                       plausibility: EventPlausibility) throws -> VerifiedBundle {
        func malformed(_ why: String) -> SyncError { SyncError(.malformed, "\(name): \(why); the bundle was refused and nothing was imported") }
        func forged(_ why: String) -> SyncError { SyncError(.forged, "\(name): \(why); the bundle was refused and nothing was imported") }
        let prefix = BundleHeader.magic.count + 5
        guard file.size >= prefix + BundleHeader.trailerSize else {
            throw malformed("not a Selaras bundle (or cut short: \(file.size) bytes)")
        }
        let start = try file.read(0..<prefix)
        guard Array(start.prefix(8)) == BundleHeader.magic else {
            throw malformed("not a Selaras bundle (or cut short: \(file.size) bytes)")
        }
        guard start[8] == BundleHeader.version else { throw malformed("bundle format version \(start[8]) is not supported (this is version \(BundleHeader.version))") }
        let headerLength = Int(start[9]) | Int(start[10]) << 8 | Int(start[11]) << 16 | Int(start[12]) << 24
        let bodyStart = prefix + headerLength
        let trailerStart = file.size - BundleHeader.trailerSize
        guard bodyStart <= trailerStart else { throw malformed("the header runs into the trailer (cut short?)") }

        // Digest and creator's signature over everything before the trailer.
        let digest = try file.sha256(0..<trailerStart)
        let trailer = try file.read(trailerStart..<file.size)
        guard Array(trailer.prefix(32)) == digest else {
            throw forged("its SHA-256 digest does not match its content (damaged in transit, cut short, or altered)")
        }
        let header: BundleHeader
        do { header = try file.read(prefix..<bodyStart).withUnsafeBytes { try BundleHeader.decodeUntyped($0) } }
        catch { throw malformed("its header is malformed: \(error)") }
        guard ReplicaID.derived(fromPublicKey: header.creatorKey) == header.creator,
              let creatorKey = try? Curve25519.Signing.PublicKey(rawRepresentation: header.creatorKey) else {
            throw forged("the creator's key does not belong to replica \(header.creator)")
        }
        guard creatorKey.isValidSignature(Array(trailer.dropFirst(32)), for: digest) else {
            throw forged("the creator's signature does not verify (re-signed or forged)")
        }
        // Signed by its creator; now its keys and every number, before any is used.
        try header.checkKeys(against: knownKeys, name: name)
        try header.checkNumbers(name: name, plausibility: plausibility)

        // Every section: frames, canonical events, dots, the chain, the origin's signed head.
        var checker = Checker(header: header, malformed: malformed, forged: forged,
                              rules: BundleRules(name: name, plausibility: plausibility))
        var noDigest: SHA256? = nil
        try file.forEachFrame(body: bodyStart..<trailerStart, sections: header.sections, digest: &noDigest,
                              malformed: malformed, visitor: &checker)
        try checker.rules.finish()
        return VerifiedBundle(header: header, sections: checker.verified, file: file,
                              body: bodyStart..<trailerStart, digest: digest)
    }

    /// Pass 1's checks, frame by frame.
    private struct Checker: BundleFrameVisitor {
        let header: BundleHeader
        let malformed: (String) -> SyncError
        let forged: (String) -> SyncError
        var rules: BundleRules
        var verified: [Section] = []
        var hashes: [EventHash] = []
        var firstPrevious = EventHash.zero
        var seq: UInt64 = 0

        mutating func begin(section: Int) throws {
            let info = header.sections[section]
            let stream = info.stream
            // Every key was checked against its id and the known keys (``BundleHeader/checkKeys``).
            guard let keyBytes = header.keys[stream.origin], let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes) else {
                throw forged("it carries no valid key for origin \(stream.origin)")
            }
            guard info.head.isValid(publicKey: key) else { throw forged("the signed head of stream \(stream) does not verify") }
            hashes = []
            hashes.reserveCapacity(Int(min(info.count, 1 << 20)))
            firstPrevious = .zero
            seq = info.firstSeq
        }

        mutating func frame(section: Int, frame: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) throws {
            let stream = header.sections[section].stream
            let crc = UInt32(littleEndian: frame.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            guard Frame.crc32(payload) == crc else { throw forged("the event \(stream)#\(seq) fails its checksum") }
            let event: Event
            do { event = try Event.decode(payload) } catch { throw malformed("the event \(stream)#\(seq) does not decode: \(error)") }
            guard event.dot == Dot(stream: stream, seq: seq) else { throw forged("\(event.dot) stands where \(stream)#\(seq) belongs") }
            try rules.check(event)
            if let last = hashes.last {
                guard event.previousHash == last else { throw forged("the hash chain of stream \(stream) breaks at seq \(seq)") }
            } else {
                firstPrevious = event.previousHash
                if seq == 1, firstPrevious != .zero { throw forged("the first event of stream \(stream) names a predecessor") }
            }
            hashes.append(EventHash.of(payload))
            seq += 1
        }

        mutating func end(section: Int) throws {
            let info = header.sections[section]
            guard seq - 1 == info.head.seq, hashes.last == info.head.hash else {
                throw forged("the events of stream \(info.stream) do not end at its signed head (seq \(info.head.seq))")
            }
            verified.append(Section(info: info, firstPrevious: firstPrevious, hashes: hashes))
        }
    }
}
