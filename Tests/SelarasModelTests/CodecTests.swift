import Testing
import SelarasModel
import SelarasTestSupport

/// Events for codec tests.
enum Sample {
    static let origin = ReplicaID(rawValue: 0x9f86_d081_884c_7d65)
    static let stream = StreamID(origin: origin, kelurahanCode: 26)
    static let other = StreamID(origin: ReplicaID(rawValue: 0x0123_4567_89ab_cdef), kelurahanCode: 3)
    static let prev = EventHash.of(Array("previous".utf8))
    static let childID = EntityID(kind: .child, origin: Dot(stream: stream, seq: 1))

    static func create(_ kind: RecordKind, _ fields: FieldMap, seq: UInt64 = 1, context: [Dot] = []) -> Event {
        let dot = Dot(stream: stream, seq: seq)
        return Event(dot: dot, previousHash: seq == 1 ? .zero : prev, entity: EntityID(kind: kind, origin: dot),
                     context: context, operation: .create(kind, fields), author: "Bu Rina", recordedAt: SampleRecords.recordedAt)
    }

    static var correct: Event {
        Event(dot: Dot(stream: stream, seq: 4), previousHash: prev, entity: childID,
              context: [Dot(stream: other, seq: 2), Dot(stream: stream, seq: 1)],
              operation: .correct(FieldMap([(3, .text("Siti Aminah Putri")), (16, .text("+6281234567890"))]), reason: "ejaan — spelling"),
              author: "Pak Andi", recordedAt: -5)
    }

    static var void: Event {
        Event(dot: Dot(stream: stream, seq: 300), previousHash: prev,
              entity: EntityID(kind: .houseSurvey, origin: Dot(stream: other, seq: 1_000_000)),
              context: [Dot(stream: other, seq: 1_000_000)], operation: .void(reason: ""), author: "", recordedAt: 0)
    }

    static var link: Event {
        Event(dot: Dot(stream: stream, seq: 301), previousHash: prev, entity: childID,
              context: [Dot(stream: stream, seq: 4)],
              operation: .link(EntityID(kind: .child, origin: Dot(stream: stream, seq: 200)), same: true, reason: "sama anak"),
              author: "Bu Rina", recordedAt: 7)
    }

    static var all: [Event] {
        [
            create(.child, SampleRecords.child(nik: "6471010101230001")),
            create(.growthCheck, SampleRecords.growthCheck(child: childID), seq: 2, context: [Dot(stream: stream, seq: 1)]),
            create(.houseSurvey, SampleRecords.houseSurvey(), seq: 3),
            correct,
            void,
            link,
            create(.child, FieldMap([(3, .text("ñ 名前 🚀")), (4, .text("L")), (5, .date(LocalDate(year: 1900, month: 1, day: 1)!))]), seq: 129),
        ]
    }
}

@Suite("Event codec")
struct CodecTests {
    @Test("decode(encode(e)) == e and encode(decode(b)) == b", arguments: Sample.all)
    func roundTrip(event: Event) throws {
        let bytes = event.encoded
        let decoded = try Event.decode(bytes)
        #expect(decoded == event)
        #expect(decoded.encoded == bytes)
        #expect(decoded.hash == event.hash)
        #expect(event.hash == EventHash.of(bytes))
    }

    @Test("every operation and value type is covered by the samples")
    func coverage() {
        var ops = Set<String>()
        var types = Set<String>()
        for e in Sample.all {
            ops.insert(e.operation.name)
            let fields: FieldMap? = switch e.operation {
            case .create(_, let f): f
            case .correct(let f, _): f
            case .void, .link: nil
            }
            for (_, v) in fields ?? FieldMap() {
                switch v {
                case .text: types.insert("text")
                case .number(let n): types.insert(n < 0 ? "negative" : "number")
                case .date: types.insert("date")
                case .bool: types.insert("bool")
                case .reference: types.insert("reference")
                }
            }
        }
        #expect(ops == ["create", "correct", "void", "same-as"])
        #expect(types == ["text", "number", "negative", "date", "bool", "reference"])
    }

