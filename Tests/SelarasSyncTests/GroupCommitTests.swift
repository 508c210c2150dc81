#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport

/// Group commit (``BundleImporter/applyGroup(_:state:)``): several verified bundles under one
/// atomic batch, each still all or nothing.
@Suite struct GroupCommitTests {
    /// Laptops (own replica each, events in their kelurahan) and a bundle of each, verified
    /// against a receiver's known keys.
    struct Laptops {
        let stores: [Store]
        let paths: [String]
    }

    static func laptops(_ count: Int, in tmp: TemporaryDirectory, events: Int = 7, tag: String = "lap") throws -> Laptops {
        var stores: [Store] = [], paths: [String] = []
        for i in 0..<count {
            let kel = Kelurahan.all[i % Kelurahan.all.count]
            let s = try Store.create(at: tmp.child("\(tag)\(i)"), kelurahan: kel, label: "\(tag)\(i)")
            try s.record(SampleRecords.mixedDrafts(events + i, start: i * 100, kelurahanCode: kel.code), durability: .batch)
            let path = tmp.child("\(tag)\(i).bndl")
            try writeBundle(s, to: path)
            stores.append(s)
            paths.append(path)
        }
        return Laptops(stores: stores, paths: paths)
    }

    static func items(_ paths: [String], for store: Store) throws -> [BundleImporter.GroupItem] {
        let keys = try SyncState.load(store).keys
        return try paths.map { BundleImporter.GroupItem(bundle: try VerifiedBundle.read($0, knownKeys: keys), name: $0) }
    }

    /// Per stream: seq and head hash.
    static func heads(_ store: Store) -> [StreamID: (UInt64, EventHash)] {
        Dictionary(uniqueKeysWithValues: store.versionVector.streams.map { ($0, (store.versionVector[$0], store.head(of: $0))) })
    }

    @Test("a group of bundles shares one undo record, one sync-state write and one commit: one fdatasync per log touched plus three",
          arguments: [2, 6])
    func oneCommit(bundles: Int) throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-group")
        let laps = try Self.laptops(bundles + 1, in: tmp)
        let hubDir = tmp.child("hub")
        // Every laptop's first bundle alone: the undo record's file, the sync state and every
        // stream's log exist from then on (a new log costs its own fsyncs: file and directory).
        let first = try Store.create(at: hubDir, kelurahan: Kelurahan(code: 1)!, label: "hub")
        for p in laps.paths { _ = try BundleImporter(store: first).importFile(p) }
        let held = first.versionVector
        first.close()
        // Then each laptop records more: the group carries what the receiver lacks.
        var deltas: [String] = []
        for (i, lap) in laps.stores.enumerated().dropFirst() {
            try lap.record(SampleRecords.mixedDrafts(7 + i, start: 5_000 + i * 100, kelurahanCode: lap.metadata.kelurahan.code), durability: .batch)
            let path = tmp.child("delta\(i).bndl")
            try writeBundle(lap, to: path, assumed: held)
            deltas.append(path)
        }

