import Crypto
import Foundation
import SelarasModel

/// Bearer tokens: `slr1.DEVICE.SECRET` where DEVICE is the replica id (16 hex digits, for
/// lookup) and SECRET 32 random bytes in base64url. The hub stores only SHA-256 of the whole
/// token and compares hashes in constant time.
public enum HubToken {
    /// A new token for a device.
    public static func generate(device: ReplicaID) -> String {
        var g = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return "slr1.\(device).\(base64URL(secret))"
    }

    /// The device a token names, or nil when it is not shaped like a token.
    public static func device(of token: String) -> ReplicaID? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "slr1", parts[2].count == 43 else { return nil }
        return ReplicaID(hex: String(parts[1]))
    }

    /// SHA-256 of the token's UTF-8 bytes.
    public static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// Whether two equal-length byte strings are equal, in time independent of where they differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
