import SelarasLog
import SelarasModel

/// What the quick commands (`status`, `child add`, `check add`) need from a store, kept beside
/// it in `STORE/summary` so that they never fold the whole store: the record counts, the
/// growth checks whose child is not visible, and, for every record that has events besides
/// its create, the dots of those events (so that one record's state is folded from a handful
/// of frames read through the index).
///
/// It is a cache: every load checks it against the store (the replica, and for every stream
/// the seq and chain hash it was built at) and a checksum, and rebuilds it from a full fold
/// when it is torn, foreign, stale or ahead of the logs (``load(for:)``). Events appended
/// since it was written are read from the logs' tails and applied; anything but plain creates
/// there (a correction, a void, a same-as, a child that checks may already point to) makes it
/// rebuild rather than guess. So what it answers always equals a full fold of the store.
public struct StoreSummary: Sendable, Equatable {
    /// Visible (created, not voided) and voided records of one kind.
    public struct Counts: Sendable, Equatable {
        /// Created and not voided.
        public var active: Int
        /// Created and voided.
        public var voided: Int

        /// Creates counts.
        public init(active: Int, voided: Int) {
            self.active = active
            self.voided = voided
        }
    }

    /// The replica whose store this summarises.
    let replica: ReplicaID
    /// Per stream: the seq summarised up to and the hash of the event at that seq.
    var heads: [StreamID: StreamMark]
    /// Counts per kind, indexed by ``RecordKind`` (all kinds present).
    public internal(set) var counts: [RecordKind: Counts]
    /// Visible growth checks whose child (after `same-as`) is not a visible child: the datasets
    /// leave them out, so `status` does not count them as active (see
    /// ``ConsolidatedState/checksWithoutVisibleChild()``).
    public internal(set) var checksWithoutVisibleChild: Int
    /// Every record with events other than its create → the dots of those events, sorted.
    var changes: [EntityID: [Dot]]
    /// Every child in a `same-as` group → its representative.
    var canonical: [EntityID: EntityID]
    /// Every id named by a link decision, on either side.
    var linked: Set<EntityID>

    /// Where a summary stands on a stream.
    struct StreamMark: Sendable, Equatable {
        /// The last seq summarised.
        var seq: UInt64
        /// The hash of the event at `seq`.
        var hash: EventHash
    }

    /// Summarises a folded state of `store` (which must hold exactly the store's events).
    public init(state: ConsolidatedState, store: Store) {
        replica = store.replica
        var heads: [StreamID: StreamMark] = [:]
        let vv = store.versionVector
        for s in vv.streams { heads[s] = StreamMark(seq: vv[s], hash: store.head(of: s)) }
        self.heads = heads
        var counts: [RecordKind: Counts] = [:]
        for (k, c) in state.counts() { counts[k] = Counts(active: c.active, voided: c.voided) }
        let hidden = state.checksWithoutVisibleChild()
        counts[.growthCheck]!.active -= hidden
        self.counts = counts
        checksWithoutVisibleChild = hidden
        var changes: [EntityID: [Dot]] = [:]
        var linked = Set<EntityID>()
        state.forEachEntity { e in
            let dots = e.laterDots
            if !dots.isEmpty { changes[e.id] = dots }
            for other in e.links.keys {
                linked.insert(e.id)
                linked.insert(other)
            }
        }
        self.changes = changes
        self.linked = linked
        canonical = state.canonicalChildren()
    }

    init(replica: ReplicaID, heads: [StreamID: StreamMark], counts: [RecordKind: Counts], checksWithoutVisibleChild: Int,
         changes: [EntityID: [Dot]], canonical: [EntityID: EntityID], linked: Set<EntityID>) {
        self.replica = replica
        self.heads = heads
        self.counts = counts
        self.checksWithoutVisibleChild = checksWithoutVisibleChild
        self.changes = changes
        self.canonical = canonical
        self.linked = linked
    }

    /// The events summarised.
    public var eventCount: UInt64 { heads.values.reduce(0) { $0 + $1.seq } }

    /// One record's merged state, folded from its own events only (its create, read at its
    /// dot, and the dots listed for it), or nil when the store holds no event of it. Equal to
    /// the record in a full fold of the store.
    /// - Throws: ``StoreError`` or `ModelError` when a frame is damaged.
    public func entity(_ id: EntityID, in store: Store) throws -> EntityState? {
        let events = try self.events(of: id, in: store)
        guard !events.isEmpty else { return nil }
        var state = EntityState(id: id)
        for e in events { state.apply(e) }
        return state
    }

    /// A state holding only the given records, each folded from its own events as by
    /// ``entity(_:in:)``: what a command that looks at a few records needs, without a full fold.
    public func partialState(_ ids: [EntityID], in store: Store) throws -> ConsolidatedState {
        var state = ConsolidatedState()
        for id in Set(ids) { for e in try events(of: id, in: store) { state.apply(e) } }
        return state
    }

    /// The events of one record held by the store: its create (at its dot) and its other events.
    func events(of id: EntityID, in store: Store) throws -> [Event] {
        var out: [Event] = []
        if let create = try Self.event(at: id.origin, in: store), create.entity == id { out.append(create) }
        for dot in changes[id] ?? [] {
            if let e = try Self.event(at: dot, in: store), e.entity == id { out.append(e) }
        }
        return out
    }

    /// Whether a child is shown: after `same-as`, its representative is created and not voided.
    func isVisibleChild(_ ref: EntityID, in store: Store) throws -> Bool {
        let child = canonical[ref] ?? ref
        guard child.kind == .child, let e = try entity(child, in: store) else { return false }
        return e.isCreated && !e.isVoided
    }

    /// The event at a dot, read through the stream's index (one frame), or nil when the store
    /// does not hold it.
    static func event(at dot: Dot, in store: Store) throws -> Event? {
        guard dot.seq >= 1, dot.seq <= store.versionVector[dot.stream] else { return nil }
        var found: Event? = nil
        try store.forEachEncodedEvent(in: dot.stream, after: dot.seq - 1, through: dot.seq) { seq, payload in
            if seq == dot.seq { found = try Event.decode(payload) }
        }
        return found
    }
}