        let counting = FaultInjectingFileSystem()
        let hub = try Store.open(at: hubDir, fileSystem: counting)
        defer { hub.close() }
        var state = try SyncState.load(hub)
        let items = try Self.items(deltas, for: hub)
        let before = counting.syncs
        let results = BundleImporter(store: hub).applyGroup(items, state: &state)
        let syncs = counting.syncs - before
        #expect(syncs == bundles + 3, "\(syncs) fsyncs for a group of \(bundles) bundles of one stream each")
        for (i, r) in results.enumerated() {
            let s = try r.get()
            #expect(s.appended == UInt64(7 + i + 1))
            #expect(s.alreadyHeld == 0 && s.pending == 0)
        }
        for lap in laps.stores {
            for s in lap.versionVector.streams { #expect(hub.versionVector[s] == lap.versionVector[s] && hub.head(of: s) == lap.head(of: s)) }
        }
        // The sync state saved once holds every creator's key and vector, as the file says.
        let saved = try SyncState.load(hub)
        #expect(saved.keys == state.keys)
        for lap in laps.stores { #expect(saved.keys[lap.replica] != nil && saved.peers[lap.replica] == lap.versionVector) }
        #expect(hub.verify().isSound)
    }

    @Test("a group leaves the store exactly as applying the same bundles one by one (logs, heads, sync state)")
    func sameAsOneByOne() throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-group-eq")
        let laps = try Self.laptops(5, in: tmp)
        // A bundle relaying another laptop's stream too: the same events arrive twice in one group.
        let relay = try Store.create(at: tmp.child("relay"), kelurahan: Kelurahan.all[1], label: "relay")
        _ = try BundleImporter(store: relay).importFile(laps.paths[1])
        try relay.record(SampleRecords.mixedDrafts(3, start: 900, kelurahanCode: Kelurahan.all[1].code), durability: .batch)
        try writeBundle(relay, to: tmp.child("relay.bndl"))
        let paths = laps.paths + [tmp.child("relay.bndl"), laps.paths[2]]

        let grouped = try Store.create(at: tmp.child("g"), kelurahan: Kelurahan(code: 1)!, label: "g")
        let single = try Store.create(at: tmp.child("s"), kelurahan: Kelurahan(code: 1)!, label: "s")
        defer { grouped.close(); single.close() }
        var gState = try SyncState.load(grouped)
        let gResults = BundleImporter(store: grouped).applyGroup(try Self.items(paths, for: grouped), state: &gState)
        var sSummaries: [BundleImporter.Summary] = []
        for p in paths { sSummaries.append(try BundleImporter(store: single).importFile(p)) }

        #expect(gResults.count == paths.count)
        for (g, s) in zip(gResults, sSummaries) {
            let g = try g.get()
            #expect((g.appended, g.alreadyHeld, g.newlyPending, g.pending) == (s.appended, s.alreadyHeld, s.newlyPending, s.pending))
        }
        #expect(grouped.versionVector == single.versionVector)
        let gh = Self.heads(grouped), sh = Self.heads(single)
        #expect(gh.count == sh.count && gh.allSatisfy { sh[$0.key]?.0 == $0.value.0 && sh[$0.key]?.1 == $0.value.1 })
        let gs = try SyncState.load(grouped), ss = try SyncState.load(single)
        #expect(gs.keys == ss.keys && gs.peers == ss.peers)
        #expect(gs.heads.mapValues { $0.map(\.seq) } == ss.heads.mapValues { $0.map(\.seq) })
        #expect(grouped.verify().isSound)
    }

    @Test("a forked bundle in a group is refused alone; the bundles before and after it are applied")
    func forkRefusedAlone() throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-group-fork")
        let laps = try Self.laptops(2, in: tmp)
        // A and its twin (a copy of its store, then each records different events): the same origin forked.
        let a = try Store.create(at: tmp.child("a"), kelurahan: Kelurahan.all[5], label: "A")
        try a.record(SampleRecords.mixedDrafts(3, kelurahanCode: Kelurahan.all[5].code), durability: .batch)
        a.close()
        try FileManager.default.copyItem(atPath: tmp.child("a"), toPath: tmp.child("twin"))
        let a2 = try Store.open(at: tmp.child("a")), twin = try Store.open(at: tmp.child("twin"))
        defer { a2.close(); twin.close() }
        try a2.record([SampleRecords.childDraft(100, kelurahanCode: Kelurahan.all[5].code)], durability: .batch)
        try twin.record([SampleRecords.childDraft(200, kelurahanCode: Kelurahan.all[5].code)], durability: .batch)
        try writeBundle(a2, to: tmp.child("a.bndl"))
        try writeBundle(twin, to: tmp.child("twin.bndl"))

