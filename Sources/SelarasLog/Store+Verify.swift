import SelarasModel

/// The result of ``Store/verify()``.
public struct VerifyReport: Sendable {
    /// Streams checked.
    public let streams: Int
    /// Events checked.
    public let events: UInt64
    /// Bytes of log checked.
    public let bytes: UInt64
    /// Problems found, one sentence each (empty when the store is sound).
    public let problems: [String]
    /// Whether nothing is wrong.
    public var isSound: Bool { problems.isEmpty }
}

extension Store {
    /// Checks every frame, checksum, canonical decoding, sequence and hash chain of every
    /// stream, and every index entry. Reads only; repairs nothing.
    /// - Complexity: O(store size), streaming.
    public func verify() -> VerifyReport {
        var events: UInt64 = 0
        var bytes: UInt64 = 0
        var problems: [String] = []
        for s in streams {
            guard let log = try? log(for: s) else { continue }
            do {
                let stats = try log.verify()
                events += stats.events
                bytes += stats.bytes
            } catch {
                problems.append((error as? StoreError)?.description ?? "\(error)")
            }
        }
        return VerifyReport(streams: streams.count, events: events, bytes: bytes, problems: problems)
    }
}
