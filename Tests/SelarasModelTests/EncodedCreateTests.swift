import Testing
import SelarasModel
import SelarasTestSupport

@Suite("Create events kept as bytes")
struct EncodedCreateTests {
    /// What `scanCreate` says of some bytes, in a comparable form: nil for "not a create",
    /// the error message when refused.
    static func scan(_ b: [UInt8]) -> Result<(dot: Dot, kind: RecordKind, create: EncodedCreate)?, ModelError> {
        b.withUnsafeBytes { p in Result { () throws(ModelError) in try Event.scanCreate(p) } }
    }

    @Test("every random event: a create scans to exactly what decoding gives; other operations are left to decode")
    func agreesWithDecode() throws {
        var rng = SeededRandom(seed: 0xE4C0DE)
        var creates = 0
        for i in 0..<3_000 {
            let e = RandomEvents.event(&rng)
            let scanned = try Self.scan(e.encoded).get()
            guard case .create(let kind, let fields) = e.operation else {
                #expect(scanned == nil, "event \(i) is not a create")
                continue
            }
            creates += 1
            let s = try #require(scanned, "event \(i)")
            #expect(s.dot == e.dot && s.kind == kind && s.create.kind == kind)
            #expect(s.create.author == e.author && s.create.recordedAt == e.recordedAt)
            #expect(s.create.fields == fields, "event \(i)")
            for tag in UInt8(0)...40 { #expect(s.create.value(tag) == fields[tag], "event \(i) tag \(tag)") }
            #expect(s.create == EncodedCreate(author: e.author, recordedAt: e.recordedAt, kind: kind, fields: fields))
        }
        #expect(creates > 500)
    }

    @Test("every flipped byte and every truncation of create events: refused by scanning exactly when refused by decoding")
    func refusesWhatDecodeRefuses() throws {
        var rng = SeededRandom(seed: 0xBAD5)
        var refused = 0
        for kind in RecordKind.allCases {
            let fields: FieldMap
            switch kind {
            case .child: fields = SampleRecords.child(name: "Siti Ñurul", nik: "6471010101010001")
            case .growthCheck: fields = SampleRecords.growthCheck(child: EntityID(kind: .child, origin: RandomEvents.dot(&rng)))
            case .houseSurvey: fields = SampleRecords.houseSurvey()
            }
            let good = Sample.create(kind, fields, context: [RandomEvents.dot(&rng)]).encoded
            var variants: [[UInt8]] = (0..<good.count).map { Array(good[..<$0]) }
            for i in good.indices {
                for bit in [0, 3, 7] {
                    var b = good
                    b[i] ^= 1 << bit
                    variants.append(b)
                }
                var b = good
                b[i] = UInt8.random(in: 0...255, using: &rng)
                variants.append(b)
            }
            for b in variants {
                let decoded = Result { () throws(ModelError) in try Event.decode(b) }
                switch (decoded, Self.scan(b)) {
                case (.failure(let d), .failure(let s)):
                    refused += 1
                    #expect(d.message == s.message)
                case (.success(let e), .success(let s)):
                    if case .create(let k, let f) = e.operation {
                        let s = try #require(s)
                        #expect(s.dot == e.dot && s.kind == k && s.create.fields == f && s.create.author == e.author)
                    } else {
                        #expect(s == nil)
                    }
                case (.failure(let d), .success(let s)):
                    // Only a non-create may pass the scan (its body is left to decoding).
                    #expect(s == nil, "scan accepted what decoding refuses: \(d)")
                case (.success, .failure(let s)):
                    Issue.record("scan refused what decoding accepts: \(s)")
                }
            }
        }
        #expect(refused > 1_000)
    }
}
