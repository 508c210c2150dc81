import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasTestSupport

@Suite("Atomic batches")
struct BatchTests {
    /// Two events in Manggar (a stream the template holds) and two in Lamaru (a new stream).
    static let twoStreams = SampleRecords.mixedDrafts(2, start: 40) + SampleRecords.mixedDrafts(2, start: 42, kelurahanCode: lamaru.code)
    static let digest = Store.importDigest(of: Array("a two-kelurahan spreadsheet".utf8))

    /// Events per stream, as canonical bytes.
    static func snapshot(_ dir: String) throws -> [StreamID: [[UInt8]]] {
        let store = try Store.open(at: dir)
        defer { store.close() }
        return try encodedEvents(store)
    }

    /// Whether the store's journal file holds an undo record (not absent, empty or cleared).
    static func holdsUndoRecord(_ dir: String) throws -> Bool {
        guard Files.exists(dir + "/batch.journal") else { return false }
        return Array(try Files.read(dir + "/batch.journal").prefix(8)) == Array("SLRSJRNL".utf8)
    }

    @Test("power cut at every step of a two-stream import batch (events + record of the file): reopened, all or none")
    func powerCutEveryStep() throws {
        let template = try Template()
        let before = try Self.snapshot(template.dir)
        // The batch's events as a clean run stores them, and how many operations it takes.
        let clean = PowerCutFileSystem()
        let after: [StreamID: [[UInt8]]]
        let steps: Int
        do {
            let tmp = try TemporaryDirectory()
            let dir = try template.copy(into: tmp)
            let store = try Store.open(at: dir, fileSystem: clean)
            let start = clean.operations
            try store.recordImport(Self.twoStreams, contentDigest: Self.digest)
            steps = clean.operations - start
            store.close()
            after = try Self.snapshot(dir)
        }
        #expect(steps > 8)
        #expect(after.count == 2 && after.values.reduce(0) { $0 + $1.count } == before.values.reduce(0) { $0 + $1.count } + 4)
        var none = 0, all = 0
        for k in 0...steps {
            for seed in UInt64(1)...3 {
                let context = "cut after \(k) of \(steps) operations, seed \(seed)"
                let tmp = try TemporaryDirectory(prefix: "selaras-batch-cut")
                let dir = try template.copy(into: tmp)
                let fs = PowerCutFileSystem()
                var acknowledged = false
                do {
                    let store = try Store.open(at: dir, fileSystem: fs)
                    fs.cutAfterOperations = fs.operations + k
                    try store.recordImport(Self.twoStreams, contentDigest: Self.digest)
                    acknowledged = true
                    store.close()
                } catch let e as StoreError {
                    #expect(fs.isDead, "\(context): \(e) without a power cut")
                }
                let report = fs.cut(seed: seed &* 1000 &+ UInt64(k))
                let reopened = try Store.open(at: dir)
                #expect(reopened.verify().isSound, "\(context): \(reopened.verify().problems) \(report)")
                let have = try encodedEvents(reopened).filter { !$0.value.isEmpty }
                let imported = try reopened.hasImported(Self.digest)
                if have == after {
                    all += 1
                    #expect(imported, "\(context): the events are in but the file is not recorded as imported")
                } else {
                    none += 1
                    #expect(have == before, "\(context): neither all nor none: \(have.mapValues(\.count)) \(report)")
                    #expect(!acknowledged, "\(context): an acknowledged batch was lost")
                    #expect(!imported, "\(context): the file is recorded as imported without its events")
                }
                #expect(try !Self.holdsUndoRecord(dir), "\(context): the undo record outlived recovery")
                // Life goes on: the streams continue without holes.
                let more = try reopened.record([SampleRecords.childDraft(90, kelurahanCode: lamaru.code)], durability: .batch)
                #expect(more[0].dot.seq == UInt64((have[more[0].dot.stream] ?? []).count) + 1, "\(context)")
                reopened.close()
            }
        }
        #expect(none > 0 && all > 0, "none \(none), all \(all)")
    }

