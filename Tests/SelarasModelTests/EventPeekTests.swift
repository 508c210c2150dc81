import SelarasModel
import SelarasTestSupport
import Testing

@Suite("Event.peekEntityDot reads the header that encode writes")
struct EventPeekTests {
    @Test("every random event: the peeked dot is the entity's creating dot")
    func randomEvents() {
        var rng = SeededRandom(seed: 11)
        for _ in 0..<2_000 {
            let e = RandomEvents.event(&rng)
            let peeked = e.encoded.withUnsafeBytes { Event.peekEntityDot($0) }
            #expect(peeked == e.entity.origin, "\(e.operation)")
        }
    }

    @Test("a header cut short or of another version gives nil, never a wrong dot")
    func shortOrForeign() {
        var rng = SeededRandom(seed: 12)
        let e = RandomEvents.event(&rng)
        let bytes = e.encoded
        // Header: version 1, origin 8, kelurahan 2, seq ≥ 1, hash 32, op 1 (+ kind 1 and a dot).
        let headerEnd = e.entity.origin == e.dot ? 45 : 57
        for cut in 0..<min(headerEnd, bytes.count) {
            let peeked = Array(bytes[..<cut]).withUnsafeBytes { Event.peekEntityDot($0) }
            #expect(peeked == nil, "cut at \(cut)")
        }
        var foreign = bytes
        foreign[0] = Event.formatVersion &+ 1
        #expect(foreign.withUnsafeBytes { Event.peekEntityDot($0) } == nil)
    }
}
