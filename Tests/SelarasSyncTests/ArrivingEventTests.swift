import Foundation
import Testing
import SelarasLog
import SelarasModel
@testable import SelarasSync
import SelarasTestSupport

/// Findings 5 and 6 and build item 3: events that arrive in a bundle pass the rules typed
/// entry applies, judged with the receiver's clock; a refused bundle is refused whole.
@Suite("Arriving events: the rules of typed entry, the receiver's clock")
struct ArrivingEventTests {
    /// The receiver's clock in these tests: 2025-03-15T02:00:00Z (today 2025-03-15 in WITA).
    static let receiver = EventPlausibility(now: SampleRecords.recordedAt)

    final class Setup {
        let dir: ScratchDirectory
        let a: Store, c: Store
        var stream: StreamID { StreamID(origin: a.replica, kelurahanCode: manggar.code) }
        init() throws {
            dir = try ScratchDirectory(prefix: "selaras-arrive")
            a = try makeStore(at: dir.child("a"), kelurahan: manggar, label: "A", keySeed: 91)
            c = try makeStore(at: dir.child("c"), kelurahan: manggar, label: "C", keySeed: 92)
            try c.record(SampleRecords.mixedDrafts(2), durability: .batch)
        }

        /// A bundle by A of one Manggar section: a good child first, then `drafts`.
        func bundle(_ drafts: [EventDraft], stream: StreamID? = nil) throws -> [UInt8] {
            try BundleForge.bytes(creator: a, sections: [ForgedSection(stream: stream ?? self.stream,
                                                                        drafts: [SampleRecords.childDraft(1)] + drafts, signer: a)])
        }

        /// Refused whole by C, naming origin A, the seq, and `mentions`.
        func expectRefused(_ drafts: [EventDraft], stream: StreamID? = nil, seq: Int = 2, _ mentions: [String],
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
            try expectRefusedWhole(try bundle(drafts, stream: stream), into: c, at: dir.child("bad.bndl"), code: .implausible,
                                   plausibility: ArrivingEventTests.receiver,
                                   mentions: ["origin \(a.replica)", "at seq \(seq)", "nothing was imported"] + mentions,
                                   sourceLocation: sourceLocation)
        }

        /// Expects the bundle refused already by the event decoder (a text over its field's byte
        /// limit cannot even be read), naming the event's dot, the field and the limit.
        func expectUndecodable(_ drafts: [EventDraft], seq: Int = 2, _ mentions: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
            try expectRefusedWhole(try bundle(drafts), into: c, at: dir.child("bad.bndl"), code: .malformed,
                                   plausibility: ArrivingEventTests.receiver,
                                   mentions: ["\(a.replica)/\(stream.kelurahanCode)#\(seq)", "does not decode", "nothing was imported"] + mentions,
                                   sourceLocation: sourceLocation)
        }

        /// Imported by C with the test receiver's clock. - Returns: events appended.
        func imported(_ drafts: [EventDraft]) throws -> UInt64 {
            let path = dir.child("good.bndl")
            try Files.write(path, try bundle(drafts))
            var state = try SyncState.load(c)
            let b = try VerifiedBundle.read(path, knownKeys: state.keys, plausibility: ArrivingEventTests.receiver)
            return try BundleImporter(store: c).apply(b, state: &state, name: path).appended
        }
    }

    static func date(_ y: Int, _ m: Int, _ d: Int) -> LocalDate { LocalDate(year: y, month: m, day: d)! }

    static func child(born: LocalDate = date(2023, 6, 1), name: String = "Siti Aminah") -> EventDraft {
        .create(.child, SampleRecords.child(name: name, born: born), kelurahanCode: manggar.code, author: "Bu Rina",
                recordedAt: SampleRecords.recordedAt)
    }

    /// A growth check of the good child at seq 1 of the setup's stream.
    static func check(_ s: Setup, measured: LocalDate) -> EventDraft {
        let child = EntityID(kind: .child, origin: Dot(stream: s.stream, seq: 1))
        return .create(.growthCheck, SampleRecords.growthCheck(child: child, measured: measured), kelurahanCode: manggar.code,
                       author: "Bu Rina", recordedAt: SampleRecords.recordedAt)
    }

    @Test("a child born in 2099 is refused whole, naming origin, seq, field and rule")
    func bornIn2099() throws {
        let s = try Setup()
        try s.expectRefused([Self.child(born: Self.date(2099, 1, 1))], ["born", "2099-01-01", "in the future", "2025-03-16"])
    }

