/// The fields of a record or of a correction: tag → value, kept sorted by tag so that the
/// encoding is canonical.
public struct FieldMap: Sendable, Hashable, Sequence {
    /// One field: its tag and value.
    public struct Entry: Sendable, Hashable {
        /// The field's tag.
        public let tag: UInt8
        /// Its value.
        public var value: FieldValue
    }

    /// Entries in ascending tag order, no duplicates.
    public private(set) var entries: [Entry]

    /// An empty map.
    public init() { entries = [] }

    /// A map from pairs in any order; a later pair for the same tag replaces an earlier one.
    public init(_ pairs: [(UInt8, FieldValue)]) {
        entries = []
        for (t, v) in pairs { self[t] = v }
    }

    /// The value of a tag, or nil. Setting nil removes it. O(log n) lookup.
    public subscript(tag: UInt8) -> FieldValue? {
        get {
            var lo = 0, hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if entries[mid].tag == tag { return entries[mid].value }
                if entries[mid].tag < tag { lo = mid + 1 } else { hi = mid }
            }
            return nil
        }
        set {
            let i = entries.firstIndex(where: { $0.tag >= tag }) ?? entries.count
            if i < entries.count, entries[i].tag == tag {
                if let v = newValue { entries[i].value = v } else { entries.remove(at: i) }
            } else if let v = newValue {
                entries.insert(Entry(tag: tag, value: v), at: i)
            }
        }
    }

    /// Number of fields set.
    public var count: Int { entries.count }
    /// Whether no field is set.
    public var isEmpty: Bool { entries.isEmpty }

    /// Iterates (tag, value) in ascending tag order.
    public struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Entry]>
        /// The next field.
        public mutating func next() -> (tag: UInt8, value: FieldValue)? { base.next().map { ($0.tag, $0.value) } }
    }

    /// Iterates in ascending tag order.
    public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    /// Reserves room for `n` entries.
    mutating func reserve(_ n: Int) { entries.reserveCapacity(n) }

    /// Appends a pair known to have a larger tag than every present one (used by the decoder).
    mutating func appendInOrder(_ tag: UInt8, _ value: FieldValue) { entries.append(Entry(tag: tag, value: value)) }
}
