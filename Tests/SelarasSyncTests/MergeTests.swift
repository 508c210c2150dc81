import Testing
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport

/// Folds events in the given order.
func fold(_ events: [Event]) -> ConsolidatedState {
    var s = ConsolidatedState()
    for e in events { s.apply(e) }
    return s
}

/// Every order of a few events.
func permutations<T>(_ a: [T]) -> [[T]] {
    guard a.count > 1 else { return [a] }
    return a.indices.flatMap { i -> [[T]] in
        var rest = a
        let x = rest.remove(at: i)
        return permutations(rest).map { [x] + $0 }
    }
}

/// Two laptops, A and B, whose events are folded directly (no bundles needed).
final class TwoLaptops {
    let dir: ScratchDirectory
    let a: Store, b: Store
    init() throws {
        dir = try ScratchDirectory(prefix: "selaras-merge")
        a = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 101)
        b = try makeStore(at: dir.child("b"), kelurahan: manggar, label: "B", keySeed: 202)
    }
    func child(_ on: Store, _ fields: FieldMap) throws -> Event {
        try on.record([.create(.child, fields, kelurahanCode: manggar.code, author: "Bu Rina", recordedAt: SampleRecords.recordedAt)])[0]
    }
    func correct(_ on: Store, _ id: EntityID, context: [Dot], _ fields: [(UInt8, FieldValue)], at t: Int64 = SampleRecords.recordedAt) throws -> Event {
        try on.record([.change(id, context: context, .correct(FieldMap(fields), reason: "koreksi"), author: "Bu Rina", recordedAt: t)])[0]
    }
}

@Suite("Merge")
struct MergeTests {
    @Test("concurrent writes of one field: a conflict with every candidate and the same winner in every order", arguments: [false, true])
    func sameFieldConflict(sameClock: Bool) throws {
        let l = try TwoLaptops()
        let c = try l.child(l.a, SampleRecords.child(name: "Siti Aminah"))
        let x = try l.correct(l.a, c.entity, context: [c.dot], [(3, .text("Siti Aminah Putri"))], at: SampleRecords.recordedAt + 5000)
        let y = try l.correct(l.b, c.entity, context: [c.dot], [(3, .text("Siti Aminnah"))],
                              at: SampleRecords.recordedAt + (sameClock ? 5000 : 9000))
        // Both writers had seen only the create (equal causal depth): the higher dot is shown
        // first, whatever the wall clocks say.
        let expectedWinner = max(x.dot, y.dot)
        var digests = Set<EventHash>()
        for order in permutations([c, x, y]) {
            let s = fold(order)
            let e = try #require(s.entities[c.entity])
            let conflicts = e.conflicts
            try #require(conflicts.count == 1)
            #expect(conflicts[0].tag == 3)
            #expect(Set(conflicts[0].register.candidates.map(\.value)) == [.text("Siti Aminah Putri"), .text("Siti Aminnah")])
            #expect(Set(conflicts[0].register.candidates.map(\.dot)) == [x.dot, y.dot])
            #expect(conflicts[0].register.winner?.dot == expectedWinner)
            #expect(e.value(3) == (expectedWinner == x.dot ? .text("Siti Aminah Putri") : .text("Siti Aminnah")))
            // Untouched fields are clean.
            #expect(e.value(8) == .text("Nurul Hidayah"))
            digests.insert(s.digest)
        }
        #expect(digests.count == 1)
    }

    @Test("concurrent writes of different fields merge cleanly")
    func differentFields() throws {
        let l = try TwoLaptops()
        let c = try l.child(l.a, SampleRecords.child())
        let x = try l.correct(l.a, c.entity, context: [c.dot], [(3, .text("Siti Aminah Putri"))])
        let y = try l.correct(l.b, c.entity, context: [c.dot], [(15, .text("Posyandu Mawar")), (1, .text("6471010101010001"))])
        var digests = Set<EventHash>()
        for order in permutations([c, x, y]) {
            let e = try #require(fold(order).entities[c.entity])
            #expect(e.conflicts.isEmpty)
            #expect(e.value(3) == .text("Siti Aminah Putri"))
            #expect(e.value(15) == .text("Posyandu Mawar"))
            #expect(e.value(1) == .text("6471010101010001"))
            #expect(e.eventCount == 3)
            #expect(e.contextDots == [c.dot, x.dot, y.dot].reduce(into: [StreamID: Dot]()) { $0[$1.stream] = max($0[$1.stream] ?? $1, $1) }.values.sorted())
            digests.insert(fold(order).digest)
        }
        #expect(digests.count == 1)
    }

