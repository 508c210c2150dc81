/// Whether an event that arrives from elsewhere (a bundle file, an HTTP sync) is one this
/// replica would have let a person type: the same field and record rules as typed entry
/// (``FieldSpec/parse(_:today:)``, ``FieldSpec/check(_:)``, ``RecordValidator``), judged with
/// the RECEIVER's clock, plus the rules only arriving events need (a sane recorded time, a
/// real kelurahan).
///
/// The one place these rules live: the bundle reader, the hub and anything else that accepts
/// events from elsewhere call it.
///
/// Rules, in the order they are checked:
/// - `recordedAt` lies in ``earliestTime`` … receiver's now + ``allowance`` (one day).
/// - the event's stream, and the record it touches, belong to a real kelurahan.
/// - every field value is of its field's type and range (``FieldSpec/check(_:)``); text passes
///   the field's typed-entry rules (``FieldSpec/parse(_:today:)``: length, digits, no control
///   characters); a date lies between 1900-01-01 and, for a "not in the future" field, the
///   receiver's today + 1 day.
/// - a created record passes ``RecordValidator`` (required fields, cross-field rules) with the
///   receiver's today + 1 day; a growth check's child rules (not before birth, age under 60
///   months) only when the caller knows the child (see ``childProblem(measured:born:)``).
/// Corrections are judged field by field (the whole record they make is not known here).
public struct EventPlausibility: Sendable {
    /// The earliest acceptable recorded time: 2020-01-01T00:00:00Z (before Selaras existed;
    /// a machine whose clock says earlier has lost its time).
    public static let earliestTime: Int64 = 1_577_836_800_000
    /// How far past the receiver's clock a recorded time or a date may lie: one day (time
    /// zones and a clock a little fast).
    public static let allowance: Int64 = 86_400_000

    /// The receiver's clock, in milliseconds since 1970 UTC.
    public let now: Int64
    /// The receiver's date (in Balikpapan time, UTC+8).
    public let today: LocalDate

    /// One broken rule: the field (or `recorded_at`, `kelurahan`), the rule, and one sentence.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The field's column name, or `recorded_at` / `kelurahan` for the event's own data.
        public let field: String
        /// The rule, briefly (`time window`, `field rules`, `record rules`, …).
        public let rule: String
        /// What is wrong and what is allowed, for people.
        public let message: String
        /// `field` broke `rule`: message.
        public var description: String { "\(field) breaks the \(rule) rule: \(message)" }

