import ArgumentParser
import Crypto
import Foundation
import SelarasLog
import SelarasMerge
import SelarasModel

private typealias C = FieldKey.Child
import SelarasSync

/// `selaras-bench sync`: merge throughput, bundle create/import against gzip -6, delta cost.
struct SyncBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Merge 1,000,000 events from 200 origins; bundle create/import vs gzip -6; 1 % delta cost.")

    @Option(help: "Events in all.") var events = 1_000_000
    @Option(help: "Origins (replicas) writing them.") var origins = 200
    @Option(help: "Working directory (default: a temporary one, removed afterwards).") var dir: String?

    func run() throws {
        let base = dir ?? NSTemporaryDirectory() + "selaras-sync-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: base)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: base) } }
        print("selaras-bench sync — \(events) events from \(origins) origins, working in \(base)")

        // A hub-like store holding every origin's stream, plus each origin's signed head.
        let store = try Store.create(at: base + "/hub", kelurahan: Kelurahan(name: "Manggar")!, label: "bench hub")
        var syncState = SyncState()
        let perOrigin = events / origins
        let t0 = Measure.now()
        for o in 0..<origins {
            let key = Curve25519.Signing.PrivateKey()
            let replica = ReplicaID.derived(fromPublicKey: Array(key.publicKey.rawRepresentation))
            let kel = UInt16(o % 34 + 1)
            let stream = StreamID(origin: replica, kelurahanCode: kel)
            let run = SyntheticStream.make(stream: stream, count: perOrigin)
            try store.appendVerified([run])
            let sig = Array(try key.signature(for: SignedHead.message(stream: stream, seq: UInt64(perOrigin), hash: run.lastHash)))
            syncState.keys[replica] = Array(key.publicKey.rawRepresentation)
            syncState.remember(SignedHead(stream: stream, seq: UInt64(perOrigin), hash: run.lastHash, signature: sig))
        }
        try syncState.save(store)
        let total = store.versionVector.totalEvents
        print("  (built the store in \(Measure.fmt(Measure.now() - t0, 1)) s)")
        store.close()

        // 1. Merge, in a fresh process for a clean peak-memory figure.
        let me = CommandLine.arguments[0]
        print("")
        print(try Measure.shell("'\(me)' merge-once --store '\(base)/hub'").output.trimmingCharacters(in: .whitespacesAndNewlines))

        // 2. Bundle create and import vs gzip -6 on the same uncompressed bytes.
        let hub = try Store.open(at: base + "/hub")
        let state = try SyncState.load(hub)
        var t = Measure.now()
        let full = try BundleWriter(store: hub, state: state).write(to: base + "/full.slb", assumed: VersionVector())
        let createSeconds = Measure.now() - t
        let mb = Double(full.uncompressedBytes) / 1_048_576
        // The same uncompressed frames, for gzip.
        let raw = try FileHandle(forWritingTo: { FileManager.default.createFile(atPath: base + "/frames.bin", contents: nil); return URL(fileURLWithPath: base + "/frames.bin") }())
        for s in hub.streams {
            var w = BinaryWriter(capacity: 1 << 20)
            try hub.forEachEncodedEvent(in: s, after: 0) { _, p in
                w.u32(UInt32(p.count)); w.u32(Frame.crc32(p)); w.raw(p)
            }
            raw.write(Data(w.bytes))
        }
        try raw.close()
        t = Measure.now()
        _ = try Measure.shell("gzip -6 -c '\(base)/frames.bin' > '\(base)/frames.gz'")
        let gzipSeconds = Measure.now() - t
        let target = try Store.create(at: base + "/laptop", kelurahan: Kelurahan(name: "Manggar")!, label: "bench laptop")
        t = Measure.now()
        let imported = try BundleImporter(store: target).importFile(base + "/full.slb")
        let importSeconds = Measure.now() - t
        let gzipBytes = (try? FileManager.default.attributesOfItem(atPath: base + "/frames.gz")[.size] as? Int) ?? 0
        print("")
        print("bundle create (\(Measure.fmt(mb, 1)) MB of events → \(Measure.fmt(Double(full.fileBytes) / 1_048_576, 1)) MB)  \(Measure.fmt(mb / createSeconds, 1)) MB/s")
        print("bundle import (verify all, append)           \(Measure.fmt(mb / importSeconds, 1)) MB/s  (\(imported.appended) events)")
        print("gzip -6, same uncompressed bytes (→ \(Measure.fmt(Double(gzipBytes) / 1_048_576, 1)) MB)    \(Measure.fmt(mb / gzipSeconds, 1)) MB/s")
        print("  create / gzip                              \(Measure.fmt(gzipSeconds / createSeconds, 2))×  (target ≥ 0.9×)")
        print("  import / gzip                              \(Measure.fmt(gzipSeconds / importSeconds, 2))×  (target ≥ 0.9×)")

        // 3. Delta for a peer lacking 1 % of every stream.
        var assumed = VersionVector()
        for s in hub.streams { assumed[s] = hub.versionVector[s] - hub.versionVector[s] / 100 }
        t = Measure.now()
        let delta = try BundleWriter(store: hub, state: state).write(to: base + "/delta.slb", assumed: assumed)
        let deltaSeconds = Measure.now() - t
        print("")
        print("delta bundle, peer lacks 1 %                 \(delta.events) events, \(Measure.fmt(deltaSeconds * 1000, 1)) ms, \(delta.fileBytes) bytes")
        print("  cost vs full bundle                        \(Measure.fmt(100 * deltaSeconds / createSeconds, 1)) % of the time, \(Measure.fmt(100 * Double(delta.fileBytes) / Double(full.fileBytes), 1)) % of the bytes")

        // 4. Peak memory of importing the delta and the full bundle, each in a fresh process:
        // bundles are verified and applied in bounded chunks, so the peak should not grow with
        // the bundle (beyond 32 bytes of hash per event).
        print("")
        for name in ["delta", "full"] {
            let out = try Measure.shell("'\(me)' import-once --bundle '\(base)/\(name).slb' --store '\(base)/import-\(name)'").output
            print("\(name) bundle: " + out.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        _ = total
    }
}

/// `selaras-bench merge-once --store DIR`: folds a store into consolidated state once.
struct MergeOnce: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge-once", abstract: "Time folding a store into consolidated state.")
    @Option var store: String

    func run() throws {
        let s = try Store.open(at: store)
        let before = Measure.anonymousResidentBytes()
        let t = Measure.now(), cpu = Measure.cpuSeconds()
        let state = try ConsolidatedState(store: s)
        let seconds = Measure.now() - t, cpuSeconds = Measure.cpuSeconds() - cpu
        let stateBytes = Measure.anonymousResidentBytes() - before
        let n = Double(state.eventCount)
        print("merge \(state.eventCount) events from \(s.streams.count) streams  \(Measure.fmt(n / seconds)) events/s  (\(Measure.fmt(seconds, 2)) s; target ≥ 1,000,000/s)")
        print("  entities \(state.entityCount), CPU time \(Measure.fmt(cpuSeconds, 2)) s (user + system, all threads)")
        print("  state in memory                            \(Measure.fmt(Double(stateBytes) / 1_048_576, 1)) MiB, \(stateBytes / max(1, state.entityCount)) bytes per entity  (anonymous RSS after the fold minus before)")
        print("  peak memory                                \(Measure.fmt(Measure.peakMemoryMiB(), 1)) MiB  (target ≤ 1 GiB)")
    }
}

