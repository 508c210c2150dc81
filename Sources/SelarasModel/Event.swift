/// One change, as recorded: the unit of storage, sync and merge.
///
/// Events are immutable once written. Their canonical binary form (``encode(into:)``) is the
/// only form that is hashed and stored; decoding and re-encoding gives the same bytes.
public struct Event: Sendable, Hashable {
    /// This event's identity: stream and position.
    public let dot: Dot
    /// The hash of the previous event of the same stream (``EventHash/zero`` for seq 1).
    public let previousHash: EventHash
    /// The record this event touches. For a create, derived from ``dot``.
    public let entity: EntityID
    /// The dots of this entity's events the author had seen (sorted, unique): the causal context.
    public let context: [Dot]
    /// What the event does.
    public let operation: Operation
    /// Who recorded it (the cadre's or officer's name).
    public let author: String
    /// When, in milliseconds since 1970 UTC, by the recording machine's clock. For people
    /// only: never used for ordering or causality.
    public let recordedAt: Int64

    /// Creates an event; the context is sorted and de-duplicated.
    /// - Precondition: a create's entity is `EntityID(kind, dot)`.
    public init(dot: Dot, previousHash: EventHash, entity: EntityID, context: [Dot], operation: Operation,
                author: String, recordedAt: Int64) {
        if case .create(let kind, _) = operation {
            precondition(entity == EntityID(kind: kind, origin: dot), "a create event's entity is its own dot")
        }
        if case .link(let other, _, _) = operation {
            precondition(entity.kind == .child && other.kind == .child && entity < other, "a link decision is on the smaller child id")
        }
        self.dot = dot
        self.previousHash = previousHash
        self.entity = entity
        self.context = context.count < 2 ? context : Array(Set(context)).sorted()
        self.operation = operation
        self.author = author
        self.recordedAt = recordedAt
    }

    /// Decoder's initialiser: everything already canonical.
    init(unchecked dot: Dot, previousHash: EventHash, entity: EntityID, context: [Dot], operation: Operation,
         author: String, recordedAt: Int64) {
        self.dot = dot
        self.previousHash = previousHash
        self.entity = entity
        self.context = context
        self.operation = operation
        self.author = author
        self.recordedAt = recordedAt
    }
}
