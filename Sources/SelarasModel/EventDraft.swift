/// An event before the store gives it a dot and links it into its stream's hash chain.
public struct EventDraft: Sendable, Hashable {
    /// The kelurahan whose stream receives the event.
    public let kelurahanCode: UInt16
    /// The entity touched; nil for a create (the id comes from the new dot).
    public let entity: EntityID?
    /// The dots of the entity's events the author had seen.
    public let context: [Dot]
    /// What the event does.
    public let operation: Operation
    /// Who recorded it.
    public let author: String
    /// Wall-clock milliseconds, for people.
    public let recordedAt: Int64

    /// A draft that creates a record.
    /// - Parameters:
    ///   - kind: the record kind.
    ///   - fields: the validated field values.
    ///   - kelurahanCode: the kelurahan the record belongs to (selects the stream).
    ///   - author: who recorded it.
    ///   - recordedAt: wall-clock milliseconds (defaults to now).
    public static func create(_ kind: RecordKind, _ fields: FieldMap, kelurahanCode: UInt16, author: String,
                              recordedAt: Int64 = WallClock.nowMilliseconds()) -> EventDraft {
        EventDraft(kelurahanCode: kelurahanCode, entity: nil, context: [], operation: .create(kind, fields),
                   author: author, recordedAt: recordedAt)
    }

    /// A draft that changes an existing entity; its stream is the entity's kelurahan stream.
    /// - Parameters:
    ///   - entity: the record.
    ///   - context: the dots of the entity's events the author had seen.
    ///   - operation: a correction or void.
    ///   - author: who.
    ///   - recordedAt: wall-clock milliseconds (defaults to now).
    public static func change(_ entity: EntityID, context: [Dot], _ operation: Operation, author: String,
                              recordedAt: Int64 = WallClock.nowMilliseconds()) -> EventDraft {
        EventDraft(kelurahanCode: entity.origin.stream.kelurahanCode, entity: entity, context: context,
                   operation: operation, author: author, recordedAt: recordedAt)
    }

    /// Why the draft's own texts — its author and, for a correction, void or link, its reason —
    /// cannot be written (over ``TextLimit/author`` or ``TextLimit/reason`` in characters or
    /// bytes, so that the event would not decode again); empty when they can.
    public var textProblems: [String] {
        var problems: [String] = []
        if let p = TextLimit.author.problem(author, what: "author") { problems.append(p) }
        switch operation {
        case .correct(_, let reason), .void(let reason), .link(_, _, let reason):
            if let p = TextLimit.reason.problem(reason, what: "reason") { problems.append(p) }
        case .create: break
        }
        return problems
    }

    /// Turns the draft into an event at the given dot after the given hash.
    public func event(at dot: Dot, previousHash: EventHash) -> Event {
        let id: EntityID
        if case .create(let kind, _) = operation { id = EntityID(kind: kind, origin: dot) } else { id = entity! }
        return Event(dot: dot, previousHash: previousHash, entity: id, context: context, operation: operation,
                     author: author, recordedAt: recordedAt)
    }
}