/// Realistic synthetic streams: children, then growth checks, with some corrections.
enum SyntheticStream {
    static func make(stream: StreamID, count: Int) -> VerifiedRun {
        var w = BinaryWriter(capacity: count * 160)
        var offsets: [UInt64] = []
        offsets.reserveCapacity(count)
        var prev = EventHash.zero
        var children: [EntityID] = []
        var latest: [EntityID: Dot] = [:]
        for i in 1...count {
            let dot = Dot(stream: stream, seq: UInt64(i))
            let draft: EventDraft
            if i % 10 == 1 || children.isEmpty {
                draft = .create(.child, FieldMap([(C.name, .text("Anak \(i)")), (C.sex, .text(i % 2 == 0 ? "L" : "P")),
                                                   (C.born, .date(LocalDate(daysSinceEpoch: 19_000 + Int32(i % 700)))),  // 2022-01-08 … 2023-12-08: before every check (SampleEvents measures from 2024-10-03)
                                                   (C.mother, .text("Ibu \(i % 97)")), (C.posyandu, .text("Melati \(i % 5)"))]),
                                kelurahanCode: stream.kelurahanCode, author: "Bu Sulastri", recordedAt: 1_735_000_000_000 + Int64(i))
            } else if i % 25 == 0 {
                let c = children[i % children.count]
                draft = .change(c, context: [latest[c] ?? c.origin], .correct(FieldMap([(C.name, .text("Anak \(i) koreksi"))]), reason: "ejaan"),
                                author: "Bu Hartini", recordedAt: 1_735_000_000_000 + Int64(i))
            } else {
                draft = SampleEvents.check(i, kelurahan: stream.kelurahanCode, child: children[i % children.count])
            }
            let e = draft.event(at: dot, previousHash: prev)
            if case .create(.child, _) = e.operation { children.append(e.entity) }
            if case .correct = e.operation { latest[e.entity] = e.dot }
            offsets.append(UInt64(w.bytes.count))
            let start = w.bytes.count
            w.u64(0)
            e.encode(into: &w)
            let len = w.bytes.count - start - 8
            prev = w.bytes.withUnsafeMutableBytes { p in
                let payload = UnsafeRawBufferPointer(rebasing: p[(start + 8)...])
                p.storeBytes(of: UInt32(len).littleEndian, toByteOffset: start, as: UInt32.self)
                p.storeBytes(of: Frame.crc32(payload).littleEndian, toByteOffset: start + 4, as: UInt32.self)
                return EventHash.of(payload)
            }
        }
        return VerifiedRun(stream: stream, firstSeq: 1, firstPrevious: .zero, lastHash: prev, frames: w.bytes, frameOffsets: offsets)
    }
}
