import Crypto
import Foundation
import Testing
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync
import SelarasTestSupport

/// A small real bundle: 3 events of A (relayed by B) and 2 of B, made by B; a target store C
/// with events of its own.
final class BundleFixture {
    let dir: ScratchDirectory
    let a: Store, b: Store, c: Store
    let bundlePath: String
    let bytes: [UInt8]
    /// A's own bundle (for its trailer signature).
    let aBundle: [UInt8]

    init() throws {
        dir = try ScratchDirectory(prefix: "selaras-bad")
        a = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 11)
        b = try makeStore(at: dir.child("b"), kelurahan: lamaru, label: "B", keySeed: 22)
        c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 33)
        let child = try a.record([SampleRecords.childDraft(1)], durability: .batch)[0]
        try a.record([SampleRecords.growthCheckDraft(child: child.entity, 2), SampleRecords.houseSurveyDraft(3)], durability: .batch)
        try writeBundle(a, to: dir.child("a.bndl"))
        aBundle = try Files.read(dir.child("a.bndl"))
        _ = try BundleImporter(store: b).importFile(dir.child("a.bndl"))
        try b.record([SampleRecords.childDraft(4, kelurahanCode: lamaru.code),
                      SampleRecords.correctionDraft(of: child.entity, context: [child.dot])], durability: .batch)
        try c.record([SampleRecords.childDraft(5), SampleRecords.houseSurveyDraft(6)], durability: .batch)
        bundlePath = dir.child("b.bndl")
        try writeBundle(b, to: bundlePath)
        bytes = try Files.read(bundlePath)
    }

    /// Writes `bytes` as a bundle file and imports it into C, expecting a refusal that leaves
    /// every file of C as it was.
    func expectRefused(_ mutated: [UInt8], _ what: String, code: SyncError.Code? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Files.snapshot(c.directory)
        let vv = c.versionVector
        let path = dir.child("mutated.bndl")
        try Files.write(path, mutated)
        expectSyncError(code, what, sourceLocation: sourceLocation) { _ = try BundleImporter(store: c).importFile(path) }
        #expect(try Files.snapshot(c.directory) == before, "\(what): the store changed", sourceLocation: sourceLocation)
        #expect(c.versionVector == vv, "\(what): the version vector changed", sourceLocation: sourceLocation)
    }

    /// The bundle with its trailer recomputed: the digest over everything before it, signed by `signer`.
    static func resigned(_ bytes: [UInt8], by signer: Store) throws -> [UInt8] {
        let body = Array(bytes.dropLast(96))
        let digest = Array(SHA256.hash(data: body))
        return body + digest + (try signer.sign(digest))
    }
}

/// Every offset of `needle` in `haystack`.
func offsets(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
    guard haystack.count >= needle.count else { return [] }
    return (0...(haystack.count - needle.count)).filter { Array(haystack[$0..<($0 + needle.count)]) == needle }
}

/// The offset of the only occurrence of `needle` in `haystack`.
func offset(of needle: [UInt8], in haystack: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
    var found: [Int] = []
    if haystack.count >= needle.count {
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle {
            found.append(i)
        }
    }
    try #require(found.count == 1, "expected one occurrence, found \(found.count)", sourceLocation: sourceLocation)
    return found[0]
}

func replacing(_ bytes: [UInt8], at o: Int, with new: [UInt8]) -> [UInt8] {
    var out = bytes
    out.replaceSubrange(o..<(o + new.count), with: new)
    return out
}

@Suite("Bad bundles")
struct BadBundleTests {
    @Test("the fixture bundle is good: two origins, one relayed, imports into C")
    func fixtureIsGood() throws {
        let f = try BundleFixture()
        let v = try VerifiedBundle.read(f.bundlePath)
        #expect(v.header.creator == f.b.replica)
        #expect(Set(v.sections.map(\.info.stream.origin)) == [f.a.replica, f.b.replica])
        #expect(v.header.eventCount == 5)
        let s = try BundleImporter(store: f.c).importFile(f.bundlePath)
        #expect(s.appended == 5)
        #expect(try ConsolidatedState(store: f.c).digest != ConsolidatedState(store: f.b).digest) // C has its own events too
    }

    @Test("every flipped byte is refused and leaves the store unchanged")
    func everyFlippedByte() throws {
        let f = try BundleFixture()
        let before = try Files.snapshot(f.c.directory)
        for i in 0..<f.bytes.count {
            for mask: UInt8 in [0xFF, 1 << UInt8(i % 8)] {
                var m = f.bytes
                m[i] ^= mask
                try f.expectRefused(m, "byte \(i) of \(f.bytes.count) xor \(mask)")
            }
        }
        #expect(try Files.snapshot(f.c.directory) == before)
        // The unflipped bundle still imports: the refusals were the flips'.
        #expect(try BundleImporter(store: f.c).importFile(f.bundlePath).appended == 5)
    }