    @Test("the bytes of a known event are stable (format version 1)")
    func goldenPrefix() throws {
        let e = Sample.create(.child, FieldMap([(3, .text("A")), (4, .text("L")), (5, .date(LocalDate(daysSinceEpoch: 1)))]))
        let b = e.encoded
        #expect(b[0] == 1)
        #expect(Array(b[1..<9]) == [0x65, 0x7d, 0x4c, 0x88, 0x81, 0xd0, 0x86, 0x9f])
        #expect(Array(b[9..<11]) == [26, 0])
        #expect(b[11] == 1) // seq
        #expect(b[12..<44].allSatisfy { $0 == 0 }) // previous hash of seq 1
        #expect(b[44] == 1) // create
        #expect(b[45] == 0) // empty context
        #expect(Array(b[46..<54]) == [7] + Array("Bu Rina".utf8))
        let tail: [UInt8] = [1, 3, 3, 1, 1, 65, 4, 1, 1, 76, 5, 3, 2]
        #expect(Array(b.suffix(tail.count)) == tail)
    }

    @Test("the context is sorted and de-duplicated on creation")
    func contextCanonical() {
        let a = Dot(stream: Sample.stream, seq: 2), b = Dot(stream: Sample.other, seq: 9)
        let e = Event(dot: Dot(stream: Sample.stream, seq: 5), previousHash: Sample.prev, entity: Sample.childID,
                      context: [a, b, a], operation: .void(reason: "x"), author: "a", recordedAt: 1)
        #expect(e.context == [b, a].sorted())
        #expect(e.context.count == 2)
    }

    @Test("a seeded random round trip over many generated events")
    func randomRoundTrips() throws {
        var rng = SeededRandom(seed: 0x5E1A_4A5)
        for i in 0..<2_000 {
            let e = RandomEvents.event(&rng)
            let b = e.encoded
            let d: Event
            do { d = try Event.decode(b) } catch {
                Issue.record("event \(i) \(e) did not decode: \(error)")
                continue
            }
            #expect(d == e, "event \(i)")
            #expect(d.encoded == b, "event \(i)")
            // No proper prefix of an event is an event.
            let cut = Int.random(in: 0..<b.count, using: &rng)
            #expect(throws: ModelError.self, "prefix \(cut) of event \(i)") { try Event.decode(Array(b[..<cut])) }
        }
    }
}

@Suite("Canonical decoding refuses")
struct NonCanonicalTests {
    func refused(_ bytes: [UInt8], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let e = try Event.decode(bytes)
            Issue.record("accepted \(what): \(e)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .malformedEncoding, sourceLocation: sourceLocation)
        }
    }

    /// Writes a create event by hand, so that tests can break exactly one rule.
    func handMade(seq: [UInt8] = [1], context: [Dot] = [], kind: UInt8 = 1,
                  fields: (inout BinaryWriter) -> Void, count: UInt8, trailing: [UInt8] = []) -> [UInt8] {
        var w = BinaryWriter()
        w.u8(1)
        w.u64(Sample.origin.rawValue)
        w.u16(26)
        w.raw(seq)
        w.raw([UInt8](repeating: 0, count: 32))
        w.u8(1)
        w.varint(UInt64(context.count))
        for d in context { w.u64(d.stream.origin.rawValue); w.u16(d.stream.kelurahanCode); w.varint(d.seq) }
        w.string("Bu Rina")
        w.zigzag(7)
        w.u8(kind)
        w.u8(count)
        fields(&w)
        w.raw(trailing)
        return w.bytes
    }

    func name(_ w: inout BinaryWriter, _ s: String = "Ani") { w.u8(3); w.u8(1); w.string(s) }
    func sex(_ w: inout BinaryWriter) { w.u8(4); w.u8(1); w.string("P") }

    @Test("the hand-made baseline is accepted and canonical")
    func baseline() throws {
        let b = handMade(fields: { name(&$0); sex(&$0) }, count: 2)
        #expect(try Event.decode(b).encoded == b)
    }

    @Test("an overlong varint (seq 1 as 0x81 0x00)")
    func overlongVarint() {
        refused(handMade(seq: [0x81, 0x00], fields: { name(&$0) }, count: 1), "overlong seq")
        refused(handMade(fields: { name(&$0) }, count: 1).replacingFirst([7] + Array("Bu Rina".utf8), with: [0x87, 0x00] + Array("Bu Rina".utf8)),
                "overlong string length")
    }

