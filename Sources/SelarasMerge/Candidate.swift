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
    /// The writer's wall clock (milliseconds), used only to pick a deterministic winner to
    /// show while a conflict is open.
    public let recordedAt: Int64

    /// Whether this candidate is shown ahead of `other`: later wall clock, then higher dot.
    /// A total order over distinct events, the same on every replica.
    public func outranks(_ other: Candidate) -> Bool {
        if recordedAt != other.recordedAt { return recordedAt > other.recordedAt }
        return other.dot < dot
    }
}
