import SelarasModel

/// Every record of a replica, merged from the events of all streams.
///
/// Built by folding events in any order; every replica that holds the same set of events
/// holds an equal `ConsolidatedState` (and the same ``digest``). Internally the records are
/// split into shards by id so that a large store can be folded on all cores at once.
public struct ConsolidatedState: Sendable {
    /// Records, split into shards by id (see ``shard(of:count:)``).
    private(set) var shards: [EntityTable]
    /// Events folded in.
    public private(set) var eventCount = 0

    /// An empty state.
    public init() { shards = [EntityTable()] }

    init(shards: [EntityTable], eventCount: Int) {
        self.shards = shards
        self.eventCount = eventCount
    }

    /// The shard an entity belongs to, from its creating dot alone (so it can be computed
    /// from an event's first bytes, before decoding the rest).
    @inline(__always)
    static func shard(of dot: Dot, count: Int) -> Int {
        guard count > 1 else { return 0 }
        let h = (dot.stream.origin.rawValue ^ UInt64(dot.stream.kelurahanCode) &* 0x9E37_79B9) &+ dot.seq &* 0xBF58_476D_1CE4_E5B9
        return Int((h >> 29) % UInt64(count))
    }

    /// Folds one event in. O(size of the entity's state).
    public mutating func apply(_ event: Event) {
        let s = Self.shard(of: event.entity.origin, count: shards.count)
        shards[s].update(event.entity) { $0.apply(event) }
        eventCount += 1
    }

    /// The record with this id (created or not), or nil.
    public subscript(id: EntityID) -> EntityState? {
        shards[Self.shard(of: id.origin, count: shards.count)][id]
    }

    /// All records by id. Builds one dictionary; prefer the subscript, ``records(of:)`` or
    /// ``forEachEntity(_:)`` on large states.
    public var entities: [EntityID: EntityState] {
        var all: [EntityID: EntityState] = [:]
        all.reserveCapacity(entityCount)
        forEachEntity { all[$0.id] = $0 }
        return all
    }

    /// Number of records (including uncreated placeholders).
    public var entityCount: Int { shards.reduce(0) { $0 + $1.count } }

    /// Calls `body` with every record, in no particular order.
    public func forEachEntity(_ body: (EntityState) throws -> Void) rethrows {
        for s in shards { for e in s.records { try body(e) } }
    }

    /// The visible records of a kind (created and not voided), in id order.
    /// - Complexity: O(n log n); sorts ids, then copies each record once.
    public func records(of kind: RecordKind) -> [EntityState] {
        recordIDs(of: kind).map { self[$0]! }
    }

    /// The ids of the visible records of a kind, in id order (no record is copied).
    public func recordIDs(of kind: RecordKind) -> [EntityID] {
        var ids: [EntityID] = []
        for s in shards {
            for e in s.records where e.id.kind == kind && e.isCreated && !e.isVoided { ids.append(e.id) }
        }
        ids.sort()
        return ids
    }

    /// Count of visible and voided records per kind.
    public func counts() -> [RecordKind: (active: Int, voided: Int)] {
        var out: [RecordKind: (active: Int, voided: Int)] = [:]
        for k in RecordKind.allCases { out[k] = (0, 0) }
        forEachEntity { e in
            guard e.isCreated else { return }
            if e.isVoided { out[e.id.kind]!.voided += 1 } else { out[e.id.kind]!.active += 1 }
        }
        return out
    }
}
