import SelarasLog
import SelarasMerge
import SelarasModel

/// The hub's consolidated state, folded from the whole store once (when the hub opens) and
/// then kept current by folding in only the events appended since: a sync, a dashboard action
/// or a released pending run adds its events; nothing is folded twice and no request folds
/// the whole log again.
///
/// The state is a value: a dashboard render or an export takes a copy (copy-on-write, O(1)
/// until the hub changes it) and reads it outside the hub's isolation.
struct KeptState: Sendable {
    /// The records, folded from every event of ``vector``.
    private(set) var state: ConsolidatedState
    /// The events folded in, per stream (a prefix of each stream: logs only grow at the end).
    private(set) var vector: VersionVector

    /// Folds every event of the store (on all cores for a large store).
    /// - Throws: `StoreError` or `ModelError` when a log cannot be read or an event does not decode.
    init(store: Store) throws {
        vector = store.versionVector
        state = try ConsolidatedState(store: store)
    }

    /// The state's version: the number of events folded in. It grows with every change, so
    /// anything derived from the state (a kept export) is current while its version is.
    var version: UInt64 { vector.totalEvents }

    /// Folds in the events the store holds beyond ``vector``.
    /// - Returns: the number of events folded in.
    /// - Throws: `StoreError` or `ModelError` when a log cannot be read or an event does not
    ///   decode; the events folded before the failure stay folded and counted.
    @discardableResult
    mutating func catchUp(with store: Store) throws -> UInt64 {
        let now = store.versionVector
        var added: UInt64 = 0
        for s in now.streams where now[s] > vector[s] {
            var last = vector[s]
            defer { vector[s] = last }
            try store.forEachEncodedEvent(in: s, after: last) { seq, payload in
                state.apply(try Event.decode(payload))
                last = seq
                added += 1
            }
        }
        return added
    }
}
