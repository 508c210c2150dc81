import Crypto
import SelarasModel

/// An origin's signature over the head of one of its streams: "the event at `seq` of `stream`
/// has hash `hash`". With the hash chain, it authenticates every event up to `seq`, however
/// many laptops relayed them.
public struct SignedHead: Sendable, Hashable {
    /// The stream.
    public let stream: StreamID
    /// The seq of the head event.
    public let seq: UInt64
    /// The head event's hash.
    public let hash: EventHash
    /// Ed25519 signature by the stream's origin over ``message``.
    public let signature: [UInt8]

    /// Creates a head.
    public init(stream: StreamID, seq: UInt64, hash: EventHash, signature: [UInt8]) {
        self.stream = stream
        self.seq = seq
        self.hash = hash
        self.signature = signature
    }

    /// The signed bytes: `SLRSHEAD`, origin, kelurahan, seq, hash.
    public static func message(stream: StreamID, seq: UInt64, hash: EventHash) -> [UInt8] {
        var w = BinaryWriter(capacity: 58)
        w.raw(Array("SLRSHEAD".utf8))
        w.u64(stream.origin.rawValue)
        w.u16(stream.kelurahanCode)
        w.u64(seq)
        w.raw(hash.bytes)
        return w.bytes
    }

    /// Whether the signature verifies with the origin's public key.
    public func isValid(publicKey: Curve25519.Signing.PublicKey) -> Bool {
        publicKey.isValidSignature(signature, for: Self.message(stream: stream, seq: seq, hash: hash))
    }

    /// Appends the binary form (stream, seq, hash, 64-byte signature).
    public func encode(into w: inout BinaryWriter) {
        w.u64(stream.origin.rawValue)
        w.u16(stream.kelurahanCode)
        w.varint(seq)
        w.raw(hash.bytes)
        w.raw(signature)
    }

    /// Reads the binary form.
    public static func decode(_ r: inout BinaryReader) throws(ModelError) -> SignedHead {
        let stream = StreamID(origin: ReplicaID(rawValue: try r.u64()), kelurahanCode: try r.u16())
        let seq = try r.varint()
        let hash = EventHash(bytes: Array(try r.bytes(32)))
        let sig = Array(try r.bytes(64))
        return SignedHead(stream: stream, seq: seq, hash: hash, signature: sig)
    }
}
