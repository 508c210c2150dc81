import SelarasModel

/// Shard-by-shard access, so a reader can visit the records on all cores (one shard per
/// task) and keep ``EntityPosition``s instead of copies.
extension ConsolidatedState {
    /// Number of shards (it depends on the store's size and the machine's cores, so nothing
    /// that must be the same on every replica may depend on it or on the order inside a shard).
    public var shardCount: Int { shards.count }

    /// Number of records (including uncreated placeholders) in shard `shard`.
    /// - Precondition: `shard < shardCount`.
    public func entityCount(inShard shard: Int) -> Int { shards[shard].count }

    /// Calls `body` with every record of one shard and its position, in no particular order.
    /// - Precondition: `shard < shardCount`.
    /// - Complexity: O(records in the shard).
    public func forEachEntity(inShard shard: Int, _ body: (EntityState, EntityPosition) throws -> Void) rethrows {
        for (i, e) in shards[shard].records.enumerated() {
            try body(e, EntityPosition(shard: UInt32(shard), index: UInt32(i)))
        }
    }

    /// The record at a position of this state. O(1).
    /// - Precondition: the position came from this state, unchanged since.
    public subscript(position: EntityPosition) -> EntityState {
        shards[Int(position.shard)].records[Int(position.index)]
    }

    /// The id of the record at a position (without copying the record). O(1).
    /// - Precondition: the position came from this state, unchanged since.
    public func id(at position: EntityPosition) -> EntityID {
        shards[Int(position.shard)].records[Int(position.index)].id
    }

    /// A record's number: its index in its shard plus the records of the shards before it
    /// (0 ..< ``entityCount``), for callers that keep a million references in 4 bytes each.
    /// O(shards).
    /// - Precondition: the position came from this state, unchanged since.
    public func recordNumber(of position: EntityPosition) -> UInt32 {
        var n = position.index
        for s in 0..<Int(position.shard) { n += UInt32(shards[s].count) }
        return n
    }

    /// The position of the record with this number (see ``recordNumber(of:)``). O(shards).
    /// - Precondition: `number < entityCount`.
    public func position(ofRecord number: UInt32) -> EntityPosition {
        var rest = number
        var s = 0
        while rest >= UInt32(shards[s].count) {
            rest -= UInt32(shards[s].count)
            s += 1
        }
        return EntityPosition(shard: UInt32(s), index: rest)
    }
}
