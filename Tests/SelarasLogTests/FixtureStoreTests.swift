import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasTestSupport

@Suite("Fixture stores")
struct FixtureStoreTests {
    func copy(_ name: String, _ tmp: TemporaryDirectory) throws -> (copy: String, original: String) {
        let root = try Fixtures.root(in: .module)
        return (try Fixtures.copy("logs/\(name)", from: root, into: tmp), try Fixtures.url("logs/\(name)", in: root).path)
    }

    /// The Manggar stream's log in a store directory.
    func manggarLog(_ dir: String) throws -> String {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/streams").first { $0.hasSuffix("-26.log") })
        return dir + "/streams/" + name
    }

    @Test("torn-tail: the cut frame is truncated and reported, seq 1–3 kept")
    func tornTail() throws {
        let tmp = try TemporaryDirectory()
        let (dir, original) = try copy("torn-tail", tmp)
        let originalLog = try Files.read(try manggarLog(original))
        #expect(originalLog.count == 474)
        let store = try Store.open(at: dir)
        // The index (4 entries) named the torn frame, so it is rebuilt as well.
        #expect(store.recoveryNotes.map(\.kind) == [.tornTailTruncated(offset: 437, bytes: 37), .indexRebuilt])
        #expect(store.recoveryNotes[0].stream?.kelurahanCode == 26)
        let s = try #require(store.recoveryNotes[0].stream)
        let events = try store.events(in: s)
        #expect(events.map(\.operation.name) == ["create", "create", "correct"])
        #expect(events[2].entity == events[0].entity)
        #expect(store.versionVector.totalEvents == 4)
        #expect(store.verify().isSound)
        #expect(try Files.read(try manggarLog(dir)).count == 437)
        #expect(try Files.read(try manggarLog(original)) == originalLog, "the fixture itself must not change")
        let next = try store.record([SampleRecords.houseSurveyDraft(4)])
        #expect(next[0].dot.seq == 4)
        #expect(next[0].previousHash == events[2].hash)
    }

    @Test("flipped-byte: opening refuses with .corrupt and changes no byte")
    func flippedByte() throws {
        let tmp = try TemporaryDirectory()
        let (dir, _) = try copy("flipped-byte", tmp)
        let before = try Files.read(try manggarLog(dir))
        let e = expectStoreError([.corrupt]) { _ = try Store.open(at: dir) }
        #expect(e?.message.contains("byte 170") == true, "\(String(describing: e))")
        #expect(e?.message.contains("not changed") == true)
        #expect(try Files.read(try manggarLog(dir)) == before)
        // Still refused the second time: nothing was "repaired" away.
        expectStoreError([.corrupt]) { _ = try Store.open(at: dir) }
    }

    @Test("truncated-index: the index is rebuilt and every event reads back")
    func truncatedIndex() throws {
        let tmp = try TemporaryDirectory()
        let (dir, _) = try copy("truncated-index", tmp)
        let store = try Store.open(at: dir)
        let s = try #require(store.streams.first { $0.kelurahanCode == 26 })
        #expect(try store.events(in: s).count == 4)
        #expect(try store.events(in: s, after: 2).map(\.dot.seq) == [3, 4])
        #expect(store.verify().isSound)
        #expect(try Files.read(Files.indexPath(dir, s)).count == 32)
        store.close()
        let again = try Store.open(at: dir)
        #expect(again.recoveryNotes.isEmpty)
    }
}
