import Crypto
import SelarasModel

/// Replaces record ids by keyed hashes (HMAC-SHA256) for the analyst tier.
///
/// A plain hash of an id or NIK could be recomputed by anyone; a keyed hash cannot without the
/// office's key. The same key and the same id give the same pseudonym on every replica.
///
/// HMAC (RFC 2104) over swift-crypto's `SHA256`: the two keyed states (after the key XOR ipad
/// block, and after the key XOR opad block) are hashed once and copied per message, and each
/// message goes in through `update(bufferPointer:)`. swift-crypto's `HMAC<SHA256>` computes the
/// same bytes (PseudonymizerTests pins it) but takes its message through the generic
/// `DataProtocol` path, which cost about as much as the hashing itself in the analyst-tier
/// csv.gz export (a million check ids). swift-crypto makes no promise about its BoringSSL
/// module, so this type does not reach into it.
/// `@unchecked Sendable`: `SHA256` is not marked `Sendable` everywhere, but the keyed states
/// here are never mutated; each message works on its own copies, whose first update copies the
/// context (copy-on-write), so threads share only immutable values.
public struct Pseudonymizer: @unchecked Sendable {
    /// SHA-256 after the key XOR ipad block, copied for each message.
    private let inner: SHA256
    /// SHA-256 after the key XOR opad block, copied for each message.
    private let outer: SHA256

    /// Creates a pseudonymizer.
    /// - Parameter key: at least 32 secret bytes.
    public init(key: [UInt8]) {
        precondition(key.count >= 32, "a pseudonym key has at least 32 bytes")
        // A key longer than the 64-byte block is hashed first; a shorter one is padded with zeros.
        var block = key.count > 64 ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256(), outer = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        outer.update(data: block.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    /// HMAC-SHA256 of a message under the key.
    public func mac(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBytes { m in out.withUnsafeMutableBytes { mac(m, into: $0) } }
        return out
    }

    /// HMAC-SHA256 of `message` written into the first 32 bytes of `digest`.
    private func mac(_ message: UnsafeRawBufferPointer, into digest: UnsafeMutableRawBufferPointer) {
        var h = inner
        h.update(bufferPointer: message)
        let innerDigest = h.finalize()
        var o = outer
        innerDigest.withUnsafeBytes { o.update(bufferPointer: $0) }
        o.finalize().withUnsafeBytes { c in digest.copyMemory(from: UnsafeRawBufferPointer(rebasing: c[0..<32])) }
    }

    /// The pseudonym of an id: `p` and the first 16 bytes of HMAC-SHA256(key, "selaras-id:" + id) in hex.
    /// - Complexity: O(1); no allocation but the returned string.
    public func pseudonym(_ id: EntityID) -> String {
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { buffer in
            let message = Self.writeMessage(id, into: buffer)
            let digest = UnsafeMutableRawBufferPointer(rebasing: buffer[96..<128])
            mac(UnsafeRawBufferPointer(rebasing: buffer[0..<message]), into: digest)
            return String(unsafeUninitializedCapacity: 33) { out in
                let hex: StaticString = "0123456789abcdef"
                let digits = hex.utf8Start
                out[0] = 0x70
                for j in 0..<16 {
                    out[1 + 2 * j] = digits[Int(digest[j] >> 4)]
                    out[2 + 2 * j] = digits[Int(digest[j] & 15)]
                }
                return 33
            }
        }
    }

    /// Writes `selaras-id:` and the id's text (``EntityID/description``: `gc-REPLICA-KEL-SEQ`)
    /// at the start of `buffer` (≥ 96 bytes), returning the length.
    static func writeMessage(_ id: EntityID, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var n = 0
        func put(_ b: UInt8) { buffer[n] = b; n += 1 }
        func putDecimal(_ v: UInt64) {
            var digits = 1, t = v
            while t >= 10 { t /= 10; digits += 1 }
            var x = v
            for j in stride(from: digits - 1, through: 0, by: -1) { buffer[n + j] = UInt8(48 + x % 10); x /= 10 }
            n += digits
        }
        for b in "selaras-id:".utf8 { put(b) }
        for b in id.kind.idPrefix.utf8 { put(b) }
        put(0x2d)
        let r = id.origin.stream.origin.rawValue
        for j in stride(from: 60, through: 0, by: -4) {
            let v = UInt8((r >> UInt64(j)) & 15)
            put(v < 10 ? 48 + v : 87 + v)
        }
        put(0x2d)
        putDecimal(UInt64(id.origin.stream.kelurahanCode))
        put(0x2d)
        putDecimal(id.origin.seq)
        return n
    }
}
