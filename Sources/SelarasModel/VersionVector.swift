/// What a replica holds: for each stream, the highest seq it holds with no gap before it.
///
/// The delta a peer lacks is, per stream, the events after the peer's seq.
public struct VersionVector: Sendable, Hashable, CustomStringConvertible {
    /// Stream → highest contiguous seq held (absent means 0).
    public private(set) var entries: [StreamID: UInt64]

    /// An empty vector.
    public init() { entries = [:] }

    /// A vector from explicit entries; zero entries are dropped.
    public init(_ entries: [StreamID: UInt64]) { self.entries = entries.filter { $0.value > 0 } }

    /// The seq held for a stream (0 when none). Setting 0 removes it.
    public subscript(stream: StreamID) -> UInt64 {
        get { entries[stream] ?? 0 }
        set { entries[stream] = newValue == 0 ? nil : newValue }
    }

    /// Whether this vector holds the event with this dot.
    public func contains(_ dot: Dot) -> Bool { self[dot.stream] >= dot.seq }

    /// Streams in canonical order.
    public var streams: [StreamID] { entries.keys.sorted() }

    /// Total number of events covered.
    public var totalEvents: UInt64 { entries.values.reduce(0, +) }

    /// The pointwise maximum of two vectors.
    public func merged(with other: VersionVector) -> VersionVector {
        VersionVector(entries.merging(other.entries, uniquingKeysWith: max))
    }

    /// Whether every entry of `other` is ≤ this vector's.
    public func dominates(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { self[$0.key] >= $0.value }
    }

    /// `{origin/kk: seq, …}` in stream order.
    public var description: String {
        "{" + streams.map { "\($0): \(self[$0])" }.joined(separator: ", ") + "}"
    }

    /// Appends the canonical binary form: count, then (origin, kelurahan, seq) in stream order.
    public func encode(into w: inout BinaryWriter) {
        w.varint(UInt64(entries.count))
        for s in streams {
            w.u64(s.origin.rawValue)
            w.u16(s.kelurahanCode)
            w.varint(self[s])
        }
    }

    /// Reads the canonical binary form.
    /// - Throws: ``ModelError`` when the bytes are malformed or not in canonical order.
    public static func decode(_ r: inout BinaryReader) throws(ModelError) -> VersionVector {
        let n = try r.varint()
        guard n <= UInt64(r.remaining) else { throw ModelError(.malformedEncoding, "version vector longer than its data") }
        var v = VersionVector()
        var last: StreamID? = nil
        for _ in 0..<n {
            let s = StreamID(origin: ReplicaID(rawValue: try r.u64()), kelurahanCode: try r.u16())
            let seq = try r.varint()
            if let l = last, !(l < s) { throw ModelError(.malformedEncoding, "version vector not in stream order") }
            guard seq > 0 else { throw ModelError(.malformedEncoding, "version vector entry 0") }
            last = s
            v[s] = seq
        }
        return v
    }
}
