import Testing
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport

/// A fixed, generated set of events: six streams of children, growth checks and house surveys,
/// with concurrent corrections (conflicts), corrections that resolve them, voids, same-as and
/// not-same decisions and a correction written on another stream than its record's.
enum PinnedEvents {
    static let streams: [StreamID] = (0..<6).map {
        StreamID(origin: ReplicaID(rawValue: 0x5e1a_0000_0000_0000 | UInt64($0 &* 7919)), kelurahanCode: UInt16(20 + $0 % 3))
    }

    /// Events per stream, in seq order (hash-chained).
    static func make(perStream: Int) -> [[Event]] {
        var g = SeededRandom(seed: 0x5e1a5)
        var out: [[Event]] = streams.map { _ in [] }
        var children: [EntityID] = []
        var records: [EntityID] = []
        var seen: [EntityID: [Dot]] = [:]
        var prev = [EventHash](repeating: .zero, count: streams.count)
        for i in 0..<perStream {
            for s in streams.indices {
                let stream = streams[s]
                let n = i * streams.count + s
                let r = g.next() % 100
                let at = SampleRecords.recordedAt + Int64(g.next() % 50_000)
                let draft: EventDraft
                if children.isEmpty || r < 12 {
                    var f = SampleRecords.child(name: "Anak \(n % 40)", sex: n % 2 == 0 ? "L" : "P",
                                                born: LocalDate(daysSinceEpoch: 19_400 + Int32(n % 30)),
                                                nik: n % 7 == 0 ? "64710101010\(10_000 + n % 50)" : nil)
                    if n % 5 == 0 { f[14] = .text("Lamaru") }
                    draft = .create(.child, f, kelurahanCode: stream.kelurahanCode, author: n % 3 == 0 ? "Bu Rina" : "Ibu Kader Posyandu Melati", recordedAt: at)
                } else if r < 60 {
                    let c = children[Int(g.next() % UInt64(children.count))]
                    draft = .create(.growthCheck, SampleRecords.growthCheck(child: c, weightTenths: 60 + Int64(n % 90), lengthTenths: 600 + Int64(n % 300),
                                                                            position: n % 2 == 0 ? "lying" : "standing"),
                                    kelurahanCode: stream.kelurahanCode, author: "Bu Rina", recordedAt: at)
                } else if r < 70 {
                    draft = .create(.houseSurvey, SampleRecords.houseSurvey(head: "Kepala \(n)", occupants: Int64(1 + n % 9)),
                                    kelurahanCode: stream.kelurahanCode, author: "Bu Sari", recordedAt: at)
                } else if r < 92 {
                    // A correction that has seen all, some or none of the record's later events.
                    let e = records[Int(g.next() % UInt64(records.count))]
                    let all = [e.origin] + (seen[e] ?? [])
                    let context = Array(all.prefix(Int(g.next() % UInt64(all.count + 1))))
                    let fields: FieldMap
                    switch e.kind {
                    case .child: fields = FieldMap([(3, .text("Anak \(n % 40) koreksi \(n % 3)"))] + (n % 4 == 0 ? [(15, .text("Posyandu Mawar"))] : []))
                    case .growthCheck: fields = FieldMap([(3, .number(70 + Int64(n % 20))), (8, .bool(n % 2 == 0))])
                    default: fields = FieldMap([(10, .number(Int64(2 + n % 5)))])
                    }
                    draft = .change(e, context: context, .correct(fields, reason: "koreksi \(n)"), author: "Bu Hartini", recordedAt: at)
                } else if r < 95 {
                    let e = records[Int(g.next() % UInt64(records.count))]
                    draft = .change(e, context: [e.origin] + (seen[e] ?? []), .void(reason: "dobel \(n)"), author: "Bu Rina", recordedAt: at)
                } else {
                    let a = children[Int(g.next() % UInt64(children.count))]
                    let b = children[Int(g.next() % UInt64(children.count))]
                    guard a != b else { continue }
                    let (lo, hi) = a < b ? (a, b) : (b, a)
                    draft = .change(lo, context: seen[lo] ?? [], .link(hi, same: g.next() % 3 != 0, reason: "sama \(n)"), author: "Pak Dokter", recordedAt: at)
                }
                let e = draft.event(at: Dot(stream: stream, seq: UInt64(out[s].count + 1)), previousHash: prev[s])
                prev[s] = e.hash
                out[s].append(e)
                if case .create(let kind, _) = e.operation {
                    records.append(e.entity)
                    if kind == .child { children.append(e.entity) }
                } else {
                    seen[e.entity, default: []].append(e.dot)
                }
            }
        }
        return out
    }

    /// A store holding the streams (appended as verified runs, as an import does).
    static func store(at dir: String, _ streams: [[Event]]) throws -> Store {
        let store = try makeStore(at: dir, kelurahan: manggar, label: "pin", keySeed: 77)
        var runs: [VerifiedRun] = []
        for events in streams {
            var w = BinaryWriter()
            var offsets: [UInt64] = []
            for e in events {
                offsets.append(UInt64(w.bytes.count))
                let bytes = e.encoded
                w.u32(UInt32(bytes.count))
                w.u32(bytes.withUnsafeBytes { Frame.crc32($0) })
                w.raw(bytes)
            }
            runs.append(VerifiedRun(stream: events[0].dot.stream, firstSeq: 1, firstPrevious: .zero, lastHash: events.last!.hash,
                                    frames: w.bytes, frameOffsets: offsets))
        }
        try store.appendVerified(runs)
        return store
    }
}

@Suite("Digest pinned")
struct DigestPinTests {
    /// The digests computed by the merge engine before its state became compact (commit
    /// 09a932a): the canonical state of the same events must never change value.
    static let pinned: [Int: String] = [
        300: "3a3a819dc5de1fcd4cc05ad93e161e4e75215ac2bd0dc9d51c0aad1ce6f2a4e6",
        4_000: "01eae9475b62fb1b49d4cd319aef81c9c318558c9fbb1db3a870405639cb5b0b",
    ]

    @Test("the state digest of a fixed event set keeps its value, in memory in any order and from a store on all cores",
          arguments: [300, 4_000])
    func pinned(perStream: Int) throws {
        let streams = PinnedEvents.make(perStream: perStream)
        var all = streams.flatMap { $0 }
        #expect(all.count > perStream * 5)
        var g = SeededRandom(seed: UInt64(perStream))
        all.shuffle(using: &g)
        let inMemory = fold(all)
        // The set is not vacuous: it holds open conflicts, voids and link decisions.
        var conflicts = 0, voided = 0, links = 0
        inMemory.forEachEntity { conflicts += $0.conflicts.count; voided += $0.isVoided ? 1 : 0; links += $0.links.count }
        #expect(conflicts > 0 && voided > 0 && links > 0)
        #expect(inMemory.digest.description == Self.pinned[perStream])
        let dir = try ScratchDirectory(prefix: "selaras-pin")
        let store = try PinnedEvents.store(at: dir.child("s"), streams)
        defer { store.close() }
        // 4,000 per stream is past the size where the fold splits across cores.
        let fromStore = try ConsolidatedState(store: store)
        #expect(fromStore.eventCount == all.count)
        #expect(fromStore.digest == inMemory.digest)
    }
}
