import Testing
import SelarasModel
import SelarasTestSupport

@Suite("Creates packed into an arena")
struct CreateArenaTests {
    /// Random create events (encoded) with what they say.
    static func creates(_ count: Int, seed: UInt64) -> [(encoded: [UInt8], author: String, at: Int64, kind: RecordKind, fields: FieldMap)] {
        var rng = SeededRandom(seed: seed)
        var out: [(encoded: [UInt8], author: String, at: Int64, kind: RecordKind, fields: FieldMap)] = []
        while out.count < count {
            let e = RandomEvents.event(&rng)
            if case .create(let kind, let fields) = e.operation { out.append((e.encoded, e.author, e.recordedAt, kind, fields)) }
        }
        return out
    }

    /// Appends a create event's body to the arena, as the fold does.
    static func append(_ encoded: [UInt8], to arena: inout CreateArena) throws -> EncodedCreate {
        try encoded.withUnsafeBytes { p throws -> EncodedCreate in
            let s = try #require(try Event.scanCreateBody(p))
            return arena.append(checkedBytes: UnsafeRawBufferPointer(rebasing: p[s.body]))
        }
    }

    @Test("creates spread over many chunks (and some larger than a chunk) read back exactly, after the arena is gone")
    func manyChunks() throws {
        let all = Self.creates(600, seed: 0xA7E4A)
        var kept: [EncodedCreate] = []
        do {
            // 512-byte chunks: a few creates each, and the largest ones get a chunk of their own.
            var arena = CreateArena(chunkSize: 512)
            for c in all { kept.append(try Self.append(c.encoded, to: &arena)) }
        }
        let chunks = Set(kept.map { ObjectIdentifier($0.chunk) })
        #expect(chunks.count > 50 && chunks.count < kept.count)
        for (i, (c, e)) in zip(all, kept).enumerated() {
            #expect(e.author == c.author && e.recordedAt == c.at && e.kind == c.kind, "create \(i)")
            #expect(e.fields == c.fields, "create \(i)")
            for tag in UInt8(0)...40 { #expect(e.value(tag) == c.fields[tag], "create \(i) tag \(tag)") }
            #expect(e == EncodedCreate(author: c.author, recordedAt: c.at, kind: c.kind, fields: c.fields), "create \(i)")
        }
    }

    @Test("equality and hashing follow the bytes, not the storage")
    func contentEquality() throws {
        let all = Self.creates(40, seed: 0xE0)
        var arena = CreateArena(chunkSize: 4096)
        for c in all {
            let packed = try Self.append(c.encoded, to: &arena)
            let own = EncodedCreate(author: c.author, recordedAt: c.at, kind: c.kind, fields: c.fields)
            let scanned = try #require(try c.encoded.withUnsafeBytes { try Event.scanCreate($0) }).create
            #expect(packed.chunk !== own.chunk && own.chunk !== scanned.chunk)
            #expect(packed == own && own == scanned && packed.bytes == own.bytes)
            #expect(packed.hashValue == own.hashValue && scanned.hashValue == own.hashValue)
            #expect(Set([packed, own, scanned]).count == 1)
        }
        let a = EncodedCreate(author: "Bu Rina", recordedAt: 1, kind: .child, fields: SampleRecords.child())
        let b = EncodedCreate(author: "Bu Rina", recordedAt: 2, kind: .child, fields: SampleRecords.child())
        let c = EncodedCreate(author: "Bu Rina", recordedAt: 1, kind: .child, fields: SampleRecords.child(name: "Siti"))
        #expect(a != b && a != c && b != c)
    }

    @Test("length prefixes of one, two and three bytes round-trip; a create larger than a chunk gets its own and the chunk being filled goes on")
    func longCreates() throws {
        let small = EncodedCreate(author: "Bu Rina", recordedAt: 7, kind: .child, fields: SampleRecords.child())
        // Texts are at most 4096 bytes each: several of them make the longer creates.
        for n in [100, 127, 128, 1_000, 12_000, 16_383, 16_384, 40_000] {
            let fields = FieldMap((0..<(n + 3_999) / 4_000).map { i in (UInt8(3 + i), FieldValue.text(String(repeating: "a", count: min(4_000, n - i * 4_000)))) })
            let own = EncodedCreate(author: "Bu Rina", recordedAt: 7, kind: .child, fields: fields)
            var arena = CreateArena(chunkSize: 1 << 12)
            let before = small.bytes.withUnsafeBytes { arena.append(checkedBytes: $0) }
            let packed = own.bytes.withUnsafeBytes { arena.append(checkedBytes: $0) }
            let after = small.bytes.withUnsafeBytes { arena.append(checkedBytes: $0) }
            #expect(packed == own && packed.fields == fields && packed.author == "Bu Rina" && packed.recordedAt == 7, "\(n)")
            #expect(before == small && after == small && after.chunk === before.chunk, "\(n)")
            // Up to 1,000 bytes all three fit one 4 KiB chunk; from 12,000 on the create has a chunk of its own.
            #expect((packed.chunk === before.chunk) == (n <= 1_000), "\(n)")
        }
    }
}
