import Foundation
import Testing
import SelarasLog
import SelarasModel
import SelarasTestSupport

/// Every free-text field of every kind (not the 16-digit or phone fields).
private let freeTextFields: [(kind: RecordKind, spec: FieldSpec)] = RecordKind.allCases.flatMap { kind in
    kind.schema.fields.compactMap { spec -> (RecordKind, FieldSpec)? in
        if case .text(_, nil, false) = spec.type { return (kind, spec) } else { return nil }
    }
}

@Suite("Text limits through the store")
struct TextLimitStoreTests {
    /// The largest legal text under `limit`: every character allowed, each of 4 bytes.
    static func largest(_ limit: TextLimit) -> String { String(repeating: "\u{1D11E}", count: limit.characters) }

    @Test("the largest legal value of every text field (and the largest author) is recorded, reopened and read back identical",
          arguments: freeTextFields.map { "\($0.kind.name).\($0.spec.name)" })
    func largestThroughStore(_ field: String) throws {
        let (kind, spec) = try #require(freeTextFields.first { "\($0.kind.name).\($0.spec.name)" == field })
        let limit = try #require(spec.textLimit)
        let value = Self.largest(limit)
        let tmp = try TemporaryDirectory()
        let dir = tmp.child("store")
        let store = try Store.create(at: dir, kelurahan: SampleRecords.kelurahan, label: Self.largest(.storeLabel))
        var fields: FieldMap
        switch kind {
        case .child: fields = SampleRecords.child()
        case .growthCheck: fields = SampleRecords.growthCheck(child: EntityID(kind: .child, origin: Dot(stream: StreamID(origin: store.replica, kelurahanCode: SampleRecords.kelurahan.code), seq: 1)))
        case .houseSurvey: fields = SampleRecords.houseSurvey()
        }
        fields[spec.tag] = .text(value)
        #expect(RecordValidator(today: SampleRecords.today).validate(kind, fields).filter { $0.severity == .error }.isEmpty)
        let draft = EventDraft.create(kind, fields, kelurahanCode: SampleRecords.kelurahan.code,
                                      author: Self.largest(.author), recordedAt: SampleRecords.recordedAt)
        #expect(draft.textProblems.isEmpty)
        let recorded = try store.record([draft])
        store.close()
        let reopened = try Store.open(at: dir)
        defer { reopened.close() }
        #expect(reopened.metadata.label == Self.largest(.storeLabel))
        #expect(reopened.verify().isSound)
        var read: [Event] = []
        try reopened.forEachEvent { read.append($0) }
        #expect(read == recorded)
        guard case .create(_, let back) = read.first?.operation else { Issue.record("no create read back"); return }
        #expect(back[spec.tag] == .text(value))
    }

    @Test("init with a label over its limit (in characters or in bytes) is refused with one sentence and creates nothing; a later init with a good label works",
          arguments: [String(repeating: "a", count: TextLimit.storeLabel.characters + 1),
                      String(repeating: "L" + String(repeating: "\u{301}", count: 40), count: 30),
                      "Posyandu Melati\nlaptop 1"])
    func overLongLabel(_ label: String) throws {
        let tmp = try TemporaryDirectory()
        let dir = tmp.child("store")
        do {
            let store = try Store.create(at: dir, kelurahan: SampleRecords.kelurahan, label: label)
            store.close()
            Issue.record("a label of \(label.count) characters and \(label.utf8.count) bytes was accepted")
        } catch let e as ModelError {
            #expect(e.code == .invalidValue)
            #expect(e.message.hasPrefix("--label: "), "\(e.message)")
            #expect(e.message.contains(TextLimit.storeLabel.description), "\(e.message)")
            #expect(e.message.hasSuffix("nothing was created"), "\(e.message)")
            #expect(!e.message.contains("\n"), "one sentence: \(e.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir), "nothing is left at \(dir)")
        let store = try Store.create(at: dir, kelurahan: SampleRecords.kelurahan, label: "Posyandu Melati laptop 1")
        store.close()
        #expect(try Store.open(at: dir).metadata.label == "Posyandu Melati laptop 1")
    }

    @Test("Store.record refuses an event that would not decode again (a 4,000-byte name) and writes nothing, so a caller that skipped validation cannot brick the store")
    func undecodableNeverWritten() throws {
        let tmp = try TemporaryDirectory()
        let dir = tmp.child("store")
        let store = try Store.create(at: dir, kelurahan: SampleRecords.kelurahan, label: "lap1")
        let good = EventDraft.create(.child, SampleRecords.child(), kelurahanCode: SampleRecords.kelurahan.code,
                                     author: "Bu Rina", recordedAt: SampleRecords.recordedAt)
        _ = try store.record([good])
        let bad = EventDraft.create(.child, SampleRecords.child(name: String(repeating: "a", count: 4000)),
                                    kelurahanCode: SampleRecords.kelurahan.code, author: "Bu Rina", recordedAt: SampleRecords.recordedAt)
        // Alone, and after a good event in one batch (all or nothing: the good one goes too).
        for (drafts, durability) in [([bad], Store.Durability.eachEvent), ([good, bad], .batch)] {
            do {
                _ = try store.record(drafts, durability: durability)
                Issue.record("an undecodable event was written")
            } catch let e as StoreError {
                #expect(e.code == .undecodable)
                #expect(e.message.contains("name"), "\(e.message)")
            }
        }
        store.close()
        let reopened = try Store.open(at: dir)
        var count = 0
        try reopened.forEachEvent { _ in count += 1 }
        #expect(count == 1)
        reopened.close()
    }
}
