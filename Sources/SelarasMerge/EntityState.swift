import SelarasModel

/// The merged state of one record: its fields, whether it is voided, and its link decisions.
///
/// Compact by design (a replica folds a million of these): 40 bytes, plus the create's
/// canonical bytes behind a varint length (``EncodedCreate``, decoded a field at a time when
/// read), packed with other records' in large chunks when folded from a store; 155 bytes per
/// record in all, index included, in `selaras-bench sync`. Everything a later event brings —
/// a ``FieldRegister`` for each field it wrote, voids, links, the later dots — lives in a
/// side part that most records never allocate. The result is the same as if every field
/// had a register.
public struct EntityState: Sendable, Hashable {
    // Laid out for a 40-byte value: the id's 19 bytes, the create's 4-byte start in the padding
    // after it, then its chunk and `later` (8 bytes each). `eventCount` is not stored: it is
    // the create plus the later dots.
    /// The record.
    public let id: EntityID
    /// Where the creating event's bytes start in `createChunk` (see ``EncodedCreate``).
    private var createStart: UInt32 = 0
    /// The chunk holding the creating event's bytes: nil until the create arrives (a
    /// correction relayed ahead of its create is held until then, and such a record is not
    /// shown).
    private var createChunk: CreateChunk?
    /// What events other than the create brought: empty, or exactly one element (an array
    /// so that the common case costs 8 bytes and copies share it until written).
    private var later: [LaterEvents] = []

    /// An empty state for a record.
    public init(id: EntityID) { self.id = id }

    /// The creating event, nil until it arrives.
    private var created: EncodedCreate? {
        createChunk.map { EncodedCreate(chunk: $0, start: createStart) }
    }

    /// Events folded into this record: the create (once seen) and every other event, each
    /// counted once.
    public var eventCount: Int { (createChunk == nil ? 0 : 1) + (later.first?.dots.count ?? 0) }

    /// Whether the creating event has been seen.
    public var isCreated: Bool { createChunk != nil }

    /// The dots of the events other than the create (corrections, voids, links), sorted.
    public var laterDots: [Dot] { later.first?.dots ?? [] }

    /// Void events seen: a voided record stays in the audit trail but leaves the datasets.
    public var voids: [Candidate] { later.first?.voids ?? [] }

    /// Decisions about whether this child is the same as another (keyed by the other, larger
    /// id): registers of `.bool(same)`.
    public var links: [EntityID: FieldRegister] { later.first?.links ?? [:] }

    /// Folds one event in. Commutative: any order of the same events gives the same state.
    /// Each event must be applied once (the store never yields an event twice).
    public mutating func apply(_ event: Event) {
        if case .create(let kind, let fields) = event.operation {
            guard createChunk == nil else { return }
            applyCreate(EncodedCreate(author: event.author, recordedAt: event.recordedAt, kind: kind, fields: fields))
            return
        }
        if later.isEmpty { later.append(LaterEvents()) }
        guard later[0].insertDot(event.dot) else { return }  // counted by `eventCount` from here
        switch event.operation {
        case .create: return
        case .correct(let fields, _):
            let depth = Candidate.depth(of: event.context)
            for (tag, value) in fields { write(tag, value, event, depth: depth) }
        case .void(let reason):
            later[0].voids.append(Candidate(dot: event.dot, value: .text(reason), author: event.author, recordedAt: event.recordedAt,
                                            depth: Candidate.depth(of: event.context)))
            later[0].voids.sort { $0.dot < $1.dot }
        case .link(let other, let same, _):
            later[0].links[other, default: FieldRegister()].apply(
                Candidate(dot: event.dot, value: .bool(same), author: event.author, recordedAt: event.recordedAt,
                          depth: Candidate.depth(of: event.context)),
                context: event.context)
        }
    }

    /// Folds in the creating event, given as its canonical bytes (see ``Event/scanCreate(_:)``).
    /// A second create of the same record is ignored.
    /// - Precondition: `create` is the create of this record (its dot is ``id``'s).
    public mutating func applyCreate(_ create: EncodedCreate) {
        guard createChunk == nil else { return }
        createChunk = create.chunk
        createStart = create.start
        guard !later.isEmpty, !later[0].corrected.isEmpty else { return }
        let author = create.author, at = create.recordedAt
        for i in later[0].corrected.indices {
            if let v = create.value(later[0].corrected[i].tag) {
                later[0].corrected[i].register.apply(Candidate(dot: id.origin, value: v, author: author, recordedAt: at), context: [])
            }
        }
    }

    private mutating func write(_ tag: UInt8, _ value: FieldValue, _ event: Event, depth: UInt64) {
        let candidate = Candidate(dot: event.dot, value: value, author: event.author, recordedAt: event.recordedAt, depth: depth)
        if let i = later[0].corrected.firstIndex(where: { $0.tag == tag }) {
            later[0].corrected[i].register.apply(candidate, context: event.context)
            return
        }
        var r = FieldRegister()
        if let created, let base = created.value(tag) {
            r.apply(Candidate(dot: id.origin, value: base, author: created.author, recordedAt: created.recordedAt), context: [])
        }
        r.apply(candidate, context: event.context)
        let i = later[0].corrected.firstIndex { $0.tag > tag } ?? later[0].corrected.count
        later[0].corrected.insert(LaterEvents.Corrected(tag: tag, register: r), at: i)
    }

    /// Whether the record was voided.
    public var isVoided: Bool { !(later.first?.voids.isEmpty ?? true) }

    /// The value shown for a field (the winner when conflicted), or nil. O(fields).
    public func value(_ tag: UInt8) -> FieldValue? {
        if let l = later.first { for c in l.corrected where c.tag == tag { return c.register.winner?.value } }
        return created?.value(tag)
    }

    /// The value shown for a field by its typed key (the winner when conflicted), or nil. O(fields).
    public func value(_ key: FieldKey) -> FieldValue? { value(key.tag) }

    /// The shown value of every field.
    public var fields: FieldMap {
        var f = created?.fields ?? FieldMap()
        for c in later.first?.corrected ?? [] { f[c.tag] = c.register.winner?.value }
        return f
    }

    /// Every field's register, including fields only the create wrote (materialised; for
    /// display and digests, not for hot paths).
    public var registers: [UInt8: FieldRegister] {
        var out: [UInt8: FieldRegister] = [:]
        if let created {
            let author = created.author, at = created.recordedAt
            for (tag, v) in created.fields {
                var r = FieldRegister()
                r.apply(Candidate(dot: id.origin, value: v, author: author, recordedAt: at), context: [])
                out[tag] = r
            }
        }
        for c in later.first?.corrected ?? [] { out[c.tag] = c.register }
        return out
    }

    /// Fields whose concurrent writes disagree, by tag.
    public var conflicts: [(tag: UInt8, register: FieldRegister)] {
        (later.first?.corrected ?? []).filter { $0.register.isConflicted }.map { ($0.tag, $0.register) }
    }

    /// The causal context for a new event about this record: one dot per stream, the latest seen.
    public var contextDots: [Dot] {
        var latest: [Dot] = []
        for d in (isCreated ? [id.origin] : []) + (later.first?.dots ?? []) {
            if let i = latest.firstIndex(where: { $0.stream == d.stream }) {
                if latest[i].seq < d.seq { latest[i] = d }
            } else {
                latest.append(d)
            }
        }
        return latest.sorted()
    }

    public static func == (a: EntityState, b: EntityState) -> Bool {
        a.id == b.id && a.created == b.created && a.later == b.later
    }

    public func hash(into h: inout Hasher) { h.combine(id); h.combine(eventCount) }
}
