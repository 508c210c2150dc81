import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasTestSupport

@Suite("Store")
struct StoreTests {
    @Test("create, record, read back, reopen")
    func recordAndReadBack() throws {
        let tmp = try TemporaryDirectory()
        let dir = tmp.child("store")
        var recorded: [Event] = []
        let replica: ReplicaID
        do {
            let store = try Store.create(at: dir, kelurahan: manggar, label: "Posyandu Melati laptop 1")
            replica = store.replica
            #expect(store.metadata.kelurahan == manggar)
            #expect(store.metadata.label == "Posyandu Melati laptop 1")
            #expect(store.streams.isEmpty)
            let child = try store.record([SampleRecords.childDraft(1)])
            #expect(child.count == 1)
            #expect(child[0].dot.seq == 1)
            #expect(child[0].previousHash == .zero)
            let childID = child[0].entity
            let more = try store.record([
                SampleRecords.growthCheckDraft(child: childID, 2),
                SampleRecords.correctionDraft(of: childID, context: [child[0].dot]),
                SampleRecords.houseSurveyDraft(3, kelurahanCode: lamaru.code),
            ])
            recorded = child + more
            #expect(more.map(\.dot.seq) == [2, 3, 1])
            #expect(more[0].previousHash == child[0].hash)
            #expect(more[1].previousHash == more[0].hash)
            let s = StreamID(origin: replica, kelurahanCode: manggar.code)
            #expect(try store.events(in: s) == Array(recorded[0..<3]))
            #expect(store.head(of: s) == more[1].hash)
            #expect(store.versionVector == VersionVector([s: 3, StreamID(origin: replica, kelurahanCode: lamaru.code): 1]))
            #expect(store.verify().isSound)
            store.close()
        }
        let store = try Store.open(at: dir)
        #expect(store.recoveryNotes.isEmpty)
        #expect(store.replica == replica)
        var all: [Event] = []
        try store.forEachEvent { all.append($0) }
        #expect(Set(all) == Set(recorded))
        #expect(store.streams == store.streams.sorted())
        let report = store.verify()
        #expect(report.isSound)
        #expect(report.events == 4)
        #expect(report.streams == 2)
        // Appending after reopening continues the chain.
        let next = try store.record([SampleRecords.voidDraft(of: recorded[0].entity, context: [recorded[0].dot])])
        #expect(next[0].dot.seq == 4)
        #expect(next[0].previousHash == recorded[2].hash)
    }

    @Test("batch durability records a mixed batch across streams in the caller's order")
    func batch() throws {
        let tmp = try TemporaryDirectory()
        let store = try Store.create(at: tmp.child("s"), kelurahan: manggar, label: "t")
        let drafts = SampleRecords.mixedDrafts(30) + SampleRecords.mixedDrafts(10, start: 30, kelurahanCode: lamaru.code)
            + SampleRecords.mixedDrafts(5, start: 40)
        let events = try store.record(drafts, durability: .batch)
        #expect(events.count == drafts.count)
        for (d, e) in zip(drafts, events) {
            #expect(e.dot.stream.kelurahanCode == d.kelurahanCode)
            #expect(e.operation == d.operation)
        }
        let m = StreamID(origin: store.replica, kelurahanCode: manggar.code)
        #expect(try store.events(in: m).map(\.dot.seq) == Array(1...35))
        #expect(store.versionVector.totalEvents == 45)
        #expect(store.verify().isSound)
        store.close()
        let again = try Store.open(at: tmp.child("s"))
        #expect(again.verify().events == 45)
        #expect(try again.events(in: m).count == 35)
    }

    @Test("events(after:) starts at the right seq through the index", arguments: [0, 1, 17, 99, 100, 150])
    func eventsAfter(after: Int) throws {
        let tmp = try TemporaryDirectory()
        let store = try Store.create(at: tmp.child("s"), kelurahan: manggar, label: "t")
        let all = try store.record(SampleRecords.mixedDrafts(100), durability: .batch)
        let s = all[0].dot.stream
        #expect(try store.events(in: s, after: UInt64(after)) == Array(all.dropFirst(after)))
        // Also after a reopen, from the index on disk.
        store.close()
        let again = try Store.open(at: tmp.child("s"))
        #expect(again.recoveryNotes.isEmpty)
        #expect(try again.events(in: s, after: UInt64(after)) == Array(all.dropFirst(after)))
        #expect(try Files.read(Files.indexPath(tmp.child("s"), s)).count == 800)
    }

    @Test("the lock refuses a second open while the store is open")
    func lock() throws {
        let tmp = try TemporaryDirectory()
        let store = try Store.create(at: tmp.child("s"), kelurahan: manggar, label: "t")
        expectStoreError([.locked]) { _ = try Store.open(at: tmp.child("s")) }
        try store.record([SampleRecords.childDraft()])
        withExtendedLifetime(store) {}
    }

    @Test("close releases the lock even while the Store value is still referenced")
    func closeReleasesLock() throws {
        let tmp = try TemporaryDirectory()
        let store = try Store.create(at: tmp.child("s"), kelurahan: manggar, label: "t")
        try store.record([SampleRecords.childDraft()])
        store.close()
        let again = try Store.open(at: tmp.child("s"))
        #expect(again.versionVector.totalEvents == 1)
        withExtendedLifetime(store) {}
    }

    @Test("a store is reopened after it is released")
    func reopenAfterRelease() throws {
        let tmp = try TemporaryDirectory()
        do { _ = try Store.create(at: tmp.child("s"), kelurahan: manggar, label: "t") }
        for i in 0..<3 {
            let s = try Store.open(at: tmp.child("s"))
            try s.record([SampleRecords.childDraft(i)])
            #expect(s.versionVector.totalEvents == UInt64(i + 1))
        }
    }

    @Test("not a store, already exists")
    func refusals() throws {
        let tmp = try TemporaryDirectory()
        expectStoreError([.notAStore]) { _ = try Store.open(at: tmp.path) }
        try Files.write(tmp.child("x"), [1])
        expectStoreError([.alreadyExists]) { _ = try Store.create(at: tmp.path, kelurahan: manggar, label: "t") }
        // An empty existing directory is fine.
        try FileManager.default.createDirectory(atPath: tmp.child("empty"), withIntermediateDirectories: false)
        _ = try Store.create(at: tmp.child("empty"), kelurahan: manggar, label: "t")
        // A damaged replica file is refused, not repaired.
        let dir = tmp.child("d")
        do { _ = try Store.create(at: dir, kelurahan: manggar, label: "t") }
        var meta = try Files.read(dir + "/replica")
        meta[10] ^= 1
        try Files.write(dir + "/replica", meta)
        expectStoreError([.notAStore]) { _ = try Store.open(at: dir) }
    }
}
