import Crypto
import Foundation
import SelarasModel

/// What the hub signs after a sync: it received this bundle from this device and now holds
/// this version vector. The laptop verifies it with the hub key learned at enrolment and
/// reports "received by the office" per stream from ``vector``.
///
/// Binary form: magic `SLRSRCPT`, hub id, device id, time (ms), bundle SHA-256, appended,
/// already held, waiting, the vector, then the hub's Ed25519 signature (64 bytes) of all before.
public struct SyncReceipt: Sendable, Hashable {
    /// The hub's replica id.
    public let hub: ReplicaID
    /// The device that sent the bundle.
    public let device: ReplicaID
    /// When the hub applied it (wall clock, for people).
    public let receivedAt: Int64
    /// SHA-256 of the bundle file the hub received.
    public let bundleSHA256: [UInt8]
    /// Events of the bundle appended to the hub's logs.
    public let appended: UInt64
    /// Events of the bundle the hub already held.
    public let alreadyHeld: UInt64
    /// Events waiting at the hub for earlier ones (a gap).
    public let pending: UInt64
    /// The hub's version vector after applying the bundle (the streams the device may see).
    public let vector: VersionVector
    /// The hub's signature of everything above.
    public private(set) var signature: [UInt8]

    static let magic: [UInt8] = Array("SLRSRCPT".utf8)

    /// Creates and signs a receipt.
    /// - Parameter sign: signs bytes with the hub's key.
    public init(hub: ReplicaID, device: ReplicaID, receivedAt: Int64, bundleSHA256: [UInt8], appended: UInt64,
                alreadyHeld: UInt64, pending: UInt64, vector: VersionVector, sign: ([UInt8]) throws -> [UInt8]) rethrows {
        self.init(hub: hub, device: device, receivedAt: receivedAt, bundleSHA256: bundleSHA256, appended: appended,
                  alreadyHeld: alreadyHeld, pending: pending, vector: vector, signature: [])
        signature = try sign(signedBytes)
    }

    private init(hub: ReplicaID, device: ReplicaID, receivedAt: Int64, bundleSHA256: [UInt8], appended: UInt64,
                 alreadyHeld: UInt64, pending: UInt64, vector: VersionVector, signature: [UInt8]) {
        self.hub = hub
        self.device = device
        self.receivedAt = receivedAt
        self.bundleSHA256 = bundleSHA256
        self.appended = appended
        self.alreadyHeld = alreadyHeld
        self.pending = pending
        self.vector = vector
        self.signature = signature
    }

    /// The bytes the signature covers.
    public var signedBytes: [UInt8] {
        var w = BinaryWriter()
        w.raw(Self.magic)
        w.u64(hub.rawValue)
        w.u64(device.rawValue)
        w.zigzag(receivedAt)
        w.raw(bundleSHA256)
        w.varint(appended)
        w.varint(alreadyHeld)
        w.varint(pending)
        vector.encode(into: &w)
        return w.bytes
    }

    /// The binary form, signature last.
    public var encoded: [UInt8] { signedBytes + signature }

    /// The binary form in base64, for the ``HubAPI/receiptHeader`` header.
    public var headerValue: String { Data(encoded).base64EncodedString() }

    /// Decodes a receipt and checks the hub's signature.
    /// - Parameters:
    ///   - headerValue: the base64 header value.
    ///   - hubKey: the hub's Ed25519 public key (raw, 32 bytes).
    /// - Throws: ``ModelError`` when it is malformed or its signature does not verify.
    public static func verified(headerValue: String, hubKey: [UInt8]) throws -> SyncReceipt {
        guard let data = Data(base64Encoded: headerValue), data.count > 64 + Self.magic.count else {
            throw ModelError(.malformedEncoding, "the hub's receipt is not base64 or is cut short")
        }
        let bytes = Array(data)
        let body = Array(bytes.dropLast(64)), signature = Array(bytes.suffix(64))
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: hubKey),
              key.isValidSignature(signature, for: body) else {
            throw ModelError(.malformedEncoding, "the hub's receipt is not signed by the hub's key learned at enrolment")
        }
        return try body.withUnsafeBytes { p throws(ModelError) -> SyncReceipt in
            var r = BinaryReader(p)
            guard Array(try r.bytes(8)) == magic else { throw ModelError(.malformedEncoding, "the hub's receipt has a bad magic") }
            let hub = ReplicaID(rawValue: try r.u64()), device = ReplicaID(rawValue: try r.u64())
            let at = try r.zigzag()
            let sha = Array(try r.bytes(32))
            let appended = try r.varint(), held = try r.varint(), pending = try r.varint()
            let vector = try VersionVector.decode(&r)
            guard r.remaining == 0 else { throw ModelError(.malformedEncoding, "the hub's receipt has stray bytes") }
            return SyncReceipt(hub: hub, device: device, receivedAt: at, bundleSHA256: sha, appended: appended,
                               alreadyHeld: held, pending: pending, vector: vector, signature: signature)
        }
    }
}
