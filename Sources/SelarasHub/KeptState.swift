import SelarasMerge
import SelarasModel

/// The hub's consolidated state, folded from the whole store once (when the hub opens) and
/// then kept current by folding in only the events appended since, when it is next read (the
/// dashboard, an export, a dashboard action): nothing is folded twice and no request folds the
/// whole log again.
///
/// The state is a value: a dashboard render or an export takes a copy (copy-on-write, O(1)
/// until the hub changes it) and reads it outside the hub's isolation.
struct KeptState: Sendable {
    /// The records, folded from every event of ``vector``.
    private(set) var state: ConsolidatedState
    /// The events folded in, per stream (a prefix of each stream: logs only grow at the end).
    private(set) var vector: VersionVector

    /// Folds every event the storage holds (the file store folds on all cores).
    /// - Throws: the storage's error when an event cannot be read or does not decode.
    nonisolated(nonsending) init(storage: any HubStorage) async throws {
        (state, vector) = try await storage.foldState()
    }

    /// The state's version: the number of events folded in. It grows with every change, so
    /// anything derived from the state (a kept export) is current while its version is.
    var version: UInt64 { vector.totalEvents }

    /// Folds in the events the store holds beyond ``vector``.
    /// - Returns: the number of events folded in.
    /// - Throws: the storage's error when an event cannot be read or does not decode; the
    ///   events folded before the failure stay folded and counted.
    @discardableResult
    nonisolated(nonsending) mutating func catchUp(with storage: any HubStorage) async throws -> UInt64 {
        var added: UInt64 = 0
        var state = self.state, vector = self.vector
        defer {
            self.state = state
            self.vector = vector
        }
        try await storage.forEachEvent(after: vector, scope: nil) { stream, seq, event in
            state.apply(event)
            vector[stream] = seq
            added += 1
        }
        return added
    }
}
