import Testing
import SelarasModel
import SelarasTestSupport

/// Every text field of every kind, as `kind.field` (for test names) and its spec.
let freeTextFields: [FieldSpec] = RecordKind.allCases.flatMap { kind in
    kind.schema.fields.filter { spec in
        if case .text(_, nil, false) = spec.type { return true } else { return false }
    }
}

/// Values at and just past a text field's limits.
enum TextLimitValues {
    /// The largest legal value: as many characters as allowed, each of 4 bytes (U+1D11E), so
    /// that it also fills the byte limit exactly.
    static func largest(_ limit: TextLimit) -> String {
        String(repeating: "\u{1D11E}", count: limit.characters)
    }
    /// One character too many (plain ASCII: far within the byte limit).
    static func oneCharacterOver(_ limit: TextLimit) -> String {
        String(repeating: "a", count: limit.characters + 1)
    }
    /// Exactly the allowed characters, one byte too many: the last character is a letter with
    /// two combining accents (5 bytes).
    static func oneByteOver(_ limit: TextLimit) -> String {
        String(repeating: "\u{1D11E}", count: limit.characters - 1) + "e\u{301}\u{301}"
    }
}

@Suite("Text limits in characters and bytes")
struct TextLimitTests {
    let today = SampleRecords.today

    @Test("the largest legal value of each text field parses, checks and round-trips through the event codec",
          arguments: freeTextFields)
    func largestLegal(_ spec: FieldSpec) throws {
        let limit = try #require(spec.textLimit)
        let value = TextLimitValues.largest(limit)
        #expect(value.count == limit.characters && value.utf8.count == limit.bytes)
        #expect(try spec.parse(value, today: today) == .text(value))
        #expect(spec.check(.text(value)) == nil)
        let kind = try #require(RecordKind.allCases.first { $0.schema.field(tag: spec.tag) === spec })
        let event = Event(dot: Dot(stream: StreamID(origin: ReplicaID(rawValue: 7), kelurahanCode: SampleRecords.kelurahan.code), seq: 1),
                          previousHash: .zero, entity: EntityID(kind: kind, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: 7), kelurahanCode: SampleRecords.kelurahan.code), seq: 1)),
                          context: [], operation: .create(kind, FieldMap([(spec.tag, .text(value))])),
                          author: TextLimitValues.largest(.author), recordedAt: SampleRecords.recordedAt)
        let decoded = try Event.decode(event.encoded)
        #expect(decoded == event)
        #expect(decoded.operation == .create(kind, FieldMap([(spec.tag, .text(value))])))
        let scanned = try event.encoded.withUnsafeBytes { try #require(try Event.scanCreate($0)) }
        #expect(scanned.create.value(spec.tag) == .text(value))
    }

    @Test("one character or one byte over a text field's limit is refused by parse and by check, naming the field, the length and both limits",
          arguments: freeTextFields)
    func oneOver(_ spec: FieldSpec) throws {
        let limit = try #require(spec.textLimit)
        for value in [TextLimitValues.oneCharacterOver(limit), TextLimitValues.oneByteOver(limit)] {
            #expect(value.count > limit.characters || value.utf8.count > limit.bytes)
            do {
                let v = try spec.parse(value, today: today)
                Issue.record("\(spec.name): a value of \(value.count) characters and \(value.utf8.count) bytes was accepted as \(v)")
            } catch {
                #expect(error.code == .invalidValue)
                #expect(error.message.hasPrefix("\(spec.name): "), "\(error.message)")
                #expect(error.message.contains("\(value.count) characters and \(value.utf8.count) bytes"), "\(error.message)")
                #expect(error.message.contains("at most \(limit.characters) characters and \(limit.bytes) bytes"), "\(error.message)")
            }
            let problem = try #require(spec.check(.text(value)))
            #expect(problem.hasPrefix("\(spec.name): ") && problem.contains("\(limit.bytes) bytes"), "\(problem)")
        }
    }

    @Test("a 120-character name of one letter and 40 combining accents each (9,720 bytes) is refused on entry")
    func combiningAccentFlood() throws {
        let name = try #require(RecordSchema.child.field(named: "name"))
        let flood = String(repeating: "a" + String(repeating: "\u{301}", count: 40), count: 120)
        #expect(flood.count == 120 && flood.utf8.count == 9_720)
        do {
            _ = try name.parse(flood, today: today)
            Issue.record("the flood was accepted")
        } catch {
            #expect(error.message.hasPrefix("name: "))
            #expect(error.message.contains("120 characters and 9720 bytes; allowed: at most 120 characters and 480 bytes (UTF-8)"), "\(error.message)")
            #expect(error.message.utf8.count < 400, "the message quotes the value, not all of it: \(error.message)")
        }
        #expect(name.check(.text(flood)) != nil)
    }

    @Test("the decoder reads a text with its field's byte limit: one byte over does not decode, naming the field")
    func decoderLimit() throws {
        let name = try #require(RecordSchema.child.field(named: "name"))
        let limit = try #require(name.textLimit)
        let stream = StreamID(origin: ReplicaID(rawValue: 7), kelurahanCode: SampleRecords.kelurahan.code)
        func create(_ text: String) -> Event {
            Event(dot: Dot(stream: stream, seq: 1), previousHash: .zero, entity: EntityID(kind: .child, origin: Dot(stream: stream, seq: 1)),
                  context: [], operation: .create(.child, FieldMap([(name.tag, .text(text))])), author: "Bu Rina", recordedAt: 1)
        }
        let fits = create(String(repeating: "a", count: limit.bytes / 4) + String(repeating: "\u{301}", count: (limit.bytes - limit.bytes / 4) / 2))
        #expect(try Event.decode(fits.encoded) == fits)
        let over = create(String(repeating: "b", count: limit.bytes + 1))
        for decode in [{ _ = try Event.decode(over.encoded) }, { _ = try over.encoded.withUnsafeBytes { try Event.scanCreate($0) } }] as [() throws -> Void] {
            do {
                try decode()
                Issue.record("a name of \(limit.bytes + 1) bytes decoded")
            } catch let e as ModelError {
                #expect(e.code == .malformedEncoding)
                #expect(e.message.contains("name: text of \(limit.bytes + 1) bytes"), "\(e.message)")
            }
        }
    }

    @Test("an author or reason over its limit is named by the draft; at the limit it round-trips")
    func authorAndReason() throws {
        let child = EntityID(kind: .child, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: 7), kelurahanCode: 1), seq: 1))
        let fine = EventDraft.change(child, context: [], .void(reason: TextLimitValues.largest(.reason)),
                                     author: TextLimitValues.largest(.author))
        #expect(fine.textProblems.isEmpty)
        let event = fine.event(at: Dot(stream: child.origin.stream, seq: 2), previousHash: .zero)
        #expect(try Event.decode(event.encoded) == event)
        for (author, reason) in [(TextLimitValues.oneByteOver(.author), "typo"), ("Bu Rina", TextLimitValues.oneCharacterOver(.reason)),
                                 ("Bu Rina", TextLimitValues.oneByteOver(.reason))] {
            let draft = EventDraft.change(child, context: [], .correct(FieldMap([(3, .text("Siti"))]), reason: reason), author: author)
            let problems = draft.textProblems
            #expect(problems.count == 1, "\(problems)")
            let what = author == "Bu Rina" ? "reason" : "author"
            let limit = what == "reason" ? TextLimit.reason : .author
            #expect(problems.first?.hasPrefix("\(what): ") == true, "\(problems)")
            #expect(problems.first?.contains("at most \(limit.characters) characters and \(limit.bytes) bytes") == true, "\(problems)")
        }
    }

    @Test("one rule for labels: a line break, a tab or a Unicode line separator is refused like an over-long label", arguments: ["a\nb", "a\tb", "a\u{2028}b", "a\u{2029}b"])
    func labelsAreOneLine(_ label: String) {
        let p = TextLimit.storeLabel.oneLineProblem(label, what: "--label")
        #expect(p?.hasPrefix("--label: ") == true && p?.contains("not one line") == true, "\(String(describing: p))")
        #expect(TextLimit.storeLabel.oneLineProblem("Posyandu Melati 1", what: "--label") == nil)
    }

    @Test("an arriving text with a space at either end is refused (typed entry trims, so it was not typed)")
    func untrimmedText() throws {
        let name = try #require(RecordSchema.child.field(named: "name"))
        #expect(name.check(.text(" Siti"))?.contains("begins or ends with a space") == true)
        #expect(name.check(.text("Siti "))?.contains("begins or ends with a space") == true)
        #expect(name.check(.text("Siti Aminah")) == nil)
        #expect(try name.parse("  Siti  ", today: SampleRecords.today) == .text("Siti"))
    }
}
