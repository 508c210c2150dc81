import Foundation
import Testing
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync
import SelarasTestSupport

/// Overwrites bytes of a file in place (same inode, same size), as an editor or a hostile
/// process could between verification and application.
private func overwrite(_ path: String, at offset: Int, with bytes: [UInt8]) throws {
    let h = try #require(FileHandle(forUpdatingAtPath: path))
    defer { try? h.close() }
    try h.seek(toOffset: UInt64(offset))
    try h.write(contentsOf: Data(bytes))
}

/// A store with `count` mixed events in Manggar.
private func bigStore(_ dir: ScratchDirectory, _ name: String, count: Int, seed: UInt64) throws -> Store {
    let s = try makeStore(at: dir.child(name), kelurahan: manggar, label: name, keySeed: seed)
    var done = 0
    while done < count {
        let n = min(2_000, count - done)
        try s.record(SampleRecords.mixedDrafts(n, start: done), durability: .batch)
        done += n
    }
    return s
}

@Suite("Streamed import (bounded chunks, two reads)")
struct StreamedImportTests {
    @Test("a bundle of several MiB imports through chunked reads: same state as its origin")
    func largeBundleImports() throws {
        let dir = try ScratchDirectory(prefix: "selaras-streamed")
        let a = try bigStore(dir, "a", count: 24_000, seed: 71)
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 72)
        let written = try writeBundle(a, to: dir.child("a.bndl"))
        // Larger than a run handed to the store and many inflated chunks: runs and frames cross boundaries.
        #expect(written.uncompressedBytes > 3 * UInt64(1 << 20))
        let s = try BundleImporter(store: c).importFile(dir.child("a.bndl"))
        #expect(s.appended == 24_000)
        #expect(c.versionVector == a.versionVector)
        #expect(try ConsolidatedState(store: c).digest == ConsolidatedState(store: a).digest)
        #expect(c.verify().isSound)
    }

    @Test("a large run beyond a gap is written to the pending area frame by frame, then drained")
    func largePendingRun() throws {
        let dir = try ScratchDirectory(prefix: "selaras-streamed")
        let a = try bigStore(dir, "a", count: 6_000, seed: 73)
        try writeBundle(a, to: dir.child("early.bndl"))
        let early = a.versionVector
        try a.record(SampleRecords.mixedDrafts(12_000, start: 6_000), durability: .batch)
        try writeBundle(a, to: dir.child("late.bndl"), assumed: early)
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 74)
        let late = try BundleImporter(store: c).importFile(dir.child("late.bndl"))
        #expect(late.appended == 0 && late.newlyPending == 12_000)
        let waiting = try PendingArea(store: c).segments()
        #expect(waiting.count == 1 && waiting.first?.firstSeq == 6_001 && waiting.first?.lastSeq == 18_000)
        let filled = try BundleImporter(store: c).importFile(dir.child("early.bndl"))
        #expect(filled.appended == 18_000 && filled.pending == 0)
        #expect(try PendingArea(store: c).segments().isEmpty)
        #expect(try ConsolidatedState(store: c).digest == ConsolidatedState(store: a).digest)
        #expect(c.verify().isSound)
    }

    @Test("a waiting run drains from its middle, read from its file in pieces, when a bundle covers its start")
    func pendingDrainsFromItsMiddle() throws {
        let dir = try ScratchDirectory(prefix: "selaras-streamed")
        let a = try bigStore(dir, "a", count: 6_000, seed: 75)
        let early = a.versionVector
        try a.record(SampleRecords.mixedDrafts(2_000, start: 6_000), durability: .batch)
        try writeBundle(a, to: dir.child("mid.bndl"))  // seq 1…8,000
        try a.record(SampleRecords.mixedDrafts(10_000, start: 8_000), durability: .batch)
        try writeBundle(a, to: dir.child("late.bndl"), assumed: early)  // seq 6,001…18,000
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 76)
        #expect(try BundleImporter(store: c).importFile(dir.child("late.bndl")).newlyPending == 12_000)
        let pendFile = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.child("c") + "/pending").first)
        let pendBytes = try #require(FileManager.default.attributesOfItem(atPath: dir.child("c") + "/pending/" + pendFile)[.size] as? Int)
        #expect(pendBytes > 1 << 20)  // more than one read and one run
        // The mid bundle holds seq 1…8,000; the waiting run continues from its 2,001st event.
        let filled = try BundleImporter(store: c).importFile(dir.child("mid.bndl"))
        #expect(filled.appended == 18_000 && filled.pending == 0)
        #expect(try PendingArea(store: c).segments().isEmpty)
        #expect(c.versionVector == a.versionVector)
        #expect(try ConsolidatedState(store: c).digest == ConsolidatedState(store: a).digest)
        #expect(c.verify().isSound)
    }

    @Test("a damaged waiting run is named and refused; the store is unchanged and the file stays for a person to remove",
          arguments: ["magic", "signed head", "a frame in the middle", "the CRC"])
    func damagedPendingRun(place: String) throws {
        let dir = try ScratchDirectory(prefix: "selaras-streamed")
        let a = try bigStore(dir, "a", count: 3_000, seed: 77)
        try writeBundle(a, to: dir.child("early.bndl"))
        let early = a.versionVector
        try a.record(SampleRecords.mixedDrafts(6_000, start: 3_000), durability: .batch)
        try writeBundle(a, to: dir.child("late.bndl"), assumed: early)
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 78)
        #expect(try BundleImporter(store: c).importFile(dir.child("late.bndl")).newlyPending == 6_000)
        let pending = dir.child("c") + "/pending/"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: pending).first)
        let size = try #require(FileManager.default.attributesOfItem(atPath: pending + name)[.size] as? Int)
        let at = ["magic": 0, "signed head": 20, "a frame in the middle": size / 2, "the CRC": size - 2][place]!
        let h = try #require(FileHandle(forUpdatingAtPath: pending + name))
        try h.seek(toOffset: UInt64(at))
        let old = try #require(try h.read(upToCount: 1)).first!
        try h.seek(toOffset: UInt64(at))
        try h.write(contentsOf: Data([old ^ 0x40]))
        try h.close()
        let before = c.versionVector
        #expect {
            try PendingArea(store: c).segments()
        } throws: { error in
            (error as? SyncError)?.code == .malformed && "\(error)".contains(name)
        }
        #expect(throws: SyncError.self) { try BundleImporter(store: c).importFile(dir.child("early.bndl")) }
        #expect(c.versionVector == before)
        #expect(FileManager.default.fileExists(atPath: pending + name))
    }

    @Test("a bundle altered in place after verification is refused at apply and nothing is applied",
          arguments: ["append", "pend"])
    func alteredAfterVerification(_ mode: String) throws {
        let dir = try ScratchDirectory(prefix: "selaras-streamed")
        let a = try bigStore(dir, "a", count: 3_000, seed: 75)
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 76)
        try c.record([SampleRecords.childDraft(9)], durability: .batch)
        // "pend": the bundle starts beyond a gap in C, so it would go to the pending area.
        var assumed = VersionVector()
        if mode == "pend" { for s in a.streams { assumed[s] = 10 } }
        let original = dir.child("original.bndl")
        try writeBundle(a, to: original, assumed: assumed)
        let bytes = try Files.read(original)
        let trailer = bytes.count - 96
        let before = try Files.snapshot(c.directory)
        let vv = c.versionVector
        // Header bytes, the first compressed bytes, the middle, the last compressed byte.
        for at in [20, 200, trailer / 2, trailer - 1] {
            let path = dir.child("altered-\(at).bndl")
            try Files.write(path, bytes)
            var state = try SyncState.load(c)
            let verified = try VerifiedBundle.read(path, knownKeys: state.keys)
            try overwrite(path, at: at, with: [bytes[at] ^ 0x5A])
            let e = expectSyncError(.forged, "byte \(at) altered") {
                _ = try BundleImporter(store: c).apply(verified, state: &state, name: path)
            }
            #expect(e?.message.contains("changed after it was verified") == true, "\(e?.message ?? "")")
            #expect(e?.message.hasSuffix("nothing was imported") == true)
            #expect(try Files.snapshot(c.directory) == before, "byte \(at): the store changed")
            #expect(c.versionVector == vv)
        }
        // The unaltered file still imports: the refusals were the alterations'.
        let s = try BundleImporter(store: c).importFile(original)
        #expect(mode == "pend" ? s.newlyPending == 2_990 : s.appended == 3_000)
    }

    @Test("a bundle cut short after verification is refused at apply and nothing is applied")
    func truncatedAfterVerification() throws {
        let dir = try ScratchDirectory(prefix: "selaras-streamed")
        let a = try bigStore(dir, "a", count: 3_000, seed: 77)
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 78)
        let path = dir.child("a.bndl")
        try writeBundle(a, to: path)
        let before = try Files.snapshot(c.directory)
        var state = try SyncState.load(c)
        let verified = try VerifiedBundle.read(path, knownKeys: state.keys)
        let h = try #require(FileHandle(forUpdatingAtPath: path))
        try h.truncate(atOffset: UInt64(verified.fileBytes / 2))
        try h.close()
        expectSyncError { _ = try BundleImporter(store: c).apply(verified, state: &state, name: path) }
        #expect(try Files.snapshot(c.directory) == before)
        #expect(c.versionVector.totalEvents == 0)
    }

    @Test("a bundle replaced by another file after verification is applied from the verified file")
    func replacedAfterVerification() throws {
        let dir = try ScratchDirectory(prefix: "selaras-streamed")
        let a = try bigStore(dir, "a", count: 2_000, seed: 79)
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 80)
        let path = dir.child("a.bndl")
        try writeBundle(a, to: path)
        var state = try SyncState.load(c)
        let verified = try VerifiedBundle.read(path, knownKeys: state.keys)
        try Files.write(path + ".other", Array(repeating: 0x42, count: 4096))
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: path + ".other", toPath: path)
        let s = try BundleImporter(store: c).apply(verified, state: &state, name: path)
        #expect(s.appended == 2_000)
        #expect(try ConsolidatedState(store: c).digest == ConsolidatedState(store: a).digest)
    }
}