        /// Creates a problem; the message is made one printable line (control characters
        /// shown as `\u{…}`, at most 400 characters), whatever value it quotes.
        public init(field: String, rule: String, message: String) {
            self.field = field
            self.rule = rule
            self.message = EventPlausibility.printable(message, limit: 400)
        }
    }

    /// Creates the rules for a receiver whose clock reads `now`.
    /// - Parameters:
    ///   - now: milliseconds since 1970 UTC (default: the system clock).
    ///   - utcOffsetHours: the receiver's time zone, for "today" (default: WITA, UTC+8).
    public init(now: Int64 = WallClock.nowMilliseconds(), utcOffsetHours: Int = 8) {
        self.now = now
        let seconds = now / 1000 + Int64(utcOffsetHours) * 3600
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self.today = LocalDate(daysSinceEpoch: Int32(clamping: days))
    }

    /// The latest acceptable date of a "not in the future" field: the receiver's today + 1 day.
    public var latestDate: LocalDate { today.adding(days: 1) }
    /// The earliest acceptable date of any field (as typed entry: 1900-01-01).
    public static let earliestDate = LocalDate(year: 1900, month: 1, day: 1)!
    /// The latest acceptable date of a field that may lie in the future (as typed entry).
    public static let latestAnyDate = LocalDate(year: 2200, month: 12, day: 31)!

    /// Checks a wall-clock time read from elsewhere (an event's `recordedAt`, a bundle's
    /// creation time) against ``earliestTime`` … now + ``allowance``.
    /// - Parameter what: how the message names it (`recorded_at`, `created_at`).
    /// - Returns: nil when it lies in the window.
    public func timeProblem(_ milliseconds: Int64, what: String = "recorded_at") -> Problem? {
        let (latest, overflow) = now.addingReportingOverflow(Self.allowance)
        let upper = overflow ? Int64.max : latest
        guard milliseconds < Self.earliestTime || milliseconds > upper else { return nil }
        return Problem(field: what, rule: "time window",
                       message: "\(what) \(WallClock.iso8601(milliseconds: milliseconds)) is outside \(WallClock.iso8601(milliseconds: Self.earliestTime)) … \(WallClock.iso8601(milliseconds: upper)) (this receiver's clock + 1 day); is the sending machine's clock wrong?")
    }

    /// Checks one event with the rules that need nothing but the event (and, for a growth
    /// check, its child's fields when the caller has them).
    /// - Parameter child: for a growth check, its child's current fields, or nil when unknown.
    /// - Returns: the first broken rule, or nil.
    public func problem(with event: Event, child: FieldMap? = nil) -> Problem? {
        if let p = timeProblem(event.recordedAt) { return p }
        for code in [event.dot.stream.kelurahanCode, event.entity.origin.stream.kelurahanCode] where Kelurahan(code: code) == nil {
            return Problem(field: "kelurahan", rule: "real kelurahan",
                           message: "kelurahan code \(code) is not one of Balikpapan's \(Kelurahan.all.count) kelurahan (codes 1–\(Kelurahan.all.count))")
        }
        switch event.operation {
        case .create(let kind, let fields):
            for (tag, value) in fields {
                if let p = fieldProblem(kind, tag: tag, value) { return p }
            }
            let issues = RecordValidator(today: latestDate).validate(kind, fields, child: child)
            if let e = issues.first(where: { $0.severity == .error }) {
                return Problem(field: e.field, rule: "record rules", message: e.message)
            }
        case .correct(let fields, _):
            for (tag, value) in fields {
                if let p = fieldProblem(event.entity.kind, tag: tag, value) { return p }
            }
        case .link(let other, _, _):
            if Kelurahan(code: other.origin.stream.kelurahanCode) == nil {
                return Problem(field: "kelurahan", rule: "real kelurahan",
                               message: "the linked child \(other) belongs to kelurahan code \(other.origin.stream.kelurahanCode), which does not exist")
            }
        case .void:
            break
        }
        return nil
    }

    /// The growth-check rules that need the child: measured not before birth, age under 60
    /// months (``RecordValidator``'s rules, not a copy).
    /// - Returns: the first broken rule, or nil.
    public func childProblem(measured: LocalDate, born: LocalDate) -> Problem? {
        let check = RecordSchema.growthCheck, child = RecordSchema.child
        guard let measuredField = check.field(named: "measured_on"), let bornField = child.field(named: "born") else { return nil }
        let issues = RecordValidator(today: latestDate).validate(.growthCheck, FieldMap([(measuredField.tag, .date(measured))]),
                                                                 child: FieldMap([(bornField.tag, .date(born))]))
        guard let e = issues.first(where: { $0.severity == .error && $0.field == measuredField.name }) else { return nil }
        return Problem(field: e.field, rule: "record rules", message: e.message)
    }

    /// `text` for a one-line message: control characters shown as `\u{…}`, cut after `limit`
    /// characters.
    public static func printable(_ text: String, limit: Int = 40) -> String {
        var out = ""
        var n = 0
        for scalar in text.unicodeScalars {
            if n == limit { out += "…"; break }
            out += scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            n += 1
        }
        return out
    }

    /// One field value of a record of `kind`: type and range, typed-entry text rules, dates.
    func fieldProblem(_ kind: RecordKind, tag: UInt8, _ value: FieldValue) -> Problem? {
        guard let spec = kind.schema.field(tag: tag) else {
            return Problem(field: "tag \(tag)", rule: "field rules", message: "tag \(tag) is not a field of a \(kind.name)")
        }
        if case .text(let text) = value {
            do { _ = try spec.parse(text, today: latestDate) } catch {
                return Problem(field: spec.name, rule: "field rules",
                               message: "a value of \(text.count) characters (\(text.utf8.count) bytes) beginning '\(Self.printable(text))' is refused as typed entry would refuse it: \(error.message)")
            }
        }
        if let message = spec.check(value) { return Problem(field: spec.name, rule: "field rules", message: message) }
        switch value {
        case .date(let d):
            var latest = Self.latestAnyDate
            if case .date(true) = spec.type { latest = latestDate }
            if d < Self.earliestDate || d > latest {
                return Problem(field: spec.name, rule: "date window",
                               message: "\(spec.name) \(d) is outside \(Self.earliestDate) … \(latest)\(latest == latestDate ? " (this receiver's today \(today) + 1 day)" : "")")
            }
        default:
            break
        }
        return nil
    }
}
