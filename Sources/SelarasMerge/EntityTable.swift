import SelarasModel

/// The records of one shard: a dense array in arrival order plus an open-addressing index by
/// id (linear probing, at most three quarters full, so a probe always ends at an empty slot;
/// 550,000 records fit 2^20 slots, 8 MiB). Cheaper than a `Dictionary` for a million records:
/// no per-bucket key and value slots, a multiply-xorshift hash instead of SipHash, and
/// each index slot holds part of the hash so most probes never touch the records.
struct EntityTable: Sendable {
    /// The records, in the order they were first seen (not meaningful).
    private(set) var records: [EntityState] = []
    /// 0 for empty, else the high 32 bits of the hash and the record's index + 1.
    private var slots: [UInt64]
    private var mask: Int
    /// Records (created or not) per kind: children, growth checks, house surveys.
    private var children = 0, growthChecks = 0, houseSurveys = 0

    /// A table with room for `capacity` records before it grows.
    init(capacity: Int = 0) {
        var size = 16
        while size * 3 < capacity * 4 { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        records.reserveCapacity(capacity)
    }

    /// Number of records.
    var count: Int { records.count }

    /// Number of records (created or not) of a kind. O(1).
    func count(of kind: RecordKind) -> Int {
        switch kind {
        case .child: children
        case .growthCheck: growthChecks
        case .houseSurvey: houseSurveys
        }
    }

    /// Slots in the index (a power of two, more than 4/3 of ``count``).
    var indexSize: Int { slots.count }

    @inline(__always)
    static func hash(_ id: EntityID) -> UInt64 {
        var x = id.origin.stream.origin.rawValue ^ (id.origin.seq &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(id.origin.stream.kelurahanCode) << 48 | UInt64(id.kind.rawValue) << 40)
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// The index of the record with this id, or nil. O(1) expected.
    func index(of id: EntityID) -> Int? {
        let h = Self.hash(id)
        let tag = h >> 32
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { return nil }
            if s >> 32 == tag, records[Int(s & 0xFFFF_FFFF) - 1].id == id { return Int(s & 0xFFFF_FFFF) - 1 }
            i = (i + 1) & mask
        }
    }

    /// The record with this id, or nil.
    subscript(id: EntityID) -> EntityState? {
        index(of: id).map { records[$0] }
    }

    /// Changes the record with this id, adding an empty one first when there is none.
    /// O(1) expected (amortised when the table grows).
    mutating func update<R>(_ id: EntityID, _ body: (inout EntityState) -> R) -> R {
        let h = Self.hash(id)
        let tag = h >> 32
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if s >> 32 == tag, records[Int(s & 0xFFFF_FFFF) - 1].id == id { return body(&records[Int(s & 0xFFFF_FFFF) - 1]) }
            i = (i + 1) & mask
        }
        records.append(EntityState(id: id))
        switch id.kind {
        case .child: children += 1
        case .growthCheck: growthChecks += 1
        case .houseSurvey: houseSurveys += 1
        }
        slots[i] = tag << 32 | UInt64(records.count)
        let result = body(&records[records.count - 1])
        if records.count * 4 > slots.count * 3 { grow() }
        return result
    }

    /// Doubles the index.
    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [UInt64](repeating: 0, count: size)
        let m = size - 1
        for (n, r) in records.enumerated() {
            let h = Self.hash(r.id)
            var i = Int(truncatingIfNeeded: h) & m
            while fresh[i] != 0 { i = (i + 1) & m }
            fresh[i] = (h >> 32) << 32 | UInt64(n + 1)
        }
        slots = fresh
        mask = m
    }
}
