import Foundation
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// What `selaras correct` and `void` append is caught up by the store's summary instead of
/// making the next command fold the whole store; whatever is caught up must equal a full fold.
@Suite("Store summary: corrections and voids caught up")
struct SummaryChangesTests {
    typealias Checked = StoreSummaryTests

    /// The record's causal context, from a full fold (loading the summary here would catch it
    /// up before the load under test).
    static func context(_ id: EntityID, _ store: Store) throws -> [Dot] {
        try #require(try ConsolidatedState(store: store)[id]).contextDots
    }

    @Test("corrections of every kind and voids of checks and surveys are caught up, and equal a full fold")
    func caughtUp() throws {
        let dir = try ScratchDirectory()
        let (store, children) = try Checked.mixedStore(dir)
        defer { store.close() }
        try Checked.loadChecked(store)
        let check = try store.record([SampleRecords.growthCheckDraft(child: children[0], 20)])[0].entity
        let survey = try store.record([SampleRecords.houseSurveyDraft(21)])[0].entity
        #expect(try Checked.loadChecked(store) == .caughtUp(events: 2))
        try store.record([SampleRecords.correctionDraft(of: children[1], context: try Self.context(children[1], store))])
        try store.record([.change(check, context: try Self.context(check, store),
                                  .correct(FieldMap([(FieldKey.GrowthCheck.weight, .number(91))]), reason: "salah ketik"), author: "Bu Rina")])
        #expect(try Checked.loadChecked(store) == .caughtUp(events: 2))
        try store.record([SampleRecords.voidDraft(of: check, context: try Self.context(check, store))])
        try store.record([SampleRecords.voidDraft(of: survey, context: try Self.context(survey, store))])
        #expect(try Checked.loadChecked(store) == .caughtUp(events: 2))
        let summary = try StoreSummary.load(for: store).summary
        #expect(summary.counts[.growthCheck] == .init(active: 2, voided: 2))
        #expect(summary.counts[.houseSurvey] == .init(active: 1, voided: 1))
        // A second void of a voided check: still counted once, as voided.
        try store.record([SampleRecords.voidDraft(of: check, context: try Self.context(check, store))])
        #expect(try Checked.loadChecked(store) == .caughtUp(events: 1))
        #expect(try StoreSummary.load(for: store).summary.counts[.growthCheck] == .init(active: 2, voided: 2))
    }

    @Test("a check moved to a child that is not here is hidden, and shown again when moved back")
    func movedCheck() throws {
        let dir = try ScratchDirectory()
        let (store, children) = try Checked.mixedStore(dir)
        defer { store.close() }
        try Checked.loadChecked(store)
        let check = try store.record([SampleRecords.growthCheckDraft(child: children[0], 30)])[0].entity
        let elsewhere = EntityID(kind: .child, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: 0xfeed), kelurahanCode: manggar.code), seq: 9))
        func move(to child: EntityID) throws {
            try store.record([.change(check, context: try Self.context(check, store),
                                      .correct(FieldMap([(FieldKey.GrowthCheck.child, .reference(child))]), reason: "anak lain"), author: "Bu Rina")])
        }
        try move(to: elsewhere)
        #expect(try Checked.loadChecked(store) == .caughtUp(events: 2))
        #expect(try StoreSummary.load(for: store).summary.checksWithoutVisibleChild == 1)
        try move(to: children[1])
        #expect(try Checked.loadChecked(store) == .caughtUp(events: 1))
        #expect(try StoreSummary.load(for: store).summary.checksWithoutVisibleChild == 0)
    }

    @Test("a child's void and a same-as still fold; a create after a caught-up change of the same record folds")
    func stillFolds() throws {
        let dir = try ScratchDirectory()
        let (store, children) = try Checked.mixedStore(dir)
        defer { store.close() }
        try Checked.loadChecked(store)
        try store.record([SampleRecords.voidDraft(of: children[0], context: try Self.context(children[0], store))])
        guard case .rebuilt = try Checked.loadChecked(store) else { Issue.record("a child's void was caught up"); return }
        let (lo, hi) = children[0] < children[1] ? (children[0], children[1]) : (children[1], children[0])
        try store.record([.change(lo, context: try Self.context(lo, store), .link(hi, same: true, reason: "sama"), author: "Bu Rina")])
        guard case .rebuilt = try Checked.loadChecked(store) else { Issue.record("a same-as was caught up"); return }
    }

    @Test("random corrections, voids and creates: after every step the summary equals a full fold", arguments: [11, 12, 13, 14])
    func randomSteps(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let dir = try ScratchDirectory()
        let (store, children) = try Checked.mixedStore(dir)
        defer { store.close() }
        var records: [EntityID] = children
        try Checked.loadChecked(store)
        var caughtUp = 0
        for step in 0..<30 {
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let target = records.randomElement(using: &random)!
                switch Int.random(in: 0..<6, using: &random) {
                case 0: records.append(try store.record([SampleRecords.growthCheckDraft(child: children.randomElement(using: &random)!, step)])[0].entity)
                case 1: records.append(try store.record([SampleRecords.houseSurveyDraft(step)])[0].entity)
                case 2 where target.kind != .child:
                    try store.record([SampleRecords.voidDraft(of: target, context: try Self.context(target, store))])
                case 3 where target.kind == .growthCheck:
                    try store.record([.change(target, context: try Self.context(target, store),
                                              .correct(FieldMap([(FieldKey.GrowthCheck.weight, .number(Int64(60 + step)))]), reason: "r"),
                                              author: "Bu Rina")])
                case 4 where target.kind == .child:
                    try store.record([SampleRecords.correctionDraft(of: target, context: try Self.context(target, store), name: "Anak \(step)")])
                default:
                    records.append(try store.record([SampleRecords.growthCheckDraft(child: children[step % 2], step)])[0].entity)
                }
            }
            if case .caughtUp = try Checked.loadChecked(store) { caughtUp += 1 }
        }
        #expect(caughtUp == 30, "every step was creates, corrections and voids of checks and surveys: none should fold")
    }
}
