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
/// - every field passes ``RecordValidator/fieldIssues(_:_:)`` ("field rules": type, range,
///   text limits and characters, dates 1900-01-01 … the receiver's today + 1 day).
/// - a created record passes ``RecordValidator/recordIssues(_:_:child:)`` ("record rules");
///   a growth check's child rules (not before birth, age under 60 months) only when the caller
///   knows the child (see ``childProblem(measured:born:)``).
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
            self.message = TextLimit.excerpt(message, scalars: 400)
        }
    }

    /// Creates the rules for a receiver whose clock reads `now`.
    /// - Parameters:
    ///   - now: milliseconds since 1970 UTC (default: the system clock).
    ///   - utcOffsetHours: the receiver's time zone, for "today" (default: WITA, UTC+8).
    public init(now: Int64 = WallClock.nowMilliseconds(), utcOffsetHours: Int = 8) {
        self.now = now
        self.today = LocalDate(milliseconds: now, utcOffsetHours: utcOffsetHours)
    }

    /// The record rules with the receiver's today and one day's allowance.
    var validator: RecordValidator { RecordValidator(today: today, allowanceDays: 1) }

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
            if let p = first(validator.fieldIssues(kind, fields), rule: "field rules") { return p }
            if let p = first(validator.recordIssues(kind, fields, child: child), rule: "record rules") { return p }
        case .correct(let fields, _):
            if let p = first(validator.fieldIssues(event.entity.kind, fields), rule: "field rules") { return p }
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
        let issues = validator.recordIssues(.growthCheck, FieldMap([(FieldKey.GrowthCheck.measuredOn, .date(measured))]),
                                            child: FieldMap([(FieldKey.Child.born, .date(born))]))
        return first(issues.filter { $0.field == FieldKey.GrowthCheck.measuredOn.name }, rule: "record rules")
    }

    /// The first error among `issues` as a problem of `rule`, or nil.
    private func first(_ issues: [ValidationIssue], rule: String) -> Problem? {
        guard let e = issues.first(where: { $0.severity == .error }) else { return nil }
        return Problem(field: e.field, rule: rule, message: e.message)
    }
}