    @Test("a varint longer than 64 bits")
    func varintOverflow() {
        refused(handMade(seq: [UInt8](repeating: 0xff, count: 9) + [0x02], fields: { name(&$0) }, count: 1), "65-bit seq")
        refused(handMade(seq: [UInt8](repeating: 0xff, count: 10) + [0x01], fields: { name(&$0) }, count: 1), "11-byte seq")
    }

    @Test("sequence number 0")
    func seqZero() { refused(handMade(seq: [0], fields: { name(&$0) }, count: 1), "seq 0") }

    @Test("unsorted or repeated field tags")
    func unsortedFields() {
        refused(handMade(fields: { sex(&$0); name(&$0) }, count: 2), "fields 4, 3")
        refused(handMade(fields: { name(&$0); name(&$0, "Budi") }, count: 2), "field 3 twice")
    }

    @Test("unsorted or repeated context dots")
    func unsortedContext() {
        let a = Dot(stream: Sample.stream, seq: 1), b = Dot(stream: Sample.stream, seq: 2)
        #expect(throws: Never.self) { try Event.decode(handMade(context: [a, b], fields: { name(&$0) }, count: 1)) }
        refused(handMade(context: [b, a], fields: { name(&$0) }, count: 1), "context b, a")
        refused(handMade(context: [a, a], fields: { name(&$0) }, count: 1), "context a, a")
    }

    @Test("trailing bytes", arguments: [[UInt8(0)], [1, 2, 3]])
    func trailing(extra: [UInt8]) {
        refused(handMade(fields: { name(&$0) }, count: 1, trailing: extra), "trailing \(extra)")
        refused(Sample.correct.encoded + extra, "trailing after a correction")
    }

    @Test("an unknown field tag for the kind")
    func unknownTag() {
        refused(handMade(fields: { $0.u8(99); $0.u8(1); $0.string("x") }, count: 1), "tag 99")
        refused(handMade(fields: { $0.u8(17); $0.u8(1); $0.string("x") }, count: 1), "tag 17 of a child")
    }

    @Test("a value of the wrong type for its field")
    func wrongType() {
        refused(handMade(fields: { $0.u8(3); $0.u8(2); $0.zigzag(5) }, count: 1), "name as a number")
        refused(handMade(fields: { $0.u8(5); $0.u8(1); $0.string("2024-01-01") }, count: 1), "born as text")
        refused(handMade(fields: { $0.u8(3); $0.u8(9); $0.u8(0) }, count: 1), "unknown value type 9")
    }

    @Test("an out-of-range or invalid value")
    func outOfRange() {
        // A growth check weighing 0 kg.
        let child = Sample.childID
        refused(handMade(kind: 2, fields: {
            $0.u8(1); $0.u8(5); $0.u8(1); $0.u64(child.origin.stream.origin.rawValue); $0.u16(26); $0.varint(1)
            $0.u8(3); $0.u8(2); $0.zigzag(0)
        }, count: 2), "weight 0")
        refused(handMade(fields: { $0.u8(4); $0.u8(1); $0.string("X") }, count: 1), "sex X")
        refused(handMade(fields: { $0.u8(12); $0.u8(2); $0.zigzag(1000) }, count: 1), "RT 1000")
        // A growth check whose child reference names a growth check.
        refused(handMade(kind: 2, fields: {
            $0.u8(1); $0.u8(5); $0.u8(2); $0.u64(1); $0.u16(26); $0.varint(1)
        }, count: 1), "reference to a check")
        refused(handMade(kind: 2, fields: { $0.u8(8); $0.u8(4); $0.u8(2) }, count: 1), "boolean 2")
        refused(handMade(fields: { $0.u8(5); $0.u8(3); $0.zigzag(Int64(Int32.max) + 1) }, count: 1), "date beyond Int32")
    }

