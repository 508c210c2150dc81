import Crypto
import Foundation
import Testing
import SelarasLog
import SelarasModel
@testable import SelarasSync
import SelarasTestSupport

/// Imports `bytes` as a bundle file into `store` (verified with `plausibility`, the receiver's
/// clock), expecting a refusal of `code` whose message contains every one of `mentions`, and
/// every file of the store unchanged.
@discardableResult
func expectRefusedWhole(_ bytes: [UInt8], into store: Store, at path: String, code: SyncError.Code,
                        plausibility: EventPlausibility = EventPlausibility(),
                        mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> SyncError? {
    let before = try Files.snapshot(store.directory)
    let vv = store.versionVector
    try Files.write(path, bytes)
    let e = expectSyncError(code, mentions.joined(separator: ", "), sourceLocation: sourceLocation) {
        var state = try SyncState.load(store)
        let bundle = try VerifiedBundle.read(path, knownKeys: state.keys, plausibility: plausibility)
        _ = try BundleImporter(store: store).apply(bundle, state: &state, name: path)
    }
    for m in mentions {
        #expect(e?.message.contains(m) == true, "the refusal does not mention \(m): \(e?.message ?? "none")", sourceLocation: sourceLocation)
    }
    #expect(e.map { !$0.message.contains("\n") } ?? true, "the refusal is not one line", sourceLocation: sourceLocation)
    #expect(try Files.snapshot(store.directory) == before, "the store changed", sourceLocation: sourceLocation)
    #expect(store.versionVector == vv, sourceLocation: sourceLocation)
    return e
}

/// Finding 3 (numbers read from a bundle) and finding 4 (keys of other replicas), with
/// bundles whose every signature is genuine.
@Suite("Hostile bundles: numbers and keys")
struct HostileBundleTests {
    @Test("a section byte count of 2^63 or 2^64−1, signed by the real creator, is refused whole without a trap")
    func hugeByteCount() throws {
        let f = try BundleFixture()
        for huge: UInt64 in [1 << 63, .max, BundleHeader.maxBodyBytes + 1] {
            let m = try BundleForge.reheader(f.bytes, by: f.b) { h in
                h.with(sections: [h.sections[0].with(byteCount: huge)] + h.sections.dropFirst())
            }
            try expectRefusedWhole(m, into: f.c, at: f.dir.child("huge.bndl"), code: .implausible,
                                   mentions: [f.bundleName("huge.bndl"), "section 1 of 3", "\(huge) bytes"])
        }
        // A count too small for the section's events is refused the same way (not a cut-short frame).
        let small = try BundleForge.reheader(f.bytes, by: f.b) { h in
            h.with(sections: [h.sections[0].with(byteCount: 0)] + h.sections.dropFirst())
        }
        try expectRefusedWhole(small, into: f.c, at: f.dir.child("small.bndl"), code: .implausible, mentions: ["section 1 of 3", "0 bytes"])
        #expect(try BundleImporter(store: f.c).importFile(f.bundlePath).appended == 5)
    }

    @Test("a creation time of Int64.max or Int64.min is refused whole, naming the value")
    func extremeCreationTime() throws {
        let f = try BundleFixture()
        for t in [Int64.max, Int64.min, EventPlausibility.earliestTime - 1] {
            let m = try BundleForge.reheader(f.bytes, by: f.b) { $0.with(createdAt: t) }
            try expectRefusedWhole(m, into: f.c, at: f.dir.child("t.bndl"), code: .implausible, mentions: ["creation time", "time window"])
            // `bundle inspect` reads the same way: a refusal, not a trap.
            #expect(throws: SyncError.self) { _ = try VerifiedBundle.read(f.dir.child("t.bndl")) }
        }
    }

    @Test("seqs near 2^64 (a genuine chain and head) are refused whole without a trap")
    func seqsNearTheTop() throws {
        let dir = try ScratchDirectory(prefix: "selaras-seq")
        let a = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 71)
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 72)
        let stream = StreamID(origin: a.replica, kelurahanCode: manggar.code)
        for first in [UInt64.max - 1, UInt64.max, 1 << 63, BundleHeader.maxSeq] {
            let drafts = first == UInt64.max ? [SampleRecords.houseSurveyDraft(1)] : [SampleRecords.houseSurveyDraft(1), SampleRecords.houseSurveyDraft(2)]
            let m = try BundleForge.bytes(creator: a, sections: [ForgedSection(stream: stream, firstSeq: first, previousHash: EventHash.of([1]), drafts: drafts, signer: a)])
            try expectRefusedWhole(m, into: c, at: dir.child("seq.bndl"), code: .implausible,
                                   mentions: ["section 1 of 1", "stream \(stream)", "seqs \(first)…", "allowed: 1…\(BundleHeader.maxSeq)"])
        }
        // A version vector naming such a seq is refused too (it becomes the next bundle's "assumed").
        try a.record([SampleRecords.houseSurveyDraft(3)], durability: .batch)
        try writeBundle(a, to: dir.child("good.bndl"))
        let good = try Files.read(dir.child("good.bndl"))
        let m = try BundleForge.reheader(good, by: a) { $0.with(covers: VersionVector([stream: .max])) }
        try expectRefusedWhole(m, into: c, at: dir.child("vv.bndl"), code: .implausible, mentions: ["covered version vector", "\(UInt64.max)"])
        #expect(try BundleImporter(store: c).importFile(dir.child("good.bndl")).appended == 1)
    }

    @Test("a state file naming a seq near 2^64 is refused")
    func stateFileSeq() throws {
        let id = ReplicaID(rawValue: 42)
        let file = ReplicaStateFile(replica: id, versionVector: VersionVector([StreamID(origin: id, kelurahanCode: 26): .max]))
        #expect(throws: SyncError.self) { _ = try ReplicaStateFile.decode(file.encoded, name: "s") }
    }

    @Test("a cadre's bundle carrying a false key for another laptop is refused, naming the cadre; the victim still syncs")
    func falseKeyForAnotherReplica() throws {
        let dir = try ScratchDirectory(prefix: "selaras-keys")
        let cadre = try makeStore(at: dir.child("cadre"), kelurahan: manggar, label: "A", keySeed: 81)
        let victim = try makeStore(at: dir.child("victim"), kelurahan: manggar, label: "B", keySeed: 82)
        let hub = try makeStore(at: dir.child("hub"), kelurahan: manggar, label: "H", keySeed: 83)
        let mallory = try makeStore(at: dir.child("m"), kelurahan: manggar, label: "M", keySeed: 84)
        let fake = Array(mallory.publicKey.rawRepresentation)
        try victim.record(SampleRecords.mixedDrafts(3), durability: .batch)
        try cadre.record(SampleRecords.mixedDrafts(2, start: 10), durability: .batch)
        try writeBundle(cadre, to: dir.child("cadre.bndl"))
        let genuine = try Files.read(dir.child("cadre.bndl"))
        let poisoned = try BundleForge.reheader(genuine, by: cadre) { h in
            var keys = h.keys
            keys[victim.replica] = fake
            return h.with(keys: keys)
        }
        // Before the hub knows the victim: the key is not the victim's (ids derive from keys).
        var e = try expectRefusedWhole(poisoned, into: hub, at: dir.child("p.bndl"), code: .forged,
                                       mentions: ["its creator, replica \(cadre.replica)", "replica \(victim.replica)"])
        // After the hub knows the victim: a known key never changes.
        try writeBundle(victim, to: dir.child("victim.bndl"))
        #expect(try BundleImporter(store: hub).importFile(dir.child("victim.bndl")).appended == 3)
        e = try expectRefusedWhole(poisoned, into: hub, at: dir.child("p.bndl"), code: .forged,
                                   mentions: ["its creator, replica \(cadre.replica)", "different key for replica \(victim.replica)"])
        #expect(e?.message.hasPrefix(dir.child("p.bndl") + ": its creator") == true)
        // The state-level rule refuses it too (the hub re-checks keys learned meanwhile).
        var state = try SyncState.load(hub)
        let header = try VerifiedBundle.read(dir.child("cadre.bndl")).header.with(keys: [victim.replica: fake])
        #expect(throws: SyncError.self) { try state.learnKeys(of: header, name: "x") }
        #expect(state.keys[victim.replica] == Array(victim.publicKey.rawRepresentation))
        // The victim's next genuine bundle still imports; the cadre's genuine one too.
        try victim.record(SampleRecords.mixedDrafts(2, start: 20), durability: .batch)
        try writeBundle(victim, to: dir.child("victim2.bndl"), assumed: hub.versionVector)
        #expect(try BundleImporter(store: hub).importFile(dir.child("victim2.bndl")).appended == 2)
        #expect(try BundleImporter(store: hub).importFile(dir.child("cadre.bndl")).appended == 2)
        #expect(try SyncState.load(hub).keys[victim.replica] == Array(victim.publicKey.rawRepresentation))
    }
}

extension BundleFixture {
    /// The path a refusal names for a file in the fixture's directory.
    func bundleName(_ file: String) -> String { dir.child(file) }
}
