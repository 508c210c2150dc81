import Testing
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport

@Suite("Compact consolidated state (creates packed in arenas)")
struct CompactStateTests {
    @Test("a store folded with more creates than one arena chunk holds: every record reads back exactly what its create said", arguments: [1, 3])
    func foldAcrossChunks(shards: Int) throws {
        let dir = try ScratchDirectory(prefix: "selaras-compact")
        let store = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 91)
        var events: [Event] = []
        // About 90 bytes a create: 9,000 creates fill several 256 KiB chunks even in 3 shards.
        for start in stride(from: 0, to: 9_000, by: 3_000) {
            events += try store.record(SampleRecords.mixedDrafts(3_000, start: start), durability: .batch)
        }
        let some = events.filter { $0.entity.kind == .child }.prefix(5)
        for e in some { events += try store.record([SampleRecords.correctionDraft(of: e.entity, context: [e.dot])], durability: .batch) }
        let folded = try ConsolidatedState(store: store, shards: shards)
        #expect(folded.entityCount == 9_000 && folded.eventCount == 9_005)
        #expect(folded.digest == fold(events).digest)
        for e in events {
            guard case .create(_, let fields) = e.operation else { continue }
            let s = try #require(folded[e.entity])
            #expect(s.isCreated && s.eventCount == (some.contains { $0.entity == e.entity } ? 2 : 1))
            var expected = fields
            if some.contains(where: { $0.entity == e.entity }) { expected[3] = .text("Siti Aminah Putri") }
            #expect(s.fields == expected, "\(e.entity)")
            for tag in UInt8(0)...30 { #expect(s.value(tag) == expected[tag], "\(e.entity) tag \(tag)") }
        }
    }

    @Test("record numbers run 0 ..< entityCount over the shards and lead back to the same record", arguments: [1, 3])
    func recordNumbers(shards: Int) throws {
        let dir = try ScratchDirectory(prefix: "selaras-compact")
        let store = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 93)
        _ = try store.record(SampleRecords.mixedDrafts(500, start: 0), durability: .batch)
        let folded = try ConsolidatedState(store: store, shards: shards)
        var seen = Set<UInt32>()
        for shard in 0..<folded.shardCount {
            folded.forEachEntity(inShard: shard) { e, position in
                let n = folded.recordNumber(of: position)
                seen.insert(n)
                #expect(folded.position(ofRecord: n) == position)
                #expect(folded.id(at: folded.position(ofRecord: n)) == e.id)
            }
        }
        #expect(seen == Set(0..<UInt32(folded.entityCount)))
    }

    @Test("records copied out of a folded state read correctly after the state and its store are gone")
    func copiesOutliveTheState() throws {
        let dir = try ScratchDirectory(prefix: "selaras-compact")
        var created: [EntityID: FieldMap] = [:]
        var copies: [EntityState] = []
        do {
            let store = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 92)
            for e in try store.record(SampleRecords.mixedDrafts(6_000), durability: .batch) {
                if case .create(_, let f) = e.operation { created[e.entity] = f }
            }
            let state = try ConsolidatedState(store: store, shards: 2)
            copies = state.records(of: .child) + state.records(of: .houseSurvey)
            store.close()
        }
        #expect(copies.count == 4_000)
        for s in copies {
            #expect(s.fields == created[s.id], "\(s.id)")
            #expect(s.value(3) == created[s.id]?[3])
        }
    }

    @Test("the stored layout has no padding to spare: a dot 18 bytes, an id 19, a record 40")
    func layout() {
        #expect(MemoryLayout<Dot>.size == 18 && MemoryLayout<EntityID>.size == 19)
        #expect(MemoryLayout<EntityState>.size == 40 && MemoryLayout<EntityState>.stride == 40)
        #expect(MemoryLayout<EncodedCreate>.size == 12)
    }

    @Test("ids order by kind, then stream (origin, kelurahan), then seq, whatever the stored order")
    func idOrder() {
        func id(_ k: RecordKind, _ o: UInt64, _ kel: UInt16, _ seq: UInt64) -> EntityID {
            EntityID(kind: k, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: o), kelurahanCode: kel), seq: seq))
        }
        let sorted = [id(.child, 1, 1, 9), id(.child, 1, 2, 1), id(.child, 2, 1, 1), id(.growthCheck, 0, 0, 1), id(.houseSurvey, 0, 0, 0)]
        for (i, a) in sorted.enumerated() {
            for (j, b) in sorted.enumerated() { #expect((a < b) == (i < j) && (a == b) == (i == j), "\(a) \(b)") }
        }
        #expect(sorted.shuffled().sorted() == sorted)
    }
}
