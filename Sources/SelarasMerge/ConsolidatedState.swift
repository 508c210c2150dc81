import SelarasModel

/// Every record of a replica, merged from the events of all streams.
///
/// Built by folding events in any order; every replica that holds the same set of events
/// holds an equal `ConsolidatedState` (and the same ``digest``).
public struct ConsolidatedState: Sendable {
    /// Records by id (including voided ones and corrections whose create is not yet here).
    public private(set) var entities: [EntityID: EntityState] = [:]
    /// Events folded in.
    public private(set) var eventCount = 0

    /// An empty state.
    public init() {}

    /// Folds one event in. O(size of the entity's state).
    public mutating func apply(_ event: Event) {
        entities[event.entity, default: EntityState(id: event.entity)].apply(event)
        eventCount += 1
    }

    /// The visible records of a kind (created and not voided), in id order.
    public func records(of kind: RecordKind) -> [EntityState] {
        entities.values.filter { $0.id.kind == kind && $0.isCreated && !$0.isVoided }.sorted { $0.id < $1.id }
    }

    /// Count of visible and voided records per kind.
    public func counts() -> [RecordKind: (active: Int, voided: Int)] {
        var out: [RecordKind: (active: Int, voided: Int)] = [:]
        for k in RecordKind.allCases { out[k] = (0, 0) }
        for e in entities.values where e.isCreated {
            if e.isVoided { out[e.id.kind]!.voided += 1 } else { out[e.id.kind]!.active += 1 }
        }
        return out
    }
}
