/// Where a record sits in a ``ConsolidatedState``: its shard and its index in that shard.
///
/// Eight bytes instead of a record's id and state, for callers that keep a reference to a
/// million records (the export's growth-check rows). Valid only for the state it came from,
/// and only while that state is not changed.
public struct EntityPosition: Sendable, Hashable {
    /// The shard.
    public let shard: UInt32
    /// The index in the shard's records.
    public let index: UInt32

    /// A position (see ``ConsolidatedState/forEachEntity(inShard:_:)`` for real ones).
    public init(shard: UInt32, index: UInt32) {
        self.shard = shard
        self.index = index
    }
}
