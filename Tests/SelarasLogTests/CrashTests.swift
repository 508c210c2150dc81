import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasTestSupport

/// A store made once, copied for each iteration of a loop (copying costs no fsync).
struct Template {
    let tmp: TemporaryDirectory
    let dir: String
    let events: [Event]

    init() throws {
        tmp = try TemporaryDirectory(prefix: "selaras-template")
        dir = tmp.child("store")
        let store = try Store.create(at: dir, kelurahan: manggar, label: "template")
        events = try store.record(SampleRecords.mixedDrafts(2), durability: .batch)
        store.close()
    }

    func copy(into tmp: TemporaryDirectory, as name: String = "store") throws -> String {
        let to = tmp.child(name)
        try FileManager.default.copyItem(atPath: dir, toPath: to)
        return to
    }
}

/// What a run acknowledged, per stream, in seq order.
struct Acknowledged {
    var byStream: [StreamID: [Event]] = [:]

    init(_ events: [Event] = []) { add(events) }

    mutating func add(_ events: [Event]) {
        for e in events {
            byStream[e.dot.stream, default: []].append(e)
            #expect(UInt64(byStream[e.dot.stream]!.count) == e.dot.seq, "acknowledged \(e.dot) out of order")
        }
    }

    var count: Int { byStream.values.reduce(0) { $0 + $1.count } }

    /// Reopens with the real file system: sound, and every acknowledged event there byte for byte.
    /// - Returns: the reopened store.
    @discardableResult
    func check(_ dir: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Store {
        let store: Store
        do { store = try Store.open(at: dir) } catch {
            Issue.record("\(context): reopening failed: \(error)", sourceLocation: sourceLocation)
            throw error
        }
        let report = store.verify()
        #expect(report.isSound, "\(context): \(report.problems)", sourceLocation: sourceLocation)
        let onDisk = try encodedEvents(store)
        for (stream, acked) in byStream {
            let have = onDisk[stream] ?? []
            #expect(have.count >= acked.count, "\(context): \(stream) holds \(have.count) events, \(acked.count) acknowledged",
                    sourceLocation: sourceLocation)
            for (i, e) in acked.enumerated() where i < have.count {
                #expect(have[i] == e.encoded, "\(context): \(e.dot) differs", sourceLocation: sourceLocation)
            }
        }
        return store
    }
}

@Suite("Crash safety")
struct CrashTests {
    /// Random drafts for one call: 1…3 events in Manggar or Lamaru.
    static func drafts(_ rng: inout SeededRandom, _ n: Int) -> [EventDraft] {
        (0..<Int.random(in: 1...3, using: &rng)).map { j in
            let kel = Bool.random(using: &rng) ? manggar.code : lamaru.code
            return SampleRecords.mixedDrafts(1, start: n * 3 + j, kelurahanCode: kel)[0]
        }
    }

