import SelarasModel

/// The merged state of one record: its fields, whether it is voided, and its link decisions.
///
/// Compact by design (a replica folds a million of these): the creating event's fields are
/// kept as one ``FieldMap``; a full ``FieldRegister`` exists only for fields that a later
/// event wrote. The result is the same as if every field had a register.
public struct EntityState: Sendable, Hashable {
    /// The record.
    public let id: EntityID
    /// The creating event's fields (nil until the create arrives; a correction relayed ahead
    /// of its create is held until then, and such a record is not shown).
    private var created: FieldMap?
    private var createdBy = ""
    private var createdAt: Int64 = 0
    /// Registers of fields written after the create, sorted by tag.
    private var corrected: [(tag: UInt8, register: FieldRegister)] = []
    /// Void events seen: a voided record stays in the audit trail but leaves the datasets.
    public private(set) var voids: [Candidate] = []
    /// Decisions about whether this child is the same as another (keyed by the other, larger
    /// id): registers of `.bool(same)`.
    public private(set) var links: [EntityID: FieldRegister] = [:]
    /// Events folded into this record.
    public private(set) var eventCount = 0
    /// The dots of this entity's events other than the create, sorted (few per record; they
    /// make applying an event twice a no-op and give the causal context).
    private var later: [Dot] = []

    /// An empty state for a record.
    public init(id: EntityID) { self.id = id }

    /// Whether the creating event has been seen.
    public var isCreated: Bool { created != nil }

    /// Folds one event in. Commutative: any order of the same events gives the same state.
    /// Each event must be applied once (the store never yields an event twice).
    public mutating func apply(_ event: Event) {
        if case .create = event.operation {
            guard created == nil else { return }
        } else {
            let i = later.firstIndex { event.dot <= $0 } ?? later.count
            if i < later.count, later[i] == event.dot { return }
            later.insert(event.dot, at: i)
        }
        eventCount += 1
        switch event.operation {
        case .create(_, let fields):
            created = fields
            createdBy = event.author
            createdAt = event.recordedAt
            for i in corrected.indices {
                if let v = fields[corrected[i].tag] {
                    corrected[i].register.apply(Candidate(dot: event.dot, value: v, author: event.author, recordedAt: event.recordedAt), context: [])
                }
            }
            return
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
        let candidate = Candidate(dot: event.dot, value: value, author: event.author, recordedAt: event.recordedAt)
        if let i = corrected.firstIndex(where: { $0.tag == tag }) {
            corrected[i].register.apply(candidate, context: event.context)
            return
        }
        var r = FieldRegister()
        if let base = created?[tag] {
            r.apply(Candidate(dot: id.origin, value: base, author: createdBy, recordedAt: createdAt), context: [])
        }
        r.apply(candidate, context: event.context)
        let i = corrected.firstIndex { $0.tag > tag } ?? corrected.count
        corrected.insert((tag, r), at: i)
    }

    /// Whether the record was voided.
    public var isVoided: Bool { !voids.isEmpty }

    /// The value shown for a field (the winner when conflicted), or nil. O(fields).
    public func value(_ tag: UInt8) -> FieldValue? {
        for c in corrected where c.tag == tag { return c.register.winner?.value }
        return created?[tag]
    }

    /// The shown value of every field.
    public var fields: FieldMap {
        var f = created ?? FieldMap()
        for c in corrected { f[c.tag] = c.register.winner?.value }
        return f
    }

    /// Every field's register, including fields only the create wrote (materialised; for
    /// display and digests, not for hot paths).
    public var registers: [UInt8: FieldRegister] {
        var out: [UInt8: FieldRegister] = [:]
        if let created {
            for (tag, v) in created {
                var r = FieldRegister()
                r.apply(Candidate(dot: id.origin, value: v, author: createdBy, recordedAt: createdAt), context: [])
                out[tag] = r
            }
        }
        for c in corrected { out[c.tag] = c.register }
        return out
    }

    /// Fields whose concurrent writes disagree, by tag.
    public var conflicts: [(tag: UInt8, register: FieldRegister)] {
        corrected.filter { $0.register.isConflicted }.map { ($0.tag, $0.register) }
    }

    /// The causal context for a new event about this record: one dot per stream, the latest seen.
    public var contextDots: [Dot] {
        var latest: [Dot] = []
        for d in (isCreated ? [id.origin] : []) + later {
            if let i = latest.firstIndex(where: { $0.stream == d.stream }) {
                if latest[i].seq < d.seq { latest[i] = d }
            } else {
                latest.append(d)
            }
        }
        return latest.sorted()
    }

    public static func == (a: EntityState, b: EntityState) -> Bool {
        a.id == b.id && a.created == b.created && a.createdBy == b.createdBy && a.createdAt == b.createdAt
            && a.voids == b.voids && a.links == b.links && a.eventCount == b.eventCount && a.later == b.later
            && a.corrected.count == b.corrected.count
            && zip(a.corrected, b.corrected).allSatisfy { $0.tag == $1.tag && $0.register == $1.register }
    }

    public func hash(into h: inout Hasher) { h.combine(id); h.combine(eventCount) }
}
