import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasTestSupport

@Suite("Recovery and verify")
struct RecoveryTests {
    /// A closed store with `count` events in Manggar's stream.
    func makeStore(_ tmp: TemporaryDirectory, count: Int = 4) throws -> (dir: String, stream: StreamID, events: [Event]) {
        let dir = tmp.child("s")
        let store = try Store.create(at: dir, kelurahan: manggar, label: "t")
        let events = try store.record(SampleRecords.mixedDrafts(count), durability: .batch)
        store.close()
        return (dir, events[0].dot.stream, events)
    }

    @Test("a torn last frame, cut at every byte, is truncated and reported; nothing else is lost")
    func tornTailEveryByte() throws {
        let tmp = try TemporaryDirectory()
        let (dir, stream, events) = try makeStore(tmp)
        let logPath = Files.logPath(dir, stream), idxPath = Files.indexPath(dir, stream)
        let log = try Files.read(logPath), idx = try Files.read(idxPath)
        let last = Files.frames(log).starts.last!
        #expect(Files.frames(log).end == log.count)
        for cut in (last + 1)..<log.count {
            try Files.write(logPath, Array(log[..<cut]))
            if cut % 2 == 0 { try Files.write(idxPath, idx) } else { Files.remove(idxPath) }
            let store = try Store.open(at: dir)
            #expect(store.recoveryNotes.contains { $0.stream == stream && $0.kind == .tornTailTruncated(offset: UInt64(last), bytes: UInt64(cut - last)) },
                    "cut at \(cut): \(store.recoveryNotes)")
            #expect(try store.events(in: stream) == Array(events.dropLast()), "cut at \(cut)")
            #expect(store.verify().isSound, "cut at \(cut)")
            #expect(try Files.read(logPath) == Array(log[..<last]))
            // The stream continues at the next seq with the right chain.
            if cut == last + 1 || cut == log.count - 1 {
                let e = try store.record([SampleRecords.childDraft(99)])
                #expect(e[0].dot.seq == UInt64(events.count))
                #expect(e[0].previousHash == events[events.count - 2].hash)
            }
        }
    }

    @Test("a zero-filled tail (space allocated by a crash) is truncated", arguments: [1, 7, 8, 100, 4096])
    func zeroTail(zeros: Int) throws {
        let tmp = try TemporaryDirectory()
        let (dir, stream, events) = try makeStore(tmp)
        let logPath = Files.logPath(dir, stream)
        let log = try Files.read(logPath)
        try Files.write(logPath, log + [UInt8](repeating: 0, count: zeros))
        let store = try Store.open(at: dir)
        #expect(store.recoveryNotes.map(\.kind) == [.tornTailTruncated(offset: UInt64(log.count), bytes: UInt64(zeros))])
        #expect(store.recoveryNotes.allSatisfy { $0.stream == stream })
        #expect(try store.events(in: stream) == events)
        #expect(try Files.read(logPath) == log)
        #expect(store.verify().isSound)
    }

    @Test("a last frame overwritten with zeros is truncated")
    func zeroedLastFrame() throws {
        let tmp = try TemporaryDirectory()
        let (dir, stream, events) = try makeStore(tmp)
        let logPath = Files.logPath(dir, stream)
        var log = try Files.read(logPath)
        let last = Files.frames(log).starts.last!
        for i in last..<log.count { log[i] = 0 }
        try Files.write(logPath, log)
        let store = try Store.open(at: dir)
        #expect(try store.events(in: stream) == Array(events.dropLast()))
        #expect(store.verify().isSound)
    }

    @Test("a flipped byte before the tail: open refuses with .corrupt and changes no byte", arguments: [0, 1, 2])
    func flippedByteBeforeTail(frame: Int) throws {
        let tmp = try TemporaryDirectory()
        let (dir, stream, _) = try makeStore(tmp)
        let logPath = Files.logPath(dir, stream), idxPath = Files.indexPath(dir, stream)
        var log = try Files.read(logPath)
        let starts = Files.frames(log).starts
        log[starts[frame] + 20] ^= 0x10
        try Files.write(logPath, log)
        Files.remove(idxPath) // so that opening scans the whole log
        let e = expectStoreError([.corrupt]) { _ = try Store.open(at: dir) }
        #expect(e?.message.contains("byte \(starts[frame])") == true, "\(String(describing: e))")
        #expect(try Files.read(logPath) == log)
        #expect(!Files.exists(idxPath))
    }

    @Test("a flipped byte in the last complete frame is damage too, not a torn write")
    func flippedLastFrame() throws {
        let tmp = try TemporaryDirectory()
        let (dir, stream, _) = try makeStore(tmp)
        let logPath = Files.logPath(dir, stream)
        var log = try Files.read(logPath)
        log[log.count - 3] ^= 0x01
        try Files.write(logPath, log)
        expectStoreError([.corrupt]) { _ = try Store.open(at: dir) }
        #expect(try Files.read(logPath) == log)
    }

    @Test("verify() catches a flipped byte that the index let opening skip; reads refuse the frame")
    func verifyFlippedByte() throws {
        let tmp = try TemporaryDirectory()
        let (dir, stream, _) = try makeStore(tmp)
        let logPath = Files.logPath(dir, stream)
        var log = try Files.read(logPath)
        log[Files.frames(log).starts[1] + 30] ^= 0x40
        try Files.write(logPath, log)
        let store = try Store.open(at: dir)
        let report = store.verify()
        #expect(!report.isSound)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.contains("checksum") == true, "\(report.problems)")
        expectStoreError([.corrupt]) { _ = try store.events(in: stream) }
        #expect(try Files.read(logPath) == log)
    }

    @Test("verify() catches a broken hash chain (a frame with a valid checksum naming the wrong predecessor)")
    func verifyBrokenChain() throws {
        let tmp = try TemporaryDirectory()
        let (dir, stream, events) = try makeStore(tmp)
        let logPath = Files.logPath(dir, stream)
        let log = try Files.read(logPath)
        let starts = Files.frames(log).starts
        let e = events[2]
        let forged = Event(dot: e.dot, previousHash: EventHash.of([1, 2, 3]), entity: e.entity, context: e.context,
                           operation: e.operation, author: e.author, recordedAt: e.recordedAt)
        let frame = Files.frame(forged.encoded)
        #expect(frame.count == starts[3] - starts[2])
        var damaged = log
        damaged.replaceSubrange(starts[2]..<starts[3], with: frame)
        try Files.write(logPath, damaged)
        do {
            let store = try Store.open(at: dir)
            let report = store.verify()
            #expect(report.problems.count == 1)
            #expect(report.problems.first?.contains("does not name the hash of seq 2") == true, "\(report.problems)")
        }
        // Without the index, opening finds it and refuses.
        Files.remove(Files.indexPath(dir, stream))
        let err = expectStoreError([.corrupt]) { _ = try Store.open(at: dir) }
        #expect(err?.message.contains("hash chain") == true)
        #expect(try Files.read(logPath) == damaged)
    }

    @Test("a truncated, garbage or missing .idx is rebuilt", arguments: ["missing", "empty", "partial-entry", "one-entry", "garbage", "too-long", "wrong-last"])
    func indexRebuilt(damage: String) throws {
        let tmp = try TemporaryDirectory()
        let (dir, stream, events) = try makeStore(tmp, count: 20)
        let idxPath = Files.indexPath(dir, stream)
        let idx = try Files.read(idxPath)
        #expect(idx.count == 160)
        var rng = SeededRandom(seed: 7)
        switch damage {
        case "missing": Files.remove(idxPath)
        case "empty": try Files.write(idxPath, [])
        case "partial-entry": try Files.write(idxPath, Array(idx[..<13]))
        case "one-entry": try Files.write(idxPath, Array(idx[..<8]))
        case "garbage": try Files.write(idxPath, (0..<160).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case "too-long": try Files.write(idxPath, idx + idx[152...])
        default:
            var w = idx
            w[152] &+= 1
            try Files.write(idxPath, w)
        }
        let store = try Store.open(at: dir)
        if damage != "one-entry" && damage != "partial-entry" {
            #expect(store.recoveryNotes.map(\.kind) == [.indexRebuilt], "\(store.recoveryNotes)")
        }
        #expect(store.verify().isSound)
        #expect(try store.events(in: stream, after: 13) == Array(events.dropFirst(13)))
        #expect(try Files.read(idxPath) == idx)
        try store.record([SampleRecords.childDraft(50)])
        #expect(try Files.read(idxPath).count == 168)
    }
}