    @Test("power cut: 600 seeded cuts, mid-append included, lose no acknowledged event")
    func powerCutLoop() throws {
        let template = try Template()
        var diedMidRun = 0, tornKept = 0, created = 0
        for seed in UInt64(1)...600 {
            let tmp = try TemporaryDirectory(prefix: "selaras-cut")
            var rng = SeededRandom(seed: seed)
            let fs = PowerCutFileSystem(cutAfterOperations: Int.random(in: 0..<8, using: &rng) == 0 ? nil : Int.random(in: 0...30, using: &rng))
            var acked = Acknowledged()
            let createNew = seed % 10 == 0
            var dir = tmp.child("store")
            var storeExists = true
            do {
                let store: Store
                if createNew {
                    created += 1
                    storeExists = false
                    store = try Store.create(at: dir, kelurahan: manggar, label: "cut \(seed)", fileSystem: fs)
                    storeExists = true
                } else {
                    dir = try template.copy(into: tmp)
                    acked.add(template.events)
                    store = try Store.open(at: dir, fileSystem: fs)
                }
                for call in 0..<Int.random(in: 1...4, using: &rng) {
                    let d = Self.drafts(&rng, call)
                    let durability: Store.Durability = Bool.random(using: &rng) ? .eachEvent : .batch
                    acked.add(try store.record(d, durability: durability))
                }
                store.close()
            } catch let e as StoreError {
                diedMidRun += 1
                #expect(fs.isDead, "seed \(seed): \(e) without a power cut")
            } catch {
                Issue.record("seed \(seed): untyped error \(error)")
            }
            let report = fs.cut(seed: seed)
            if report.contains(where: { $0.contains("kept") && !$0.contains("kept 0 ") }) { tornKept += 1 }
            if !storeExists {
                // Creation never returned: nothing was acknowledged; the store may or may not exist.
                if let s = try? Store.open(at: dir) { #expect(s.verify().isSound, "seed \(seed)") }
                continue
            }
            let store = try acked.check(dir, "seed \(seed) \(report)")
            if seed % 20 == 0 {
                // Life goes on after the cut: the streams continue without holes.
                let more = try store.record(SampleRecords.mixedDrafts(2, start: 900), durability: .batch)
                for e in more {
                    let before = try store.events(in: e.dot.stream).filter { !more.contains($0) }
                    #expect(e.dot.seq > UInt64(before.count), "seed \(seed)")
                }
                #expect(store.verify().isSound, "seed \(seed) after more")
            }
        }
        #expect(diedMidRun > 250, "only \(diedMidRun) runs were cut mid-run")
        #expect(tornKept > 50, "only \(tornKept) cuts kept part of an unsynced write")
        #expect(created == 60)
    }

    enum FaultKind: String, CaseIterable, Sendable {
        case writeENOSPC, writeEIO, syncEIO, syncENOSPC, shortWrite

        func fault(_ k: Int) -> FaultInjectingFileSystem.Fault {
            switch self {
            case .writeENOSPC: .failWrite(k: k, errno: ENOSPC)
            case .writeEIO: .failWrite(k: k, errno: EIO)
            case .syncEIO: .failSync(k: k, errno: EIO)
            case .syncENOSPC: .failSync(k: k, errno: ENOSPC)
            case .shortWrite: .shortWrite(k: k)
            }
        }
        var isWrite: Bool { self != .syncEIO && self != .syncENOSPC }
    }

    /// A fixed workload: single events, batches across two streams (one new), multi-event calls.
    static let workload: [([EventDraft], Store.Durability)] = [
        (SampleRecords.mixedDrafts(1, start: 10), .eachEvent),
        (SampleRecords.mixedDrafts(2, start: 11) + SampleRecords.mixedDrafts(2, start: 13, kelurahanCode: lamaru.code), .batch),
        (SampleRecords.mixedDrafts(2, start: 15, kelurahanCode: lamaru.code), .eachEvent),
        (SampleRecords.mixedDrafts(3, start: 17), .batch),
        (SampleRecords.mixedDrafts(1, start: 20, kelurahanCode: lamaru.code) + SampleRecords.mixedDrafts(1, start: 21), .batch),
        (SampleRecords.mixedDrafts(1, start: 22), .eachEvent),
    ]

    @Test("fault injection: the k-th write or sync fails; typed error, no hole, nothing acknowledged lost",
          arguments: FaultKind.allCases, [false, true])
    func faultLoop(kind: FaultKind, persistent: Bool) throws {
        let template = try Template()
        // Count the operations of a clean run.
        let clean = FaultInjectingFileSystem()
        clean.performsRealSyncs = false
        do {
            let tmp = try TemporaryDirectory()
            let store = try Store.open(at: try template.copy(into: tmp), fileSystem: clean)
            clean.arm(nil)
            for (d, durability) in Self.workload { try store.record(d, durability: durability) }
        }
        let n = kind.isWrite ? clean.writes : clean.syncs
        #expect(n > 10)
        var failures = 0
        for k in 1...(n + 1) {
            let context = "\(kind.fault(k)) persistent=\(persistent)"
            let tmp = try TemporaryDirectory(prefix: "selaras-fault")
            let dir = try template.copy(into: tmp)
            let fs = FaultInjectingFileSystem()
            fs.performsRealSyncs = false
            var acked = Acknowledged(template.events)
            var extra = 0
            do {
                let store = try Store.open(at: dir, fileSystem: fs)
                fs.arm(kind.fault(k), persistent: persistent)
                var failed = false
                for (d, durability) in Self.workload {
                    do { acked.add(try store.record(d, durability: durability)) } catch let e as StoreError {
                        failed = true
                        failures += 1
                        #expect(e.code == .io || e.code == .poisoned, "\(context): \(e.code) \(e)")
                        #expect(e.underlying is SystemCallError, "\(context): \(e)")
                        if durability == .eachEvent { extra = d.count - 1 }
                        break
                    } catch {
                        Issue.record("\(context): untyped error \(error)")
                        failed = true
                        break
                    }
                }
                if failed {
                    // The same instance refuses (poisoned / disk still failing) or has truncated back and appends.
                    do {
                        acked.add(try store.record([SampleRecords.childDraft(77)]))
                        #expect(!persistent || !kind.isWrite || fs.injected == 0, "\(context): appended on a disk that keeps failing")
                    } catch let e as StoreError {
                        #expect(persistent, "\(context): a one-off fault left the store refusing: \(e)")
                        #expect(e.code == .poisoned || e.code == .io, "\(context): \(e.code)")
                    }
                    #expect(store.verify().isSound || persistent, "\(context): \(store.verify().problems)")
                } else {
                    #expect(fs.injected == 0 || kind.isWrite, "\(context): a failed sync went unreported")
                }
                store.close()
            }
            let reopened = try acked.check(dir, context)
            for (s, list) in acked.byStream {
                let have = try reopened.events(in: s).count
                #expect(have <= list.count + extra, "\(context): \(s) holds \(have), \(list.count) acknowledged")
            }
        }
        #expect(failures > 0)
    }

    @Test("after a failed sync the same store refuses (.poisoned) until the disk recovers, then truncates back and appends")
    func poisonedThenRecovers() throws {
        let template = try Template()
        let tmp = try TemporaryDirectory()
        let dir = try template.copy(into: tmp)
        let fs = FaultInjectingFileSystem()
        fs.performsRealSyncs = false
        var acked = Acknowledged(template.events)
        do {
            let store = try Store.open(at: dir, fileSystem: fs)
            acked.add(try store.record([SampleRecords.childDraft(1)]))
            fs.arm(.failSync(k: 1, errno: EIO), persistent: true)
            expectStoreError([.io]) { try store.record([SampleRecords.childDraft(2)]) }
            expectStoreError([.poisoned]) { try store.record([SampleRecords.childDraft(3)]) }
            expectStoreError([.poisoned]) { try store.record(SampleRecords.mixedDrafts(3), durability: .batch) }
            fs.arm(nil)
            let next = try store.record([SampleRecords.childDraft(4)])
            #expect(next[0].dot.seq == 4) // seq 4: the refused events left no hole
            acked.add(next)
            #expect(store.verify().isSound)
            store.close()
        }
        let reopened = try acked.check(dir, "poisoned then recovered")
        #expect(reopened.versionVector.totalEvents == 4)
    }

    @Test("a short write then ENOSPC truncates back; the same store appends again")
    func shortWriteTruncatesBack() throws {
        let template = try Template()
        let tmp = try TemporaryDirectory()
        let dir = try template.copy(into: tmp)
        let fs = FaultInjectingFileSystem()
        var acked = Acknowledged(template.events)
        do {
            let store = try Store.open(at: dir, fileSystem: fs)
            fs.arm(.shortWrite(k: 2)) // write 1 is the batch's undo record; 2 is the log
            let e = expectStoreError([.io]) { try store.record(SampleRecords.mixedDrafts(5), durability: .batch) }
            #expect((e?.underlying as? SystemCallError)?.errno == ENOSPC)
            let log = Files.logPath(dir, template.events[0].dot.stream)
            #expect(try Files.read(log).count == Files.frames(try Files.read(log)).end)
            acked.add(try store.record(SampleRecords.mixedDrafts(2), durability: .batch))
            store.close()
        }
        let reopened = try acked.check(dir, "short write")
        #expect(reopened.recoveryNotes.isEmpty)
        #expect(reopened.versionVector.totalEvents == 4)
    }
}
