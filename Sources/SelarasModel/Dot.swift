/// The identity of one event: its stream and its position (1, 2, 3, …) in that stream.
public struct Dot: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The stream the event belongs to.
    public let stream: StreamID
    /// 1-based, gap-free position in the stream.
    public let seq: UInt64

    /// Creates a dot.
    public init(stream: StreamID, seq: UInt64) {
        self.stream = stream
        self.seq = seq
    }

    /// `ORIGIN/KK#SEQ`.
    public var description: String { "\(stream)#\(seq)" }

    public static func < (a: Dot, b: Dot) -> Bool { (a.stream, a.seq) < (b.stream, b.seq) }
}
