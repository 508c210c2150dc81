import Foundation
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// `STORE/summary`: what `status`, `child add` and `check add` read instead of folding the
/// store. It must always equal a full fold, and a bad file must be rebuilt, never trusted.
@Suite("Store summary: a checked cache of the fold")
struct StoreSummaryTests {
    /// The summary a full fold of the store gives (what every load must equal).
    static func folded(_ store: Store) throws -> StoreSummary {
        StoreSummary(state: try ConsolidatedState(store: store), store: store)
    }

    /// Loads and requires the result to equal a full fold, record by record as well.
    @discardableResult
    static func loadChecked(_ store: Store, sourceLocation: SourceLocation = #_sourceLocation) throws -> StoreSummary.Source {
        let (summary, source) = try StoreSummary.load(for: store)
        let state = try ConsolidatedState(store: store)
        #expect(summary == StoreSummary(state: state, store: store), "\(source)", sourceLocation: sourceLocation)
        state.forEachEntity { e in
            #expect((try? summary.entity(e.id, in: store)) == e, "\(e.id) (\(source))", sourceLocation: sourceLocation)
        }
        return source
    }

    /// A store with two children, three checks, a survey, a correction and a void.
    static func mixedStore(_ dir: ScratchDirectory) throws -> (store: Store, children: [EntityID]) {
        let store = try makeStore(at: dir.child("lap"), kelurahan: manggar, label: "lap")
        let children = try store.record([SampleRecords.childDraft(0), SampleRecords.childDraft(1)]).map(\.entity)
        let checks = try store.record([
            SampleRecords.growthCheckDraft(child: children[0], 1), SampleRecords.growthCheckDraft(child: children[1], 2),
            SampleRecords.growthCheckDraft(child: children[1], 3),
        ]).map(\.entity)
        try store.record([SampleRecords.houseSurveyDraft(4)])
        try store.record([SampleRecords.correctionDraft(of: children[0], context: [children[0].origin])])
        try store.record([SampleRecords.voidDraft(of: checks[2], context: [checks[2].origin])])
        return (store, children)
    }

    @Test("the first load rebuilds and writes the file; the next reads it as it is")
    func rebuildThenFile() throws {
        let dir = try ScratchDirectory()
        let (store, _) = try Self.mixedStore(dir)
        guard case .rebuilt = try Self.loadChecked(store) else { Issue.record("no rebuild on first load"); return }
        #expect(FileManager.default.fileExists(atPath: StoreSummary.path(in: store.directory)))
        #expect(try Self.loadChecked(store) == .file)
        let summary = try StoreSummary.load(for: store).summary
        #expect(summary.counts[.child] == .init(active: 2, voided: 0))
        #expect(summary.counts[.growthCheck] == .init(active: 2, voided: 1))
        #expect(summary.counts[.houseSurvey] == .init(active: 1, voided: 0))
        #expect(summary.eventCount == 8)
    }

    @Test("new creates are caught up from the logs' tails and equal a full fold", arguments: [1, 5, 40])
    func catchUpCreates(count: Int) throws {
        let dir = try ScratchDirectory()
        let (store, children) = try Self.mixedStore(dir)
        try Self.loadChecked(store)
        for i in 0..<count {
            switch i % 3 {
            case 0: try store.record([SampleRecords.growthCheckDraft(child: children[i % 2], 10 + i)])
            case 1: try store.record([SampleRecords.childDraft(10 + i)])
            default: try store.record([SampleRecords.houseSurveyDraft(10 + i, kelurahanCode: lamaru.code)])
            }
        }
        #expect(try Self.loadChecked(store) == .caughtUp(events: count))
        #expect(try Self.loadChecked(store) == .file)
    }

