import Crypto
import SelarasModel

/// Replaces record ids by keyed hashes (HMAC-SHA256) for the analyst tier.
///
/// A plain hash of an id or NIK could be recomputed by anyone; a keyed hash cannot without the
/// office's key. The same key and the same id give the same pseudonym on every replica.
public struct Pseudonymizer: Sendable {
    private let keyBytes: [UInt8]

    /// Creates a pseudonymizer.
    /// - Parameter key: at least 32 secret bytes.
    public init(key: [UInt8]) {
        precondition(key.count >= 32, "a pseudonym key has at least 32 bytes")
        keyBytes = key
    }

    /// The pseudonym of an id: `p` and the first 16 bytes of HMAC-SHA256(key, kind:id) in hex.
    public func pseudonym(_ id: EntityID) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("selaras-id:\(id)".utf8), using: SymmetricKey(data: keyBytes))
        return "p" + mac.prefix(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
