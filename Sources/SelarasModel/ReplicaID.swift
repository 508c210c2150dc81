/// A replica (one installation: a laptop or the hub), identified by 64 random bits.
///
/// Rendered as 16 lowercase hex digits.
public struct ReplicaID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The raw 64-bit value.
    public let rawValue: UInt64

    /// Wraps a raw value.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// A new random id.
    public static func random() -> ReplicaID {
        var g = SystemRandomNumberGenerator()
        return ReplicaID(rawValue: g.next())
    }

    /// Parses exactly 16 hex digits (no sign); nil otherwise.
    public init?(hex: String) {
        guard hex.utf8.count == 16, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }),
              let v = UInt64(hex, radix: 16) else { return nil }
        rawValue = v
    }

    /// 16 lowercase hex digits.
    public var description: String {
        let s = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    public static func < (a: ReplicaID, b: ReplicaID) -> Bool { a.rawValue < b.rawValue }
}

extension ReplicaID {
    /// The id that belongs to an Ed25519 public key: the first 8 bytes of its SHA-256.
    ///
    /// Ids are derived from keys, so a key relayed with events is checked against the id it
    /// claims; nobody can present another key for an existing replica.
    public static func derived(fromPublicKey key: [UInt8]) -> ReplicaID {
        ReplicaID(rawValue: EventHash.of(key).words.0)
    }
}