        let hub = try Store.create(at: tmp.child("hub"), kelurahan: Kelurahan(code: 1)!, label: "hub")
        defer { hub.close() }
        _ = try BundleImporter(store: hub).importFile(tmp.child("a.bndl"))
        var state = try SyncState.load(hub)
        let items = try Self.items([laps.paths[0], tmp.child("twin.bndl"), laps.paths[1]], for: hub)
        let results = BundleImporter(store: hub).applyGroup(items, state: &state)
        #expect(try results[0].get().appended == 7)
        #expect(try results[2].get().appended == 8)
        expectSyncError(.fork) { _ = try results[1].get() }
        let stream = StreamID(origin: a2.replica, kelurahanCode: Kelurahan.all[5].code)
        #expect(hub.versionVector[stream] == 4 && hub.head(of: stream) == a2.head(of: stream))
        for lap in laps.stores { for s in lap.versionVector.streams { #expect(hub.versionVector[s] == lap.versionVector[s]) } }
        #expect(hub.verify().isSound)
    }

    @Test("a bundle whose file changes after it was verified takes its group back; every other bundle is applied on its own")
    func changedFileTakesGroupBack() throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-group-changed")
        let laps = try Self.laptops(3, in: tmp, events: 40)
        let hub = try Store.create(at: tmp.child("hub"), kelurahan: Kelurahan(code: 1)!, label: "hub")
        defer { hub.close() }
        var state = try SyncState.load(hub)
        let items = try Self.items(laps.paths, for: hub)
        // The middle bundle's file changes after verification: a byte of its deflated events flips.
        let path = laps.paths[1]
        let bytes = try Files.read(path)
        let at = bytes.count - 96 - 8  // before the digest (32 bytes) and the signature (64)
        let h = try #require(FileHandle(forUpdatingAtPath: path))  // in place: the verified file itself changes
        try h.seek(toOffset: UInt64(at))
        try h.write(contentsOf: Data([bytes[at] ^ 0x5a]))
        try h.close()
        let results = BundleImporter(store: hub).applyGroup(items, state: &state)
        #expect(try results[0].get().appended == 40)
        #expect(try results[2].get().appended == 42)
        expectSyncError(.forged) { _ = try results[1].get() }
        let changed = StreamID(origin: laps.stores[1].replica, kelurahanCode: laps.stores[1].metadata.kelurahan.code)
        #expect(hub.versionVector[changed] == 0, "events of the changed bundle were kept")
        for i in [0, 2] { for s in laps.stores[i].versionVector.streams { #expect(hub.versionVector[s] == laps.stores[i].versionVector[s]) } }
        #expect(!FileManager.default.fileExists(atPath: hub.directory + "/pending"))
        #expect(try SyncState.load(hub).keys[laps.stores[1].replica] == nil)
        #expect(hub.verify().isSound)
    }

    @Test("power cut at every step of a group commit (three bundles, the sync state rewritten in place): all or none")
    func powerCutEveryStep() throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-group-cut")
        let laps = try Self.laptops(4, in: tmp, events: 5)
        // The receiver already holds one laptop's events: its sync state and undo record's file
        // exist, so the group rewrites the sync state in place.
        let template = tmp.child("template")
        let t = try Store.create(at: template, kelurahan: Kelurahan(code: 1)!, label: "hub")
        _ = try BundleImporter(store: t).importFile(laps.paths[0])
        t.close()
        let before = try BundleCrashTests.state(template)
        #expect(before.keys.contains("sync-state"))
        let paths = Array(laps.paths.dropFirst())

        let clean = PowerCutFileSystem()
        try FileManager.default.copyItem(atPath: template, toPath: tmp.child("clean"))
        let steps: Int
        do {
            let c = try Store.open(at: tmp.child("clean"), fileSystem: clean)
            var state = try SyncState.load(c)
            let start = clean.operations
            let results = BundleImporter(store: c).applyGroup(try Self.items(paths, for: c), state: &state)
            #expect(try results.map { try $0.get().appended } == [6, 7, 8])
            steps = clean.operations - start
            c.close()
        }
        let after = try BundleCrashTests.state(tmp.child("clean"))
        #expect(after != before && steps > 8)

        var none = 0, all = 0
        for k in 0...steps {
            let context = "cut after \(k) of \(steps) operations"
            let run = tmp.child("run-\(k)")
            try FileManager.default.copyItem(atPath: template, toPath: run)
            let fs = PowerCutFileSystem()
            do {
                let c = try Store.open(at: run, fileSystem: fs)
                var state = try SyncState.load(c)
                let items = try Self.items(paths, for: c)
                fs.cutAfterOperations = fs.operations + k
                let results = BundleImporter(store: c).applyGroup(items, state: &state)
                if !fs.isDead { #expect(results.allSatisfy { (try? $0.get()) != nil }, "\(context): a bundle failed without a power cut") }
                c.close()
            }
            _ = fs.cut(seed: UInt64(k) &+ 41)
            let got = try BundleCrashTests.state(run)
            if got == after { all += 1 } else {
                none += 1
                #expect(got == before, "\(context): neither all nor none. Extra: \(got.keys.filter { before[$0] != got[$0] }.sorted())")
            }
            // Applying again completes it.
            let c = try Store.open(at: run)
            var state = try SyncState.load(c)
            let again = BundleImporter(store: c).applyGroup(try Self.items(paths, for: c), state: &state)
            #expect(again.allSatisfy { (try? $0.get()) != nil }, "\(context)")
            c.close()
            #expect(try BundleCrashTests.state(run) == after, "\(context)")
            try? FileManager.default.removeItem(atPath: run)
        }
        #expect(none > 0 && all > 0, "none \(none), all \(all)")
    }
}
