import SelarasAnthro
import SelarasLog
import SelarasMerge
import SelarasModel

/// Turns what a person typed (flags) or a spreadsheet row into validated event drafts:
/// parses each value against the field schema, applies the plausibility rules (refusing the
/// impossible, flagging the unusual) and computes WHO z-scores to flag values beyond the
/// WHO limits.
public struct RecordEntry: Sendable {
    /// The merged records of the store (to find children and current values).
    public let state: ConsolidatedState
    /// The store's own kelurahan (the default for new records).
    public let homeKelurahan: Kelurahan
    /// The date that counts as today.
    public let today: LocalDate
    /// Who is recording.
    public let author: String
    /// WHO growth standards, for flags; nil to skip z-score checks.
    public let standards: GrowthStandards?
    /// The only kelurahan (code) whose records this laptop can send, or nil for any: a laptop
    /// enrolled as a cadre syncs its own kelurahan only, so a record for another could never
    /// reach the office and is refused.
    public var sendableKelurahan: UInt16? = nil

    /// Creates an entry context.
    public init(state: ConsolidatedState, homeKelurahan: Kelurahan, today: LocalDate, author: String,
                standards: GrowthStandards?) {
        self.state = state
        self.homeKelurahan = homeKelurahan
        self.today = today
        self.author = author
        self.standards = standards
    }

    /// Validates a new record.
    /// - Parameters:
    ///   - kind: child, check or survey.
    ///   - pairs: field name (or flag) and text.
    /// - Returns: the draft and its warnings.
    /// - Throws: ``EntryError`` listing every problem (field, value, allowed range).
    public func prepareCreate(_ kind: RecordKind, _ pairs: [(name: String, text: String)]) throws(EntryError) -> PreparedEvent {
        let schema = kind.schema
        var (fields, errors) = schema.parse(pairs, today: today)
        var problems = errors.map(\.message)
        if kind != .growthCheck {
            let kelurahan = kind == .child ? FieldKey.Child.kelurahan : FieldKey.HouseSurvey.kelurahan
            if fields[kelurahan] == nil { fields[kelurahan] = .text(homeKelurahan.name) }
        }
        var child: EntityState? = nil
        if kind == .growthCheck, let ref = fields[FieldKey.GrowthCheck.child]?.reference {
            child = state[ref]
            if child == nil || !child!.isCreated {
                problems.append("child_id: \(ref) is not a child in this store")
            } else if child!.isVoided {
                problems.append("child_id: \(ref) was voided")
            }
        }
        let issues = RecordValidator(today: today).validate(kind, fields, child: child?.fields)
        // A field that failed to parse already has its error; skip rule errors about it.
        let failed = Set(errors.compactMap { $0.message.split(separator: ":").first.map(String.init) })
        problems += issues.filter { $0.severity == .error && !failed.contains($0.field) }.map(\.message)
        problems = dedupe(problems)
        guard problems.isEmpty else { throw EntryError(.invalidInput, problems) }
        var warnings = issues.filter { $0.severity == .warning }.map(\.message)
        if kind == .growthCheck, let child { warnings += whoWarnings(fields, child: child.fields) }
        let kelCode: UInt16
        switch kind {
        case .growthCheck: kelCode = fields[FieldKey.GrowthCheck.child]!.reference!.origin.stream.kelurahanCode
        case .child: kelCode = Kelurahan(name: fields[FieldKey.Child.kelurahan]!.text!)!.code
        case .houseSurvey: kelCode = Kelurahan(name: fields[FieldKey.HouseSurvey.kelurahan]!.text!)!.code
        }
        if let only = sendableKelurahan, kelCode != only {
            let mine = Kelurahan(code: only)?.name ?? "kelurahan \(only)"
            let theirs = Kelurahan(code: kelCode)?.name ?? "kelurahan \(kelCode)"
            throw EntryError(.invalidInput, ["kelurahan: this laptop is enrolled as a cadre for \(mine), so a record for \(theirs) could never be sent to the office; record it on a laptop of \(theirs)"])
        }
        return PreparedEvent(draft: try limited(.create(kind, fields, kelurahanCode: kelCode, author: author)), warnings: warnings)
    }

    /// Validates a correction of an existing record: each new value, and the record as it
    /// would be afterwards.
    /// - Throws: ``EntryError`` (`.notFound` when the record is not here; `.invalidInput` when it is voided or the values are refused).
    public func prepareCorrection(_ id: EntityID, _ pairs: [(name: String, text: String)], reason: String) throws(EntryError) -> PreparedEvent {
        let entity = try existing(id)
        guard !entity.isVoided else {
            throw EntryError(.invalidInput, ["\(id) is voided, so a correction would not show anywhere; record it again instead"])
        }
        let (changes, errors) = id.kind.schema.parse(pairs, today: today)
        var problems = errors.map(\.message)
        if changes.isEmpty && problems.isEmpty { problems.append("nothing to correct: give at least one --FIELD VALUE") }
        var after = entity.fields
        for (tag, value) in changes { after[tag] = value }
        if id.kind == .child, let born = changes[FieldKey.Child.born]?.date, let problem = bornAfterChecks(id, born: born) {
            problems.append(problem)
        }
        var child: FieldMap? = nil
        if id.kind == .growthCheck, let ref = after[FieldKey.GrowthCheck.child]?.reference {
            child = state[ref]?.fields
            if child == nil { problems.append("child_id: \(ref) is not a child in this store") }
        }
        let issues = RecordValidator(today: today).validate(id.kind, after, child: child)
        problems += issues.filter { $0.severity == .error }.map(\.message)
        guard problems.isEmpty else { throw EntryError(.invalidInput, dedupe(problems)) }
        var warnings = issues.filter { $0.severity == .warning }.map(\.message)
        if id.kind == .growthCheck, let child { warnings += whoWarnings(after, child: child) }
        return PreparedEvent(draft: try limited(.change(id, context: entity.contextDots, .correct(changes, reason: reason), author: author)),
                             warnings: warnings)
    }

