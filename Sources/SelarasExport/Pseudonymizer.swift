import Crypto
import SelarasModel

/// Replaces record ids by keyed hashes (HMAC-SHA256) for the analyst tier.
///
/// A plain hash of an id or NIK could be recomputed by anyone; a keyed hash cannot without the
/// office's key. The same key and the same id give the same pseudonym on every replica.
///
/// HMAC is computed from SHA-256 states pre-fed with the padded key (RFC 2104), so each
/// pseudonym costs two SHA-256 finalisations instead of a full HMAC set-up; a test checks the
/// result against swift-crypto's `HMAC<SHA256>`.
public struct Pseudonymizer: @unchecked Sendable {
    // SHA256 is a value type (copy-on-write); these are never mutated after init.
    private let inner: SHA256
    private let outer: SHA256

    /// Creates a pseudonymizer.
    /// - Parameter key: at least 32 secret bytes.
    public init(key: [UInt8]) {
        precondition(key.count >= 32, "a pseudonym key has at least 32 bytes")
        var k = key.count > 64 ? Array(SHA256.hash(data: key)) : key
        k += [UInt8](repeating: 0, count: 64 - k.count)
        var i = SHA256()
        i.update(data: k.map { $0 ^ 0x36 })
        var o = SHA256()
        o.update(data: k.map { $0 ^ 0x5c })
        inner = i
        outer = o
    }

    /// HMAC-SHA256 of a message under the key.
    public func mac(_ message: [UInt8]) -> [UInt8] {
        var i = inner
        i.update(data: message)
        var o = outer
        o.update(data: Array(i.finalize()))
        return Array(o.finalize())
    }

    /// The pseudonym of an id: `p` and the first 16 bytes of HMAC-SHA256(key, "selaras-id:" + id) in hex.
    public func pseudonym(_ id: EntityID) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [0x70]
        for b in mac(Array("selaras-id:\(id)".utf8)).prefix(16) {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
