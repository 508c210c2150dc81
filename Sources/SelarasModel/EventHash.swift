import Crypto
import Foundation

/// A SHA-256 digest of an event's canonical bytes; each event names its predecessor's hash,
/// forming a hash chain per stream.
public struct EventHash: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes as four 64-bit words (little-endian load of the digest bytes).
    public let words: (UInt64, UInt64, UInt64, UInt64)

    /// The hash that precedes the first event of every stream (all zeros).
    public static let zero = EventHash(words: (0, 0, 0, 0))

    /// Wraps four words.
    public init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// Reads 32 bytes.
    /// - Precondition: `bytes.count == 32`.
    public init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 32)
        var w: [UInt64] = [0, 0, 0, 0]
        for (i, b) in bytes.enumerated() { w[i / 8] |= UInt64(b) << (UInt64(i % 8) * 8) }
        words = (w[0], w[1], w[2], w[3])
    }

    /// SHA-256 of the given bytes (swift-crypto's `SHA256`). O(n).
    public static func of(_ bytes: UnsafeRawBufferPointer) -> EventHash {
        let digest = SHA256.hash(data: bytes)
        return digest.withUnsafeBytes { d in
            EventHash(words: (UInt64(littleEndian: d.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                              UInt64(littleEndian: d.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                              UInt64(littleEndian: d.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                              UInt64(littleEndian: d.loadUnaligned(fromByteOffset: 24, as: UInt64.self))))
        }
    }

    /// SHA-256 of a byte array. O(n).
    public static func of(_ bytes: [UInt8]) -> EventHash { bytes.withUnsafeBytes { of($0) } }

    /// The 32 bytes in digest order.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for w in [words.0, words.1, words.2, words.3] {
            for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: w >> (UInt64(i) * 8))) }
        }
        return out
    }

    /// Lowercase hex of the 32 bytes.
    public var description: String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    public static func == (a: EventHash, b: EventHash) -> Bool { a.words == b.words }
    public func hash(into h: inout Hasher) {
        h.combine(words.0); h.combine(words.1); h.combine(words.2); h.combine(words.3)
    }
}
