import CCryptoBoringSSL
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

    /// SHA-256 of the given bytes. O(n).
    ///
    /// Calls swift-crypto's BoringSSL one-shot `SHA256` directly: the hot paths (append,
    /// verify, bundles) hash one small event at a time, and the one-shot call avoids the
    /// per-call digest context that `SHA256.hash(data:)` allocates. Same algorithm, same bytes.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> EventHash {
        var w: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &w) { out in
            _ = CCryptoBoringSSL_SHA256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                                        out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return EventHash(words: (UInt64(littleEndian: w.0), UInt64(littleEndian: w.1),
                                 UInt64(littleEndian: w.2), UInt64(littleEndian: w.3)))
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
