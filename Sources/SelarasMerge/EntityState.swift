import SelarasModel

/// The merged state of one record: its field registers, whether it is voided, and the dots
/// of every event that touched it (the audit trail).
public struct EntityState: Sendable, Hashable {
    /// The record.
    public let id: EntityID
    /// Whether the creating event has been seen (a correction relayed ahead of its create is
    /// held until the create arrives; such a record is not shown).
    public private(set) var isCreated = false
    /// Field registers by tag.
    public private(set) var registers: [UInt8: FieldRegister] = [:]
    /// Void events seen: a voided record stays in the audit trail but leaves the datasets.
    public private(set) var voids: [Candidate] = []
    /// Decisions about whether this child is the same as another (keyed by the other, larger
    /// id): registers of `.bool(same)`.
    public private(set) var links: [EntityID: FieldRegister] = [:]
    /// Every event of this entity, in dot order.
    public private(set) var history: [Dot] = []
    /// Per stream, the highest seq of this entity's events: the causal context a new event
    /// about this entity carries.
    public private(set) var context: [StreamID: UInt64] = [:]

    /// An empty state for a record.
    public init(id: EntityID) { self.id = id }

    /// Folds one event in. Commutative: any order of the same events gives the same state.
    public mutating func apply(_ event: Event) {
        let i = history.firstIndex { event.dot <= $0 } ?? history.count
        if i < history.count, history[i] == event.dot { return }
        history.insert(event.dot, at: i)
        context[event.dot.stream] = max(context[event.dot.stream] ?? 0, event.dot.seq)
        switch event.operation {
        case .create(_, let fields):
            isCreated = true
            for (tag, value) in fields { write(tag, value, event) }
        case .correct(let fields, _):
            for (tag, value) in fields { write(tag, value, event) }
        case .void(let reason):
            voids.append(Candidate(dot: event.dot, value: .text(reason), author: event.author, recordedAt: event.recordedAt))
            voids.sort { $0.dot < $1.dot }
        case .link(let other, let same, _):
            links[other, default: FieldRegister()].apply(
                Candidate(dot: event.dot, value: .bool(same), author: event.author, recordedAt: event.recordedAt),
                context: event.context)
        }
    }

    private mutating func write(_ tag: UInt8, _ value: FieldValue, _ event: Event) {
        registers[tag, default: FieldRegister()].apply(
            Candidate(dot: event.dot, value: value, author: event.author, recordedAt: event.recordedAt),
            context: event.context)
    }

    /// Whether the record was voided.
    public var isVoided: Bool { !voids.isEmpty }

    /// The value shown for a field (the winner when conflicted), or nil.
    public func value(_ tag: UInt8) -> FieldValue? { registers[tag]?.winner?.value }

    /// The shown value of every field.
    public var fields: FieldMap {
        FieldMap(registers.compactMap { tag, r in r.winner.map { (tag, $0.value) } })
    }

    /// Fields whose concurrent writes disagree, by tag.
    public var conflicts: [(tag: UInt8, register: FieldRegister)] {
        registers.filter { $0.value.isConflicted }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The causal context for a new event: one dot per stream, the latest seen.
    public var contextDots: [Dot] {
        context.map { Dot(stream: $0.key, seq: $0.value) }.sorted()
    }
}
