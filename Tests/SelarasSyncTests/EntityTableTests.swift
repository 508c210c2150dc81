import Testing
@testable import SelarasMerge
import SelarasModel

@Suite("Entity table index")
struct EntityTableTests {
    static func id(_ n: Int) -> EntityID {
        EntityID(kind: n % 2 == 0 ? .child : .growthCheck,
                 origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: UInt64(n % 7) &* 0x9E37_79B9), kelurahanCode: UInt16(n % 5)), seq: UInt64(n / 35 + 1)))
    }

    @Test("sized from the expected count: the fold's 550,001 records per shard get 2^20 slots")
    func sizing() {
        #expect(EntityTable(capacity: 0).indexSize == 16)
        #expect(EntityTable(capacity: 12).indexSize == 16)
        #expect(EntityTable(capacity: 13).indexSize == 32)
        #expect(EntityTable(capacity: 550_001).indexSize == 1 << 20)
        #expect(EntityTable(capacity: 786_432).indexSize == 1 << 20)
        #expect(EntityTable(capacity: 786_433).indexSize == 1 << 21)
    }

    @Test("filled exactly to three quarters, every record is found and every absent id ends its probe; one more doubles the index", arguments: [0, 12, 3_072])
    func fullToTheLimit(capacity: Int) {
        var t = EntityTable(capacity: capacity)
        let size = t.indexSize
        let limit = size * 3 / 4
        for n in 0..<limit {
            let added = t.update(Self.id(n)) { s -> Bool in
                let fresh = !s.isCreated && s.eventCount == 0
                s.applyCreate(EncodedCreate(author: "n\(n)", recordedAt: Int64(n), kind: Self.id(n).kind, fields: FieldMap()))
                return fresh
            }
            #expect(added, "record \(n)")
        }
        #expect(t.count == limit && t.indexSize == size)
        for n in 0..<limit {
            #expect(t.index(of: Self.id(n)).map { t.records[$0].id } == Self.id(n), "record \(n)")
            #expect(t[Self.id(n)]?.value(0) == nil && t[Self.id(n)]?.eventCount == 1)
        }
        for n in limit..<limit + 2 * size { #expect(t.index(of: Self.id(n)) == nil, "absent \(n)") }
        // Updating an existing record adds nothing.
        t.update(Self.id(0)) { _ in }
        #expect(t.count == limit && t.indexSize == size)
        t.update(Self.id(limit)) { _ in }
        #expect(t.count == limit + 1 && t.indexSize == size * 2)
        for n in 0...limit { #expect(t.index(of: Self.id(n)) != nil, "record \(n) after growing") }
    }
}