    @Test("a tail longer than the catch-up limit (a big import) is folded whole, with the same result")
    func longTail() throws {
        let dir = try ScratchDirectory()
        let (store, children) = try Self.mixedStore(dir)
        try Self.loadChecked(store)
        let n = Int(StoreSummary.longestTail) + 1
        try store.record((0..<n).map { SampleRecords.growthCheckDraft(child: children[$0 % 2], $0) }, durability: .batch)
        guard case .rebuilt(let why) = try Self.loadChecked(store) else { Issue.record("\(n) events caught up one by one"); return }
        #expect(why.contains("more than \(StoreSummary.longestTail)"), "\(why)")
        try store.record((0..<(n - 2)).map { SampleRecords.growthCheckDraft(child: children[$0 % 2], $0) }, durability: .batch)
        #expect(try Self.loadChecked(store) == .caughtUp(events: n - 2))
    }

    @Test("a correction, a void or a same-as in the tail rebuilds (the counts and links it changes are folded, not guessed)")
    func changesRebuild() throws {
        let dir = try ScratchDirectory()
        let (store, children) = try Self.mixedStore(dir)
        try Self.loadChecked(store)
        let first = try #require(try StoreSummary.load(for: store).summary.entity(children[1], in: store))
        try store.record([SampleRecords.voidDraft(of: children[1], context: first.contextDots)])
        guard case .rebuilt(let why) = try Self.loadChecked(store) else { Issue.record("a void was caught up"); return }
        #expect(why.contains("changes"))
        let summary = try StoreSummary.load(for: store).summary
        #expect(summary.counts[.child] == .init(active: 1, voided: 1))
        #expect(summary.checksWithoutVisibleChild == 1, "the voided child's one visible check is no longer shown")
        let zero = try #require(try summary.entity(children[0], in: store))
        try store.record([.change(children[0], context: zero.contextDots, .link(children[1], same: true, reason: "same child"), author: "Bu Rina")])
        guard case .rebuilt = try Self.loadChecked(store) else { Issue.record("a link was caught up"); return }
        // A check of a child named by a link is judged against the fold, not the stale map.
        try store.record([SampleRecords.growthCheckDraft(child: children[1], 50)])
        #expect(try Self.loadChecked(store) == .caughtUp(events: 1))
    }

