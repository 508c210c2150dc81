import Testing
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport

/// A row keeping a record's number and, to check against, its id.
private struct IDRow: RecordRow {
    let record: UInt32
    let id: EntityID
}

@Suite("ConsolidatedState.rows(of:): records of a kind in id order, whatever the shards")
struct RecordRowsTests {
    /// Checks the rows of every kind against the sorted ids, keeping records with odd seq only.
    private func check(_ state: ConsolidatedState, sourceLocation: SourceLocation = #_sourceLocation) {
        for kind in RecordKind.allCases {
            let rows = state.rows(of: kind, placeholder: IDRow(record: 0, id: EntityID(kind: kind, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: 0), kelurahanCode: 0), seq: 0)))) { e, number in
                e.id.origin.seq % 2 == 1 ? IDRow(record: number, id: e.id) : nil
            }
            let expected = state.records(of: kind).map(\.id).filter { $0.origin.seq % 2 == 1 }
            #expect(rows.map(\.id) == expected, "\(kind)", sourceLocation: sourceLocation)
            for r in rows {
                #expect(state.id(ofRecord: r.record) == r.id, sourceLocation: sourceLocation)
                #expect(state.record(number: r.record).id == r.id, sourceLocation: sourceLocation)
            }
        }
    }

    @Test("a store folded into 1, 2 or 5 shards: the same rows, in id order", arguments: [1, 2, 5])
    func storeShards(shards: Int) throws {
        let dir = try ScratchDirectory(prefix: "selaras-rows")
        let store = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 95)
        _ = try store.record(SampleRecords.mixedDrafts(900), durability: .batch)
        let folded = try ConsolidatedState(store: store, shards: shards)
        #expect(folded.records(of: .growthCheck).count > 100)
        check(folded)
    }

    @Test("events folded in shuffled order (records met out of id order): rows still in id order")
    func shuffledFold() throws {
        let dir = try ScratchDirectory(prefix: "selaras-rows")
        let store = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 96)
        var events = try store.record(SampleRecords.mixedDrafts(600), durability: .batch)
        var rng = SeededRandom(seed: 96)
        events.shuffle(using: &rng)
        let state = fold(events)
        // The shuffle must have put some record of each kind before a smaller id.
        var firstSeen: [EntityID] = []
        state.forEachEntity { firstSeen.append($0.id) }
        #expect(firstSeen != firstSeen.sorted())
        check(state)
    }
}
