/// What an event does to its entity.
public enum Operation: Sendable, Hashable {
    /// Creates a record of a kind with its first field values. The entity id is derived from
    /// the event's own dot.
    case create(RecordKind, FieldMap)
    /// Sets some fields to new values, with the reason a person gave.
    case correct(FieldMap, reason: String)
    /// Withdraws the record (kept in the audit trail), with the reason.
    case void(reason: String)
    /// A person's decision about whether this child and `other` are the same child
    /// (`same-as` when true, `not-same` when false). A later decision with a context that
    /// covers this one replaces it.
    case link(EntityID, same: Bool, reason: String)

    /// A short name: `create`, `correct`, `void`.
    public var name: String {
        switch self {
        case .create: "create"
        case .correct: "correct"
        case .void: "void"
        case .link(_, let same, _): same ? "same-as" : "not-same"
        }
    }
}