    /// Validates voiding a record. A child that still has growth checks is refused (its checks
    /// would vanish from the datasets unseen): see ``prepareVoidWithChecks(_:reason:)``.
    /// - Throws: ``EntryError`` when the record is not here, is already voided, the reason is
    ///   empty, or it is a child with growth checks.
    public func prepareVoid(_ id: EntityID, reason: String) throws(EntryError) -> PreparedEvent {
        try prepareVoid(id, reason: reason, checksAllowed: false)
    }

    func prepareVoid(_ id: EntityID, reason: String, checksAllowed: Bool) throws(EntryError) -> PreparedEvent {
        let entity = try existing(id)
        guard !reason.trimmingCharacters(in: " \t").isEmpty else {
            throw EntryError(.invalidInput, ["--reason: a void needs a reason (for example \"entered twice\")"])
        }
        guard !entity.isVoided else { throw EntryError(.invalidInput, ["\(id) is already voided"]) }
        if id.kind == .child, !checksAllowed {
            let found = checks(of: id)
            if !found.isEmpty {
                let shown = found.prefix(3).map(\.id.description).joined(separator: ", ") + (found.count > 3 ? ", …" : "")
                throw EntryError(.invalidInput, ["\(id) has \(found.count) growth check\(found.count == 1 ? "" : "s") (\(shown)); give --with-checks to void them with the child (same reason), or void them first"])
            }
        }
        return PreparedEvent(draft: try limited(.change(id, context: entity.contextDots, .void(reason: reason), author: author)), warnings: [])
    }

    func existing(_ id: EntityID) throws(EntryError) -> EntityState {
        guard let e = state[id], e.isCreated else { throw EntryError(.notFound, ["\(id) is not a record in this store"]) }
        return e
    }

    /// Warnings for z-scores beyond the WHO flag limits (the values are kept).
    func whoWarnings(_ f: FieldMap, child: FieldMap) -> [String] {
        typealias K = FieldKey.GrowthCheck
        guard let standards, let measured = f[K.measuredOn]?.date, let born = child[FieldKey.Child.born]?.date,
              let sexCode = child[FieldKey.Child.sex]?.text else { return [] }
        let input = AnthroInput(
            sex: sexCode == "L" ? .male : .female, ageDays: measured.days(since: born),
            weightKg: f.decimal(K.weight), lengthHeightCm: f.decimal(K.lengthHeight),
            position: f[K.position]?.text == "lying" ? .lying : f[K.position]?.text == "standing" ? .standing : .unknown,
            headCircumferenceCm: f.decimal(K.head), muacCm: f.decimal(K.muac),
            oedema: f[K.oedema]?.bool ?? false)
        let r = standards.zScores(input)
        var out: [String] = []
        func flag(_ on: Bool, _ name: String, _ z: Double?, _ limit: String) {
            if on, let z { out.append("\(name) z-score \(z) is beyond the WHO limit (\(limit)): check the measurement; kept and flagged") }
        }
        flag(r.flagWaz, "weight-for-age", r.waz, "−6 to +5")
        flag(r.flagHaz, "length/height-for-age", r.haz, "±6")
        flag(r.flagWhz, "weight-for-length/height", r.whz, "±5")
        flag(r.flagBaz, "BMI-for-age", r.baz, "±5")
        flag(r.flagHcz, "head-circumference-for-age", r.hcz, "±5")
        flag(r.flagAcz, "MUAC-for-age", r.acz, "±5")
        return out
    }

    private func dedupe(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension RecordEntry {
    /// Validates a same-as / not-same decision about two children.
    /// - Throws: ``EntryError`` when either is not a child here, or they are the same id.
    public func prepareLink(_ a: EntityID, _ b: EntityID, same: Bool, reason: String) throws(EntryError) -> PreparedEvent {
        guard a.kind == .child, b.kind == .child else { throw EntryError(.invalidInput, ["same-as and not-same take two child ids (ch-…)"]) }
        guard a != b else { throw EntryError(.invalidInput, ["\(a) is the same id twice"]) }
        let (lo, hi) = a < b ? (a, b) : (b, a)
        let first = try existing(lo)
        _ = try existing(hi)
        return PreparedEvent(draft: try limited(.change(lo, context: first.contextDots, .link(hi, same: same, reason: reason), author: author)),
                             warnings: [])
    }
}
