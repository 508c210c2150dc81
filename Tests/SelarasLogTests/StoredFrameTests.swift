import SelarasLog
import SelarasModel
import SelarasTestSupport
import Testing

@Suite("StoredFrame: the store hands over frames and checks their CRC itself")
struct StoredFrameTests {
    @Test("intact frames: seq in order, payload is the event's bytes, checksum matches")
    func intact() throws {
        let tmp = try TemporaryDirectory()
        let store = try Store.create(at: tmp.child("s"), kelurahan: manggar, label: "t")
        let events = try store.record(SampleRecords.mixedDrafts(5), durability: .batch)
        let stream = events[0].dot.stream
        var seen: [UInt64] = []
        try store.forEachUncheckedFrame(in: stream, after: 1) { frame in
            #expect(frame.stream == stream)
            #expect(frame.checksumMatches)
            let payload = try frame.checkedPayload()
            #expect(Array(payload) == events[Int(frame.seq) - 1].encoded)
            seen.append(frame.seq)
        }
        #expect(seen == Array(2...UInt64(events.count)))
        store.close()
    }

    @Test("a flipped payload byte: checksumMatches is false and checkedPayload names stream and seq")
    func flipped() throws {
        let tmp = try TemporaryDirectory()
        let dir = tmp.child("s")
        let created = try Store.create(at: dir, kelurahan: manggar, label: "t")
        let stream = try created.record(SampleRecords.mixedDrafts(4), durability: .batch)[0].dot.stream
        created.close()
        let logPath = Files.logPath(dir, stream)
        var log = try Files.read(logPath)
        log[Files.frames(log).starts[2] + 30] ^= 0x40
        try Files.write(logPath, log)
        let store = try Store.open(at: dir)
        var matches: [UInt64: Bool] = [:]
        var failure: StoreError?
        try store.forEachUncheckedFrame(in: stream, after: 0) { frame in
            matches[frame.seq] = frame.checksumMatches
            do { _ = try frame.checkedPayload() } catch let error as StoreError { failure = error }
        }
        #expect(matches == [1: true, 2: true, 3: false, 4: true])
        let e = try #require(failure)
        #expect(e.code == .corrupt)
        #expect(e.message.contains("seq 3") && e.message.contains("\(stream)"), "\(e.message)")
        store.close()
    }
}
