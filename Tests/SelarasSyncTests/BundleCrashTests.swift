import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport

@Suite("Bundle import under power cuts")
struct BundleCrashTests {
    /// Every file of a store after reopening it (recovery done), without temporary files and
    /// directories (an empty pending directory left behind holds nothing).
    static func state(_ dir: String) throws -> [String: EventHash] {
        // Opening takes back an uncommitted batch and clears its undo record; the cleared file
        // (or its absence) is no part of the store's state.
        try Store.open(at: dir).close()
        return try Files.snapshot(dir).filter { !$0.key.hasSuffix(".tmp") && !$0.key.hasSuffix("/") && $0.key != "batch.journal" }
    }

    @Test("power cut at every step of a bundle import (two streams appended, one run set pending, the sync state): all or none")
    func powerCutEveryStep() throws {
        let dir = try ScratchDirectory(prefix: "selaras-bundle-cut")
        let a = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 91)
        let third = try #require(Kelurahan.all.first { $0 != manggar && $0 != lamaru })
        try a.record(SampleRecords.mixedDrafts(3) + SampleRecords.mixedDrafts(4, start: 3, kelurahanCode: lamaru.code)
                     + SampleRecords.mixedDrafts(2, start: 7, kelurahanCode: third.code), durability: .batch)
        // Lamaru from seq 3 only: the receiver holds nothing of it, so that run waits in the pending area.
        let lamaruStream = StreamID(origin: a.replica, kelurahanCode: lamaru.code)
        try writeBundle(a, to: dir.child("a.bndl"), assumed: VersionVector([lamaruStream: 2]))
        let template = dir.child("c")
        try makeStore(at: template, kelurahan: manggar, label: "C", keySeed: 92).close()
        let before = try Self.state(template)

        // A clean run: what the store holds after, and how many operations the import takes.
        let clean = PowerCutFileSystem()
        try Files.copyDirectory(template, dir.child("clean"))
        let steps: Int
        do {
            let c = try Store.open(at: dir.child("clean"), fileSystem: clean)
            let start = clean.operations
            let s = try BundleImporter(store: c).importFile(dir.child("a.bndl"))
            #expect(s.appended == 5 && s.newlyPending == 2, "\(s)")
            steps = clean.operations - start
            c.close()
        }
        let after = try Self.state(dir.child("clean"))
        #expect(after.keys.contains("sync-state") && after.keys.contains { $0.hasPrefix("pending/") }, "\(after.keys.sorted())")
        #expect(steps > 10)

        var none = 0, all = 0
        for k in 0...steps {
            let context = "cut after \(k) of \(steps) operations"
            let run = dir.child("run-\(k)")
            try Files.copyDirectory(template, run)
            let fs = PowerCutFileSystem()
            do {
                let c = try Store.open(at: run, fileSystem: fs)
                fs.cutAfterOperations = fs.operations + k
                _ = try BundleImporter(store: c).importFile(dir.child("a.bndl"))
                c.close()
            } catch {
                #expect(fs.isDead, "\(context): \(error) without a power cut")
            }
            let report = fs.cut(seed: UInt64(k) &+ 17)
            let got = try Self.state(run)
            if got == after { all += 1 } else {
                none += 1
                #expect(got == before, "\(context): neither all nor none. Extra: \(got.keys.filter { before[$0] == nil }.sorted()) \(report)")
            }
            // Importing again completes it.
            let c = try Store.open(at: run)
            _ = try BundleImporter(store: c).importFile(dir.child("a.bndl"))
            c.close()
            #expect(try Self.state(run) == after, "\(context)")
        }
        #expect(none > 0 && all > 0, "none \(none), all \(all)")
    }
}