    @Test("every truncation point is refused and leaves the store unchanged")
    func everyTruncation() throws {
        let f = try BundleFixture()
        for n in 0..<f.bytes.count {
            try f.expectRefused(Array(f.bytes.prefix(n)), "cut at \(n) of \(f.bytes.count)")
        }
        // A bundle with bytes appended is refused too.
        try f.expectRefused(f.bytes + [0], "one byte appended")
        try f.expectRefused(f.bytes + f.bytes, "doubled")
        #expect(try BundleImporter(store: f.c).importFile(f.bundlePath).appended == 5)
    }

    @Test("swapped and re-signed signatures are refused as forged")
    func swappedSignatures() throws {
        let f = try BundleFixture()
        let m = try makeStore(at: f.dir.child("m"), kelurahan: manggar, label: "Mallory", keySeed: 44)
        let header = try VerifiedBundle.read(f.bundlePath).header
        let trailer = f.bytes.count - 96
        let digest = Array(f.bytes[trailer..<(trailer + 32)])

        // The creator's signature made by another replica (over the same digest).
        try f.expectRefused(Array(f.bytes.prefix(trailer + 32)) + (try f.a.sign(digest)), "signature by A over B's bundle", code: .forged)
        // The creator's signature taken from another bundle.
        try f.expectRefused(Array(f.bytes.prefix(trailer + 32)) + Array(f.aBundle.suffix(64)), "signature of another bundle", code: .forged)
        // A bundle re-signed by another key, still claiming B as creator.
        try f.expectRefused(try BundleFixture.resigned(f.bytes, by: m), "re-signed by M claiming B", code: .forged)
        // ... and presenting M's key as B's.
        // (B's key stands twice: as the creator's, and as the key of B's own stream.)
        let mKey = Array(m.publicKey.rawRepresentation)
        let bKeyAt = offsets(of: header.creatorKey, in: f.bytes)
        #expect(bKeyAt.count == 2)
        try f.expectRefused(try BundleFixture.resigned(replacing(f.bytes, at: bKeyAt[0], with: mKey), by: m),
                            "re-signed by M presenting M's key as the creator's", code: .forged)
        try f.expectRefused(try BundleFixture.resigned(bKeyAt.reduce(f.bytes) { replacing($0, at: $1, with: mKey) }, by: m),
                            "re-signed by M presenting M's key as B's everywhere", code: .forged)

        // Head signatures swapped between the two streams (the bundle otherwise properly signed by B).
        #expect(header.sections.count == 3) // A/26 relayed; B/26 (B's correction of A's child) and B/22
        let s0 = header.sections[0].head.signature, s1 = header.sections[1].head.signature
        let o0 = try offset(of: s0, in: f.bytes), o1 = try offset(of: s1, in: f.bytes)
        let swapped = replacing(replacing(f.bytes, at: o0, with: s1), at: o1, with: s0)
        try f.expectRefused(try BundleFixture.resigned(swapped, by: f.b), "head signatures swapped", code: .forged)
        // One head signature replaced by a signature of the same head by another key.
        for (i, section) in header.sections.enumerated() {
            let o = try offset(of: section.head.signature, in: f.bytes)
            let forgedHead = try m.sign(SignedHead.message(stream: section.stream, seq: section.head.seq, hash: section.head.hash))
            try f.expectRefused(try BundleFixture.resigned(replacing(f.bytes, at: o, with: forgedHead), by: f.b),
                                "head \(i) signed by M", code: .forged)
        }
        // A relayed origin's key replaced by M's key and its head re-signed by M: the key does not belong to A.
        let aSection = try #require(header.sections.first { $0.stream.origin == f.a.replica })
        let aKeyAt = try offset(of: Array(f.a.publicKey.rawRepresentation), in: f.bytes)
        let aHeadAt = try offset(of: aSection.head.signature, in: f.bytes)
        let mHead = try m.sign(SignedHead.message(stream: aSection.stream, seq: aSection.head.seq, hash: aSection.head.hash))
        let impostor = replacing(replacing(f.bytes, at: aKeyAt, with: mKey), at: aHeadAt, with: mHead)
        try f.expectRefused(try BundleFixture.resigned(impostor, by: f.b), "A's key and head replaced by M's", code: .forged)
        // The untouched bundle re-signed by its own creator is fine (the helper is sound).
        #expect(try BundleFixture.resigned(f.bytes, by: f.b) == f.bytes)
    }

