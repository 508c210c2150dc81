/// The fields of a record or of a correction: tag → value, kept sorted by tag so that the
/// encoding is canonical.
public struct FieldMap: Sendable, Hashable, Sequence {
    /// Tag/value pairs in ascending tag order, no duplicates.
    public private(set) var entries: [(tag: UInt8, value: FieldValue)]

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
                entries.insert((tag, v), at: i)
            }
        }
    }

    /// Number of fields set.
    public var count: Int { entries.count }
    /// Whether no field is set.
    public var isEmpty: Bool { entries.isEmpty }

    /// Iterates in ascending tag order.
    public func makeIterator() -> IndexingIterator<[(tag: UInt8, value: FieldValue)]> { entries.makeIterator() }

    /// Appends a pair known to have a larger tag than every present one (used by the decoder).
    mutating func appendInOrder(_ tag: UInt8, _ value: FieldValue) { entries.append((tag, value)) }

    public static func == (a: FieldMap, b: FieldMap) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.tag == $1.tag && $0.value == $1.value }
    }

    public func hash(into h: inout Hasher) {
        for e in entries { h.combine(e.tag); h.combine(e.value) }
    }
}
