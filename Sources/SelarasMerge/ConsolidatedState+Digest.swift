import SelarasModel

extension ConsolidatedState {
    /// A SHA-256 over the canonical form of the whole state: every entity in id order with its
    /// registers (all candidates), voids and link decisions. Equal on every replica that holds
    /// the same events, whatever order they arrived in. O(state size).
    public var digest: EventHash {
        var w = BinaryWriter(capacity: 1 << 16)
        func candidates(_ r: FieldRegister) {
            w.varint(UInt64(r.candidates.count))
            for c in r.candidates {
                Event.encodeDotPublic(c.dot, into: &w)
                w.string(c.value.canonicalText)
            }
        }
        var all: [EntityState] = []
        all.reserveCapacity(entityCount)
        forEachEntity { all.append($0) }
        for e in all.sorted(by: { $0.id < $1.id }) {
            let id = e.id
            w.u8(id.kind.rawValue)
            Event.encodeDotPublic(id.origin, into: &w)
            w.u8(e.isCreated ? 1 : 0)
            w.varint(UInt64(e.eventCount))
            for t in e.registers.keys.sorted() { w.u8(t); candidates(e.registers[t]!) }
            w.varint(UInt64(e.voids.count))
            for v in e.voids { Event.encodeDotPublic(v.dot, into: &w) }
            for other in e.links.keys.sorted() { Event.encodeDotPublic(other.origin, into: &w); candidates(e.links[other]!) }
        }
        return EventHash.of(w.bytes)
    }
}

extension FieldValue {
    /// A canonical text form with the case tag, for digests.
    var canonicalText: String {
        switch self {
        case .text(let s): "t:" + s
        case .number(let n): "n:\(n)"
        case .date(let d): "d:\(d.daysSinceEpoch)"
        case .bool(let b): b ? "b:1" : "b:0"
        case .reference(let r): "r:\(r)"
        }
    }
}