    @Test("a second import of the same bundle is nothing new and changes no file")
    func idempotent() throws {
        let f = try BundleFixture()
        let first = try BundleImporter(store: f.c).importFile(f.bundlePath)
        #expect(first.appended == 5 && !first.nothingNew)
        let files = try Files.snapshot(f.c.directory)
        let digest = try ConsolidatedState(store: f.c).digest
        let second = try BundleImporter(store: f.c).importFile(f.bundlePath)
        #expect(second.nothingNew)
        #expect(second.alreadyHeld == 5)
        #expect(try Files.snapshot(f.c.directory) == files)
        #expect(try ConsolidatedState(store: f.c).digest == digest)
    }

    @Test("replaying 1,000 old bundles in random order changes nothing")
    func replayOldBundles() throws {
        let dir = try ScratchDirectory(prefix: "selaras-replay")
        let a = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 1)
        let b = try makeStore(at: dir.child("b"), kelurahan: lamaru, label: "B", keySeed: 2)
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 3)
        var rng = SeededRandom(seed: 1000)
        var bundles: [String] = []
        var lastFrom: [ReplicaID: VersionVector] = [:]
        var n = 0
        for i in 0..<10 {
            let (me, other) = i % 2 == 0 ? (a, b) : (b, a)
            n += 1
            try me.record(SampleRecords.mixedDrafts(Int.random(in: 1...3, using: &rng), start: n * 10, kelurahanCode: i % 3 == 0 ? lamaru.code : manggar.code),
                          durability: .batch)
            if let prev = bundles.last, Bool.random(using: &rng) { _ = try BundleImporter(store: me).importFile(prev) }
            let path = dir.child("old-\(i).bndl")
            _ = try BundleWriter(store: me, state: try SyncState.load(me)).write(to: path, assumed: lastFrom[me.replica] ?? VersionVector())
            lastFrom[me.replica] = me.versionVector
            bundles.append(path)
            _ = other
        }
        for p in bundles { _ = try BundleImporter(store: c).importFile(p) }
        #expect(try PendingArea(store: c).segments().isEmpty)
        #expect(c.versionVector.dominates(a.versionVector) && c.versionVector.dominates(b.versionVector))
        let files = try Files.snapshot(c.directory)
        let digest = try ConsolidatedState(store: c).digest
        for k in 0..<1000 {
            let p = bundles[Int.random(in: 0..<bundles.count, using: &rng)]
            let s = try BundleImporter(store: c).importFile(p)
            #expect(s.nothingNew, "replay \(k) of \(p)")
            if k % 50 == 0 || k == 999 { #expect(try Files.snapshot(c.directory) == files, "replay \(k) changed files") }
        }
        #expect(try ConsolidatedState(store: c).digest == digest)

        // A fresh replica importing the same bundles in a random order ends in the same place.
        let d = try makeStore(at: dir.child("d"), kelurahan: lamaru, label: "D", keySeed: 4)
        for p in bundles.shuffled(using: &rng) { _ = try BundleImporter(store: d).importFile(p) }
        #expect(try PendingArea(store: d).segments().isEmpty)
        #expect(d.versionVector == c.versionVector)
        #expect(try ConsolidatedState(store: d).digest == digest)
    }

    @Test("a later bundle first waits in pending, survives a restart, and drains when the gap fills")
    func outOfOrder() throws {
        let dir = try ScratchDirectory(prefix: "selaras-ooo")
        let a = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 5)
        var c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 6)
        try a.record(SampleRecords.mixedDrafts(3), durability: .batch)
        try writeBundle(a, to: dir.child("1.bndl"))
        let first = a.versionVector
        try a.record(SampleRecords.mixedDrafts(4, start: 3), durability: .batch)
        try writeBundle(a, to: dir.child("2.bndl"), assumed: first)
        let stream = StreamID(origin: a.replica, kelurahanCode: manggar.code)

        let s2 = try BundleImporter(store: c).importFile(dir.child("2.bndl"))
        #expect(s2.appended == 0 && s2.pending == 4)
        #expect(c.versionVector[stream] == 0)
        var segments = try PendingArea(store: c).segments()
        #expect(segments.count == 1)
        #expect(segments.first?.stream == stream && segments.first?.firstSeq == 4 && segments.first?.lastSeq == 7)
        // Again: still waiting, nothing new.
        #expect(try BundleImporter(store: c).importFile(dir.child("2.bndl")).nothingNew)

        c.close()
        c = try Store.open(at: dir.child("c"))
        segments = try PendingArea(store: c).segments()
        #expect(segments.map(\.firstSeq) == [4] && segments.map(\.lastSeq) == [7])

        let s1 = try BundleImporter(store: c).importFile(dir.child("1.bndl"))
        #expect(s1.appended == 7)
        #expect(s1.pending == 0)
        #expect(try PendingArea(store: c).segments().isEmpty)
        #expect(c.versionVector == a.versionVector)
        #expect(try ConsolidatedState(store: c).digest == ConsolidatedState(store: a).digest)
    }

    /// A's store copied (restored from a backup, say) and both copies recording on: the same
    /// seqs with different events.
    func forkedOrigin(_ dir: ScratchDirectory) throws -> (a: Store, twin: Store, c: Store) {
        let a = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 7)
        try a.record(SampleRecords.mixedDrafts(3), durability: .batch)
        a.close()
        try Files.copyDirectory(dir.child("a"), dir.child("twin"))
        let a2 = try Store.open(at: dir.child("a"))
        let twin = try Store.open(at: dir.child("twin"))
        #expect(twin.replica == a2.replica)
        try a2.record([SampleRecords.childDraft(100), SampleRecords.childDraft(101)], durability: .batch)
        try twin.record([SampleRecords.houseSurveyDraft(200), SampleRecords.houseSurveyDraft(201)], durability: .batch)
        let c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 8)
        return (a2, twin, c)
    }

    @Test("a forked origin is refused with .fork and the store is unchanged")
    func fork() throws {
        let dir = try ScratchDirectory(prefix: "selaras-fork")
        let (a, twin, c) = try forkedOrigin(dir)
        try writeBundle(a, to: dir.child("a.bndl"))
        try writeBundle(twin, to: dir.child("twin-full.bndl"))
        let common = VersionVector([StreamID(origin: a.replica, kelurahanCode: manggar.code): 3])
        try writeBundle(twin, to: dir.child("twin-delta.bndl"), assumed: common)
        #expect(try BundleImporter(store: c).importFile(dir.child("a.bndl")).appended == 5)
        for name in ["twin-full.bndl", "twin-delta.bndl"] {
            let before = try Files.snapshot(c.directory)
            expectSyncError(.fork, name) { _ = try BundleImporter(store: c).importFile(dir.child(name)) }
            #expect(try Files.snapshot(c.directory) == before, "\(name) changed the store")
        }
        // The good bundle is still nothing new.
        #expect(try BundleImporter(store: c).importFile(dir.child("a.bndl")).nothingNew)
    }

    @Test("a bundle contradicting a forked run waiting in pending is refused whole")
    func forkInPending() throws {
        let dir = try ScratchDirectory(prefix: "selaras-forkp")
        let (a, twin, c) = try forkedOrigin(dir)
        let stream = StreamID(origin: a.replica, kelurahanCode: manggar.code)
        // The twin's 5′…6′ wait in C (beyond the gap); then A's 1…5 arrives, whose 5 is not 5′.
        try twin.record([SampleRecords.houseSurveyDraft(202)], durability: .batch)
        try writeBundle(twin, to: dir.child("twin-late.bndl"), assumed: VersionVector([stream: 4]))
        try writeBundle(a, to: dir.child("a.bndl"))
        #expect(try BundleImporter(store: c).importFile(dir.child("twin-late.bndl")).pending == 2)
        let before = try Files.snapshot(c.directory)
        let vv = c.versionVector
        expectSyncError(.fork) { _ = try BundleImporter(store: c).importFile(dir.child("a.bndl")) }
        #expect(try Files.snapshot(c.directory) == before, "the refused bundle changed the store")
        #expect(c.versionVector == vv)
        // The side seen first goes on: the twin's whole stream imports and drains.
        try writeBundle(twin, to: dir.child("twin-full.bndl"))
        let s = try BundleImporter(store: c).importFile(dir.child("twin-full.bndl"))
        #expect(s.appended == 6)
        #expect(c.versionVector[stream] == 6)
        #expect(try PendingArea(store: c).segments().isEmpty)
    }
}

@Suite struct ScopedBundleTests {
    @Test("a bundle for one kelurahan carries only that kelurahan's streams, in its sections and in its header's vector")
    func scopedHeader() throws {
        let f = try BundleFixture()
        // B holds a Manggar stream (A's, relayed) and a Lamaru stream (its own).
        #expect(Set(f.b.versionVector.streams.map(\.kelurahanCode)) == [manggar.code, lamaru.code])
        let path = f.dir.child("lamaru.bndl")
        _ = try BundleWriter(store: f.b, state: try SyncState.load(f.b))
            .write(to: path, assumed: VersionVector(), kelurahan: [lamaru.code])
        let bundle = try VerifiedBundle.read(path)
        #expect(!bundle.header.sections.isEmpty)
        #expect(bundle.header.sections.allSatisfy { $0.head.stream.kelurahanCode == lamaru.code })
        #expect(bundle.header.covers.streams.allSatisfy { $0.kelurahanCode == lamaru.code })
        #expect(bundle.header.keys.keys.allSatisfy { $0 == f.b.replica })
    }
}