    @Test("unknown version, operation, kind, invalid UTF-8, truncation")
    func otherDamage() {
        var b = handMade(fields: { name(&$0) }, count: 1)
        b[0] = 2
        refused(b, "version 2")
        b[0] = 1
        b[44] = 4
        refused(b, "operation 4")
        refused(handMade(kind: 4, fields: { name(&$0) }, count: 1), "kind 4")
        refused(handMade(fields: { $0.u8(3); $0.u8(1); $0.varint(2); $0.raw([0xc3, 0x28]) }, count: 1), "invalid UTF-8")
        refused(handMade(fields: { name(&$0) }, count: 2), "count larger than the fields")
        refused([], "empty")
    }
}

@Suite("VersionVector")
struct VersionVectorTests {
    let a = StreamID(origin: ReplicaID(rawValue: 1), kelurahanCode: 26)
    let b = StreamID(origin: ReplicaID(rawValue: 1), kelurahanCode: 27)
    let c = StreamID(origin: ReplicaID(rawValue: 2), kelurahanCode: 1)

    func roundTrip(_ v: VersionVector) throws -> VersionVector {
        var w = BinaryWriter()
        v.encode(into: &w)
        let bytes = w.bytes
        return try bytes.withUnsafeBytes { p in
            var r = BinaryReader(p)
            let d = try VersionVector.decode(&r)
            #expect(r.remaining == 0)
            return d
        }
    }

    func decode(_ bytes: [UInt8]) throws -> VersionVector {
        try bytes.withUnsafeBytes { p in
            var r = BinaryReader(p)
            return try VersionVector.decode(&r)
        }
    }

    @Test("encode and decode round trip, canonically")
    func codec() throws {
        let v = VersionVector([c: 3, a: 1_000_000, b: 1])
        #expect(try roundTrip(v) == v)
        #expect(try roundTrip(VersionVector()) == VersionVector())
        var rng = SeededRandom(seed: 42)
        for _ in 0..<200 {
            var e: [StreamID: UInt64] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                e[StreamID(origin: ReplicaID(rawValue: UInt64.random(in: 0...3, using: &rng)), kelurahanCode: UInt16.random(in: 1...34, using: &rng))] = UInt64.random(in: 1...UInt64.max, using: &rng)
            }
            let v = VersionVector(e)
            #expect(try roundTrip(v) == v)
        }
    }

    @Test("decoding refuses streams out of order, duplicates and zero entries")
    func refusals() {
        func entry(_ s: StreamID, _ seq: UInt64, _ w: inout BinaryWriter) { w.u64(s.origin.rawValue); w.u16(s.kelurahanCode); w.varint(seq) }
        var w = BinaryWriter(); w.varint(2); entry(b, 1, &w); entry(a, 1, &w)
        #expect(throws: ModelError.self) { try decode(w.bytes) }
        w = BinaryWriter(); w.varint(2); entry(a, 1, &w); entry(a, 2, &w)
        #expect(throws: ModelError.self) { try decode(w.bytes) }
        w = BinaryWriter(); w.varint(1); entry(a, 0, &w)
        #expect(throws: ModelError.self) { try decode(w.bytes) }
        w = BinaryWriter(); w.varint(5); entry(a, 1, &w)
        #expect(throws: ModelError.self) { try decode(w.bytes) }
    }

    @Test("merge is the pointwise maximum; dominates compares pointwise")
    func mergeAndDominates() {
        let x = VersionVector([a: 5, b: 1])
        let y = VersionVector([a: 3, c: 7])
        let m = x.merged(with: y)
        #expect(m == VersionVector([a: 5, b: 1, c: 7]))
        #expect(m == y.merged(with: x))
        #expect(m.dominates(x) && m.dominates(y))
        #expect(!x.dominates(y) && !y.dominates(x))
        #expect(x.dominates(VersionVector()))
        #expect(VersionVector().dominates(VersionVector()))
        #expect(m.totalEvents == 13)
        #expect(m.contains(Dot(stream: c, seq: 7)) && !m.contains(Dot(stream: c, seq: 8)))
        #expect(m.streams == [a, b, c])
        var z = m
        z[b] = 0
        #expect(z.entries[b] == nil)
        #expect(VersionVector([a: 0]) == VersionVector())
    }
}

extension Array where Element == UInt8 {
    func replacingFirst(_ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard let i = indices.first(where: { self[$0...].starts(with: pattern) }) else { return self }
        return Array(self[..<i]) + replacement + Array(self[(i + pattern.count)...])
    }
}
