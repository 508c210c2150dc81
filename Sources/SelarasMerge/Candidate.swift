import SelarasModel

/// One value written to a field by one event, still standing (no other write to the field has
/// seen it).
public struct Candidate: Sendable, Hashable {
    /// The writing event.
    public let dot: Dot
    /// The value written.
    public let value: FieldValue
    /// The writer.
    public let author: String
    /// The writer's wall clock (milliseconds): shown to people, never used to order.
    public let recordedAt: Int64
    /// The writing event's causal depth: how many events its writer had seen of the streams
    /// named in its causal context (the sum of each stream's highest seq there: streams are
    /// gap-free, so seeing seq n of a stream is seeing n of its events), saturating at `UInt64.max`. 0 for
    /// the creating event.
    public let depth: UInt64

    /// Creates a candidate.
    /// - Parameters:
    ///   - dot: the writing event.
    ///   - value: the value written.
    ///   - author: the writer.
    ///   - recordedAt: the writer's wall clock (for display only).
    ///   - depth: the writing event's causal depth (``depth(of:)`` of its context; 0 for a create).
    public init(dot: Dot, value: FieldValue, author: String, recordedAt: Int64, depth: UInt64 = 0) {
        self.dot = dot
        self.value = value
        self.author = author
        self.recordedAt = recordedAt
        self.depth = depth
    }

    /// The causal depth of a context: over its streams, the sum of the highest seq seen in
    /// each, saturating at `UInt64.max` (the seqs come from other replicas' bytes, so the sum
    /// must not trap). An event's context is strictly ascending (the codec refuses anything
    /// else), so each stream's highest seq is the last dot of its run: one pass, no table.
    /// - Complexity: O(context).
    public static func depth(of context: [Dot]) -> UInt64 {
        var sum: UInt64 = 0
        for (i, d) in context.enumerated() where i + 1 == context.count || context[i + 1].stream != d.stream {
            let (s, overflow) = sum.addingReportingOverflow(d.seq)
            if overflow { return .max }
            sum = s
        }
        return sum
    }

    /// Whether this candidate is shown ahead of `other` while a conflict is open: the greater
    /// causal depth (the writer who had seen more), then the higher dot. Wall clocks play no
    /// part, so a laptop whose clock runs ahead cannot win by that. A total order over distinct
    /// events that every replica computes from the events alone.
    public func outranks(_ other: Candidate) -> Bool {
        if depth != other.depth { return depth > other.depth }
        return other.dot < dot
    }
}
