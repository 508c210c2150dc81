/// The identity of one event: its stream and its position (1, 2, 3, …) in that stream.
public struct Dot: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Stored as `seq` then `stream` so the value takes 18 bytes, not 24 (no padding after
    // the stream's 10). Order, hashing and encodings do not depend on the declaration order:
    // `<` is written out below and the codec writes the fields explicitly.
    /// 1-based, gap-free position in the stream.
    public let seq: UInt64
    /// The stream the event belongs to.
    public let stream: StreamID

    /// Creates a dot.
    public init(stream: StreamID, seq: UInt64) {
        self.stream = stream
        self.seq = seq
    }

    /// `ORIGIN/KK#SEQ`.
    public var description: String { "\(stream)#\(seq)" }

    public static func < (a: Dot, b: Dot) -> Bool { (a.stream, a.seq) < (b.stream, b.seq) }
}