    @Test("a correction whose context covers every candidate resolves the conflict; one that covers only some does not")
    func resolution() throws {
        let l = try TwoLaptops()
        let c = try l.child(l.a, SampleRecords.child())
        let x = try l.correct(l.a, c.entity, context: [c.dot], [(3, .text("Putri"))])
        let y = try l.correct(l.b, c.entity, context: [c.dot], [(3, .text("Aminah"))])
        // B, having seen only its own write, writes again: still concurrent with A's.
        let partial = try l.correct(l.b, c.entity, context: fold([c, y]).entities[c.entity]!.contextDots, [(3, .text("Aminah 2"))])
        for order in permutations([c, x, y, partial]) {
            let e = fold(order).entities[c.entity]!
            #expect(e.conflicts.count == 1)
            #expect(Set(e.conflicts.first?.register.candidates.map(\.dot) ?? []) == [x.dot, partial.dot])
        }
        // A person on A sees everything and decides.
        let seen = fold([c, x, y, partial]).entities[c.entity]!.contextDots
        let resolve = try l.correct(l.a, c.entity, context: seen, [(3, .text("Siti Aminah"))])
        var digests = Set<EventHash>()
        for order in permutations([c, x, y, partial, resolve]) {
            let s = fold(order)
            let e = s.entities[c.entity]!
            #expect(e.conflicts.isEmpty)
            #expect(e.value(3) == .text("Siti Aminah"))
            #expect(e.registers[3]?.candidates.map(\.dot) == [resolve.dot])
            #expect(e.eventCount == 5) // every event is folded in (the log keeps the audit trail)
            digests.insert(s.digest)
        }
        #expect(digests.count == 1)
    }

    @Test("duplicate children are found by NIK and by name, birth date and mother")
    func duplicates() throws {
        let l = try TwoLaptops()
        let born = LocalDate(year: 2023, month: 6, day: 1)!
        let n1 = try l.child(l.a, SampleRecords.child(name: "Budi Santoso", sex: "L", born: born, nik: "6471010101010001"))
        let n2 = try l.child(l.b, SampleRecords.child(name: "Budi S.", sex: "L", born: LocalDate(year: 2023, month: 7, day: 2)!, nik: "6471010101010001"))
        let m1 = try l.child(l.a, SampleRecords.child(name: "Siti Aminah", born: born))
        let m2 = try l.child(l.b, SampleRecords.child(name: "  siti  AMINAH ", born: born))
        let other = try l.child(l.b, SampleRecords.child(name: "Siti Aminah", born: LocalDate(year: 2024, month: 1, day: 1)!))
        var lists: [[DuplicateCandidate]] = []
        for order in permutations([n1, n2, m1, m2, other]).prefix(30) {
            let d = fold(order).duplicateCandidates()
            lists.append(d)
            #expect(d.count == 2)
            let byNIK = d.first { Set([$0.first, $0.second]) == [n1.entity, n2.entity] }
            #expect(byNIK?.evidence == ["same NIK"])
            let byName = d.first { Set([$0.first, $0.second]) == [m1.entity, m2.entity] }
            #expect(byName?.evidence.contains("same name, birth date and mother") == true)
            #expect(byName?.decision == nil)
            #expect(d.allSatisfy { $0.first < $0.second })
            #expect(!d.contains { $0.first == other.entity || $0.second == other.entity })
        }
        #expect(lists.allSatisfy { $0 == lists[0] })
    }

    @Test("same-as makes the smaller id canonical; a later not-same undoes it; concurrent decisions decide nothing")
    func sameAs() throws {
        let l = try TwoLaptops()
        let c1 = try l.child(l.a, SampleRecords.child(name: "Siti Aminah"))
        let c2 = try l.child(l.b, SampleRecords.child(name: "Siti Aminah"))
        let (lo, hi) = c1.entity < c2.entity ? (c1.entity, c2.entity) : (c2.entity, c1.entity)
        let base = fold([c1, c2])
        let same = try l.a.record([.change(lo, context: base.entities[lo]!.contextDots, .link(hi, same: true, reason: "KIA sama"),
                                           author: "Bu Rina", recordedAt: SampleRecords.recordedAt)])[0]
        #expect(same.entity == lo)
        for order in permutations([c1, c2, same]) {
            let s = fold(order)
            #expect(s.canonicalChild(hi) == lo)
            #expect(s.canonicalChild(lo) == lo)
            #expect(s.decision(lo, hi) == true)
            #expect(s.duplicateCandidates().first?.decision == true)
        }
        // Later, on B, having seen the decision: not the same child.
        let seen = fold([c1, c2, same]).entities[lo]!.contextDots
        let notSame = try l.b.record([.change(lo, context: seen, .link(hi, same: false, reason: "beda ibu"),
                                              author: "Bu Sari", recordedAt: SampleRecords.recordedAt - 1000)])[0]
        var digests = Set<EventHash>()
        for order in permutations([c1, c2, same, notSame]) {
            let s = fold(order)
            #expect(s.canonicalChild(hi) == hi)
            #expect(s.decision(lo, hi) == false)
            #expect(s.canonicalChildren().isEmpty)
            digests.insert(s.digest)
        }
        #expect(digests.count == 1)
        // Concurrent contradicting decisions: a conflict, and no merge until a person decides.
        let concurrent = try l.b.record([.change(lo, context: base.entities[lo]!.contextDots, .link(hi, same: false, reason: "ragu"),
                                                 author: "Bu Sari", recordedAt: SampleRecords.recordedAt)])[0]
        for order in permutations([c1, c2, same, concurrent]) {
            let s = fold(order)
            #expect(s.decision(lo, hi) == nil)
            #expect(s.canonicalChild(hi) == hi)
            #expect(s.entities[lo]?.links[hi]?.isConflicted == true)
        }
    }
}