    @Test("a check whose child is not here is not counted active; a child arriving while such checks exist rebuilds")
    func checksWithoutChild() throws {
        let dir = try ScratchDirectory()
        let store = try makeStore(at: dir.child("lap"), kelurahan: manggar, label: "lap")
        let elsewhere = EntityID(kind: .child, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: 0xfeed), kelurahanCode: manggar.code), seq: 1))
        try store.record([SampleRecords.growthCheckDraft(child: elsewhere, 1)])
        try Self.loadChecked(store)
        try store.record([SampleRecords.growthCheckDraft(child: elsewhere, 2)])
        #expect(try Self.loadChecked(store) == .caughtUp(events: 1))
        let summary = try StoreSummary.load(for: store).summary
        #expect(summary.checksWithoutVisibleChild == 2)
        #expect(summary.counts[.growthCheck] == .init(active: 0, voided: 0))
        try store.record([SampleRecords.childDraft(3)])
        guard case .rebuilt = try Self.loadChecked(store) else { Issue.record("a child was caught up while checks wait for theirs"); return }
    }

    /// Damage done to a good summary file, and the word the rebuild's reason must contain.
    static let damages: [(name: String, damage: @Sendable ([UInt8]) -> [UInt8], reason: String)] = [
        ("empty", { _ in [] }, "too short"),
        ("torn in half", { Array($0.prefix($0.count / 2)) }, "checksum"),
        ("last byte lost", { Array($0.dropLast()) }, "checksum"),
        ("a flipped bit", { var b = $0; b[b.count / 2] ^= 0x04; return b }, "checksum"),
        ("not a summary", { Array("hello, this is not it".utf8) + $0 }, "not a summary"),
    ]

    @Test("a torn, flipped or foreign-format file is rebuilt, never trusted", arguments: 0..<5)
    func damagedFile(which: Int) throws {
        let (name, damage, reason) = Self.damages[which]
        let dir = try ScratchDirectory()
        let (store, _) = try Self.mixedStore(dir)
        try Self.loadChecked(store)
        let path = StoreSummary.path(in: store.directory)
        let good = try #require(FileManager.default.contents(atPath: path))
        try Data(damage(Array(good))).write(to: URL(fileURLWithPath: path))
        guard case .rebuilt(let why) = try Self.loadChecked(store) else { Issue.record("\(name): trusted"); return }
        #expect(why.contains(reason), "\(name): \(why)")
        #expect(FileManager.default.contents(atPath: path) == good, "\(name): the rebuilt file is the same bytes")
    }

    @Test("every prefix of a summary file and every single-byte change is refused without a trap")
    func everyPrefixAndFlip() throws {
        let dir = try ScratchDirectory()
        let (store, _) = try Self.mixedStore(dir)
        try Self.loadChecked(store)
        let good = try #require(FileManager.default.contents(atPath: StoreSummary.path(in: store.directory)))
        let path = StoreSummary.path(in: store.directory)
        for cut in stride(from: 0, to: good.count, by: 7) {
            try Data(good.prefix(cut)).write(to: URL(fileURLWithPath: path))
            guard case .rebuilt = try StoreSummary.load(for: store).source else { Issue.record("prefix \(cut) trusted"); return }
        }
        for at in stride(from: 0, to: good.count, by: 5) {
            var b = Array(good)
            b[at] &+= 1
            try Data(b).write(to: URL(fileURLWithPath: path))
            guard case .rebuilt = try StoreSummary.load(for: store).source else { Issue.record("byte \(at) changed, trusted"); return }
        }
    }

    @Test("another replica's summary, one ahead of the logs, and one over a different history are rebuilt")
    func foreignAndStale() throws {
        let dir = try ScratchDirectory()
        let (a, children) = try Self.mixedStore(dir)
        let other = try makeStore(at: dir.child("other"), kelurahan: manggar, label: "other")
        try other.record([SampleRecords.childDraft(7)])
        try Self.loadChecked(other)
        let summaryA = StoreSummary.path(in: a.directory)
        try FileManager.default.copyItem(atPath: StoreSummary.path(in: other.directory), toPath: summaryA)
        guard case .rebuilt(let foreign) = try Self.loadChecked(a) else { Issue.record("foreign summary trusted"); return }
        #expect(foreign.contains("replica"), "\(foreign)")

        // A copy of the store, then each goes its own way: same replica, different events.
        a.close()
        try FileManager.default.copyItem(atPath: a.directory, toPath: dir.child("copy"))
        let a2 = try Store.open(at: dir.child("lap"))
        let copy = try Store.open(at: dir.child("copy"))
        try a2.record([SampleRecords.growthCheckDraft(child: children[0], 20), SampleRecords.growthCheckDraft(child: children[0], 21)])
        try Self.loadChecked(a2)
        try FileManager.default.removeItem(atPath: StoreSummary.path(in: copy.directory))
        try FileManager.default.copyItem(atPath: StoreSummary.path(in: a2.directory), toPath: StoreSummary.path(in: copy.directory))
        guard case .rebuilt(let ahead) = try Self.loadChecked(copy) else { Issue.record("summary ahead of the log trusted"); return }
        #expect(ahead.contains("the log holds 8"), "\(ahead)")

        try copy.record([SampleRecords.houseSurveyDraft(30), SampleRecords.houseSurveyDraft(31)])
        try FileManager.default.removeItem(atPath: StoreSummary.path(in: copy.directory))
        try FileManager.default.copyItem(atPath: StoreSummary.path(in: a2.directory), toPath: StoreSummary.path(in: copy.directory))
        guard case .rebuilt(let differs) = try Self.loadChecked(copy) else { Issue.record("summary of another history trusted"); return }
        #expect(differs.contains("differs"), "\(differs)")
    }
}
