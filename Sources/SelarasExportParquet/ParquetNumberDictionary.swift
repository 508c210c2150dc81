/// A column chunk's dictionary of numbers (doubles, integers, dates by their bit patterns):
/// value → index in insertion order, for at most ``capacity`` / 2 entries, in an
/// open-addressing table (a multiply and a probe or two per value, no hashing of a String).
struct ParquetNumberDictionary: Sendable {
    /// Slots in the table: twice the most entries a chunk's dictionary holds, a power of two.
    static let capacity = 2 * ParquetColumnChunkBuilder.maxDictionaryEntries
    private static let shift = UInt64(64 - (capacity.trailingZeroBitCount))

    private var keys: [UInt64] = []
    /// Index + 1 per slot, 0 for an empty slot.
    private var slots: [UInt32] = []
    /// Entries.
    private(set) var count = 0

    /// The index of `key`, adding it (as index ``count``) when it is new and there is room;
    /// nil when it is new and the dictionary already holds `limit` entries.
    mutating func index(of key: UInt64, limit: Int) -> (index: UInt32, added: Bool)? {
        if slots.isEmpty {
            keys = [UInt64](repeating: 0, count: Self.capacity)
            slots = [UInt32](repeating: 0, count: Self.capacity)
        }
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> Self.shift)
        while true {
            let s = slots[i]
            if s == 0 {
                guard count < min(limit, Self.capacity / 2) else { return nil }
                keys[i] = key
                count += 1
                slots[i] = UInt32(count)
                return (UInt32(count - 1), true)
            }
            if keys[i] == key { return (s - 1, false) }
            i = (i + 1) & (Self.capacity - 1)
        }
    }

    /// Empties the dictionary (and frees its table).
    mutating func removeAll() {
        keys = []
        slots = []
        count = 0
    }
}
