import Testing
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport

@Suite("Conflict order: a wall clock never wins by itself")
struct ConflictOrderTests {
    /// Five years of milliseconds.
    static let fiveYears: Int64 = 5 * 365 * 86_400_000

    @Test("a laptop whose clock runs 5 years ahead does not win against a write that had seen more", arguments: [false, true])
    func farFutureClockLoses(futureOnA: Bool) throws {
        let l = try TwoLaptops()
        // The far-future laptop writes having seen only the create; the other laptop had seen the
        // create and a later correction (of another field) before writing the same field.
        let (fast, slow) = futureOnA ? (l.a, l.b) : (l.b, l.a)
        let c = try l.child(slow, SampleRecords.child(name: "Siti Aminah"))
        let early = try l.correct(fast, c.entity, context: [c.dot], [(3, .text("Siti Aminah Putri"))],
                                  at: SampleRecords.recordedAt + Self.fiveYears)
        let between = try l.correct(slow, c.entity, context: [c.dot], [(15, .text("Posyandu Mawar"))])
        let late = try l.correct(slow, c.entity, context: [between.dot], [(3, .text("Siti Aminnah"))],
                                 at: SampleRecords.recordedAt + 1000)
        for order in permutations([c, early, between, late]) {
            let e = try #require(fold(order).entities[c.entity])
            let conflict = try #require(e.conflicts.first { $0.tag == 3 }, "the two name writes are concurrent: a conflict")
            #expect(Set(conflict.register.candidates.map(\.dot)) == [early.dot, late.dot])
            #expect(conflict.register.winner?.dot == late.dot, "the far-future clock must not decide")
            #expect(e.value(3) == .text("Siti Aminnah"))
        }
    }

    @Test("causal depth counts each stream of the context once and saturates instead of trapping")
    func depthIsSafe() {
        let s = StreamID(origin: ReplicaID(rawValue: 7), kelurahanCode: manggar.code)
        let t = StreamID(origin: ReplicaID(rawValue: 9), kelurahanCode: manggar.code)
        #expect(Candidate.depth(of: []) == 0)
        #expect(Candidate.depth(of: [Dot(stream: s, seq: 3), Dot(stream: s, seq: 5), Dot(stream: t, seq: 2)]) == 7)
        #expect(Candidate.depth(of: [Dot(stream: s, seq: .max), Dot(stream: t, seq: .max)]) == .max)
    }
}