    @Test("a 4,000-character name with a NUL and a newline is refused whole")
    func longNameWithControls() throws {
        let s = try Setup()
        let name = "Siti\u{0}\n" + String(repeating: "a", count: 3994)
        #expect(name.count == 4000)
        // 4,000 bytes is over the name's 480-byte limit: the decoder refuses it before any rule runs.
        try s.expectUndecodable([Self.child(name: name)], ["name", "4000 bytes", "480 bytes"])
        // Within the byte limit, a control character is refused by the field rules.
        try s.expectRefused([Self.child(name: "Siti\u{0}\nAminah")], ["name", "field rules", "\\0"])
        // The same name without controls, but over 120 characters, likewise.
        try s.expectRefused([Self.child(name: String(repeating: "b", count: 121))], ["name", "121 characters"])
    }

    @Test("a stream of kelurahan code 999 is refused whole")
    func kelurahan999() throws {
        let s = try Setup()
        let stream = StreamID(origin: s.a.replica, kelurahanCode: 999)
        try s.expectRefused([], stream: stream, seq: 1, ["kelurahan code 999", "real kelurahan"])
    }

    @Test("a recorded time of Int64.max, Int64.min, before 2020 or two days ahead of the receiver is refused whole")
    func extremeRecordedAt() throws {
        let s = try Setup()
        for t in [Int64.max, Int64.min, EventPlausibility.earliestTime - 1, SampleRecords.recordedAt + 2 * EventPlausibility.allowance] {
            let d = EventDraft.create(.houseSurvey, SampleRecords.houseSurvey(), kelurahanCode: manggar.code, author: "Bu Sari", recordedAt: t)
            try s.expectRefused([d], ["recorded_at", "time window"])
        }
        // The message shows a time no calendar holds as a number, without a trap.
        let d = EventDraft.create(.houseSurvey, SampleRecords.houseSurvey(), kelurahanCode: manggar.code, author: "Bu Sari", recordedAt: .max)
        try s.expectRefused([d], ["\(Int64.max) ms since 1970"])
        // Up to a day ahead of the receiver's clock is accepted.
        let ahead = EventDraft.create(.houseSurvey, SampleRecords.houseSurvey(), kelurahanCode: manggar.code, author: "Bu Sari",
                                      recordedAt: SampleRecords.recordedAt + EventPlausibility.allowance)
        #expect(try s.imported([ahead]) == 2)
    }

    @Test("a measurement more than a day after the receiver's today is refused; one day after is accepted")
    func measuredInTheReceiversFuture() throws {
        let s = try Setup()
        try s.expectRefused([Self.check(s, measured: Self.date(2025, 3, 17))], ["measured_on", "2025-03-17", "2025-03-15"])
        // The same bundle would pass a receiver whose clock is two days later: the receiver's clock decides.
        let later = EventPlausibility(now: SampleRecords.recordedAt + 2 * 86_400_000)
        let path = s.dir.child("later.bndl")
        try Files.write(path, try s.bundle([Self.check(s, measured: Self.date(2025, 3, 17))]))
        _ = try VerifiedBundle.read(path, plausibility: later)
        #expect(try s.imported([Self.check(s, measured: Self.date(2025, 3, 16))]) == 2)
    }

    @Test("a check of a child in the same bundle is judged against its birth date, unless the bundle corrects it")
    func childRulesInTheSameBundle() throws {
        let s = try Setup()
        try s.expectRefused([Self.check(s, measured: Self.date(2023, 5, 1))], ["measured_on", "before the child's birth", "record rules"])
        try s.expectRefused([Self.check(s, measured: Self.date(2028, 6, 2))], ["measured_on"]) // future first
        // A correction of the birth date in the bundle: the sender judged the check against it; not judged here.
        let child = EntityID(kind: .child, origin: Dot(stream: s.stream, seq: 1))
        let born = RecordSchema.child.field(named: "born")!.tag
        let fix = EventDraft.change(child, context: [child.origin], .correct(FieldMap([(born, .date(Self.date(2023, 4, 1)))]), reason: "akta"),
                                    author: "Bu Rina", recordedAt: SampleRecords.recordedAt)
        #expect(try s.imported([fix, Self.check(s, measured: Self.date(2023, 5, 1))]) == 3)
    }

    @Test("a correction is judged field by field")
    func correctionFields() throws {
        let s = try Setup()
        let child = EntityID(kind: .child, origin: Dot(stream: s.stream, seq: 1))
        let name = RecordSchema.child.field(named: "name")!.tag
        let bad = EventDraft.change(child, context: [child.origin], .correct(FieldMap([(name, .text("a\u{7}b"))]), reason: "x"),
                                    author: "Bu Rina", recordedAt: SampleRecords.recordedAt)
        try s.expectRefused([bad], ["name", "field rules"])
    }

    @Test("recorded times no calendar holds format without a trap (selaras log, show)")
    func formatting() {
        #expect(WallClock.iso8601(milliseconds: .max) == "\(Int64.max) ms since 1970")
        #expect(WallClock.iso8601(milliseconds: .min) == "\(Int64.min) ms since 1970")
        #expect(WallClock.iso8601(milliseconds: SampleRecords.recordedAt) == "2025-03-15T02:00:00Z")
    }
}