    @Test("a batch cut after its first stream was synced is taken back on open, with a note")
    func killedBetweenStreams() throws {
        let template = try Template()
        let before = try Self.snapshot(template.dir)
        let tmp = try TemporaryDirectory()
        let dir = try template.copy(into: tmp)
        // Stop right after the first stream's fsync: the events of one kelurahan are durable.
        let fs = PowerCutFileSystem()
        let store = try Store.open(at: dir, fileSystem: fs)
        fs.cutAfterSyncOf = Files.logPath(dir, StreamID(origin: store.replica, kelurahanCode: manggar.code))
        expectStoreError([.io]) { try store.record(Self.twoStreams, durability: .batch) }
        store.close()
        fs.cut(seed: 7)
        let reopened = try Store.open(at: dir)
        #expect(try encodedEvents(reopened).filter { !$0.value.isEmpty } == before)
        #expect(reopened.recoveryNotes.contains { if case .uncommittedBatchUndone = $0.kind { true } else { false } },
                "\(reopened.recoveryNotes)")
    }

    @Test("a damaged undo record is refused with one sentence and nothing is changed",
          arguments: ["truncated", "huge count", "bad crc", "escaping path"])
    func damagedJournal(kind: String) throws {
        let template = try Template()
        let tmp = try TemporaryDirectory()
        let dir = try template.copy(into: tmp)
        var w = BinaryWriter()
        w.raw(Array("SLRSJRNL".utf8))
        w.u8(1)
        switch kind {
        case "huge count": w.varint(UInt64.max)
        case "escaping path": w.varint(1); w.string("../elsewhere"); w.u64(0)
        default: w.varint(0)
        }
        w.varint(0)
        w.varint(0)
        var bytes = w.bytes
        bytes += withUnsafeBytes(of: bytes.withUnsafeBytes { Frame.crc32($0) }.littleEndian) { Array($0) }
        if kind == "truncated" { bytes = Array(bytes.prefix(10)) }
        if kind == "bad crc" { bytes[bytes.count - 1] ^= 0xFF }
        try Files.write(dir + "/batch.journal", bytes)
        let logs = try FileManager.default.contentsOfDirectory(atPath: dir + "/streams").sorted()
        let sizes = try logs.map { try Files.read(dir + "/streams/" + $0).count }
        let e = expectStoreError([.corrupt]) { _ = try Store.open(at: dir) }
        #expect(e?.message.contains("batch.journal") == true, "\(String(describing: e))")
        #expect(try logs.map { try Files.read(dir + "/streams/" + $0).count } == sizes)
        #expect(Files.exists(dir + "/batch.journal"))
    }

    /// A version-2 undo record for `dir` listing each log at `lengths` (or its current length).
    static func record(_ dir: String, escaping: Bool = false) throws -> [UInt8] {
        var body = BinaryWriter()
        let logs = try FileManager.default.contentsOfDirectory(atPath: dir + "/streams").sorted().filter { $0.hasSuffix(".log") }
        body.varint(UInt64(logs.count) + (escaping ? 1 : 0))
        for name in logs { body.string("streams/" + name); body.u64(UInt64(try Files.read(dir + "/streams/" + name).count)) }
        if escaping { body.string("../elsewhere"); body.u64(0) }
        body.varint(0)
        body.varint(0)
        var w = BinaryWriter()
        w.raw(Array("SLRSJRNL".utf8))
        w.u8(2)
        w.u32(UInt32(body.bytes.count))
        w.raw(body.bytes)
        w.bytes += withUnsafeBytes(of: w.bytes.withUnsafeBytes { Frame.crc32($0) }.littleEndian) { Array($0) }
        return w.bytes
    }

    @Test("an undo record a power cut tore (cut short, failing its CRC, cleared or half-cleared) takes nothing back",
          arguments: ["cut short", "bad crc", "cleared", "half cleared", "empty"])
    func tornRecord(kind: String) throws {
        let template = try Template()
        let tmp = try TemporaryDirectory()
        let dir = try template.copy(into: tmp)
        var bytes = try Self.record(dir)
        // Events appended after the record: a whole record would take them back.
        do {
            let store = try Store.open(at: dir)
            try store.record(SampleRecords.mixedDrafts(3, start: 70), durability: .eachEvent)
            store.close()
        }
        let after = try Self.snapshot(dir)
        switch kind {
        case "cut short": bytes = Array(bytes.dropLast(3))
        case "bad crc": bytes[bytes.count - 1] ^= 0xFF
        case "cleared": bytes = [UInt8](repeating: 0, count: bytes.count)
        case "half cleared": bytes.replaceSubrange(0..<3, with: [UInt8](repeating: 0, count: 3))
        default: bytes = []
        }
        try Files.write(dir + "/batch.journal", bytes)
        let reopened = try Store.open(at: dir)
        #expect(try encodedEvents(reopened) == after)
        #expect(reopened.recoveryNotes.isEmpty, "\(reopened.recoveryNotes)")
        // A later batch reuses the file and commits.
        try reopened.record(SampleRecords.mixedDrafts(2, start: 80), durability: .batch)
        #expect(try !Self.holdsUndoRecord(dir))
        reopened.close()
    }

    @Test("a whole undo record is taken back; one whose CRC matches but whose path escapes is refused")
    func wholeRecord() throws {
        let template = try Template()
        let tmp = try TemporaryDirectory()
        let dir = try template.copy(into: tmp)
        let before = try Self.snapshot(dir)
        let record = try Self.record(dir)
        do {
            let store = try Store.open(at: dir)
            try store.record(SampleRecords.mixedDrafts(3, start: 70), durability: .eachEvent)
            store.close()
        }
        // Stale bytes of a longer earlier record after this one's CRC are ignored.
        try Files.write(dir + "/batch.journal", record + [UInt8](repeating: 0xAB, count: 40))
        let reopened = try Store.open(at: dir)
        #expect(try encodedEvents(reopened).filter { !$0.value.isEmpty } == before)
        #expect(reopened.recoveryNotes.contains { if case .uncommittedBatchUndone = $0.kind { true } else { false } })
        #expect(try !Self.holdsUndoRecord(dir))
        reopened.close()

        try Files.write(dir + "/batch.journal", try Self.record(dir, escaping: true))
        let e = expectStoreError([.corrupt]) { _ = try Store.open(at: dir) }
        #expect(e?.message.contains("does not stay inside the store") == true, "\(String(describing: e))")
    }

    @Test("the record of imports: a file's digest is kept with its events; a failed batch keeps neither")
    func importLedger() throws {
        let tmp = try TemporaryDirectory()
        let store = try Store.create(at: tmp.child("store"), kelurahan: manggar, label: "ledger")
        #expect(try !store.hasImported(Self.digest))
        try store.recordImport(Self.twoStreams, contentDigest: Self.digest)
        #expect(try store.hasImported(Self.digest))
        let other = Store.importDigest(of: Array("another".utf8))
        #expect(try !store.hasImported(other))
        store.close()
        let reopened = try Store.open(at: tmp.child("store"))
        #expect(try reopened.importedDigests() == [Self.digest])
        #expect(reopened.versionVector.totalEvents == 4)
    }
}
