/// Checks a whole record against the plausibility rules of `DOMAIN.md`.
///
/// Typed entry checks each value as it parses it (``FieldSpec/parse(_:today:)``); this checks
/// values already typed — whatever their source, typed or arrived in a bundle — with each
/// field's rules (``fieldIssues(_:_:)``), and adds the rules that need several fields or
/// another record (``recordIssues(_:_:child:)``): required fields, a measurement not before
/// birth, age 0 to < 60 months, position given with a length, and the warnings (standing
/// under 9 months, vitamin A colour for the age) that keep the record but flag it.
public struct RecordValidator: Sendable {
    /// The date that counts as today (nothing may be in the future).
    public let today: LocalDate
    /// How many days past ``today`` a "not in the future" date may still lie: 0 for typed
    /// entry; 1 for events judged on arrival (time zones, a sender's clock a little fast).
    public let allowanceDays: Int

    /// The earliest date any date field may hold.
    public static let earliestDate = LocalDate(year: 1900, month: 1, day: 1)!

    /// Creates a validator.
    /// - Parameters:
    ///   - today: the current date.
    ///   - allowanceDays: days past `today` a "not in the future" date may lie (default 0).
    public init(today: LocalDate, allowanceDays: Int = 0) {
        self.today = today
        self.allowanceDays = allowanceDays
    }

    /// The latest date a "not in the future" field may hold: ``today`` + ``allowanceDays``.
    public var latestDate: LocalDate { today.adding(days: allowanceDays) }

    /// Validates a complete record (after creation, or after applying a correction): its
    /// fields (``fieldIssues(_:_:)``) and the record's rules (``recordIssues(_:_:child:)``).
    /// - Parameters:
    ///   - kind: the record kind.
    ///   - fields: every current field of the record.
    ///   - child: for a growth check, the current fields of its child (nil when unknown).
    /// - Returns: the errors and warnings, errors first; empty when all is well.
    public func validate(_ kind: RecordKind, _ fields: FieldMap, child: FieldMap? = nil) -> [ValidationIssue] {
        let issues = fieldIssues(kind, fields) + recordIssues(kind, fields, child: child)
        return issues.sorted { ($0.severity == .error ? 0 : 1) < ($1.severity == .error ? 0 : 1) }
    }

    /// The rules of each field present, alone: its type, range and text limits
    /// (``FieldSpec/check(_:)``) and, for a date, 1900-01-01 … ``latestDate`` ("not in the
    /// future" fields). Usable on a correction's fields, whose record is not at hand.
    /// - Returns: one error per field that breaks its rules.
    public func fieldIssues(_ kind: RecordKind, _ fields: FieldMap) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let schema = kind.schema
        for (tag, v) in fields {
            guard let spec = schema.field(tag: tag) else {
                issues.append(.init(.error, field: "tag \(tag)", "tag \(tag) is not a field of a \(kind.name)"))
                continue
            }
            if let problem = spec.check(v) {
                issues.append(.init(.error, field: spec.name, problem))
            } else if let d = v.date {
                if d < Self.earliestDate {
                    issues.append(.init(.error, field: spec.name, "\(spec.name): \(d) is before \(Self.earliestDate)"))
                } else if case .date(true) = spec.type, d > latestDate {
                    let allowed = allowanceDays == 0 ? "" : "; allowed: up to \(latestDate)"
                    issues.append(.init(.error, field: spec.name, "\(spec.name): \(d) is in the future (today is \(today)\(allowed))"))
                }
            }
        }
        return issues
    }

    /// The rules of the record as a whole: required fields, and the rules that need several
    /// fields or the child (a measurement not before birth, age 0 to < 60 months, a birth date
    /// at most ``maxChildAgeYears`` back, both coordinates or neither), with the warnings.
    /// - Returns: the errors and warnings, in rule order.
    public func recordIssues(_ kind: RecordKind, _ fields: FieldMap, child: FieldMap? = nil) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for spec in kind.schema.fields where spec.required && fields[spec.tag] == nil {
            issues.append(.init(.error, field: spec.name, "\(spec.name): is required (\(spec.help)); allowed: \(spec.type.allowedDescription)"))
        }
        if kind == .growthCheck { issues += growthCheckRules(fields, child: child) }
        if kind == .child, let born = fields[FieldKey.Child.born]?.date, let earliest = earliestBirth, born < earliest {
            issues.append(.init(.error, field: "born", "born: \(born) is more than \(Self.maxChildAgeYears) years before \(today); allowed: \(earliest) to \(today)"))
        }
        if kind == .houseSurvey, (fields[FieldKey.HouseSurvey.latitude] == nil) != (fields[FieldKey.HouseSurvey.longitude] == nil) {
            issues.append(.init(.error, field: "latitude", "latitude/longitude: give both or neither"))
        }
        return issues
    }

    /// A child's birth date is at most this many years before the date it is recorded on.
    public static let maxChildAgeYears = 18

    /// The earliest birth date a child recorded today may have (the same day
    /// ``maxChildAgeYears`` years ago; 28 February for 29 February), or nil before 1918.
    public var earliestBirth: LocalDate? {
        let c = today.components
        return LocalDate(year: c.year - Self.maxChildAgeYears, month: c.month, day: c.day)
            ?? LocalDate(year: c.year - Self.maxChildAgeYears, month: c.month, day: c.day - 1)
    }

    private func growthCheckRules(_ f: FieldMap, child: FieldMap?) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        typealias K = FieldKey.GrowthCheck
        if f[K.weight] == nil, f[K.lengthHeight] == nil, f[K.head] == nil, f[K.muac] == nil {
            issues.append(.init(.error, field: "weight_kg", "weight_kg/length_height_cm/head_cm/muac_cm: a check needs at least one measurement"))
        }
        if f[K.lengthHeight] != nil, f[K.position] == nil {
            issues.append(.init(.error, field: "position", "position: required with length_height_cm; allowed: \(K.position.spec.type.allowedDescription)"))
        }
        guard let measured = f[K.measuredOn]?.date, let born = child?[FieldKey.Child.born]?.date else { return issues }
        let ageDays = measured.days(since: born)
        if ageDays < 0 {
            issues.append(.init(.error, field: "measured_on",
                "measured_on: \(measured) is before the child's birth (\(born)); allowed: \(born) to \(today)"))
            return issues
        }
        let months = Double(ageDays) / 30.4375
        if months >= 60 {
            issues.append(.init(.error, field: "measured_on",
                "measured_on: \(measured) makes the child \(Int(months)) months old; allowed: age 0 to < 60 months (until \(born.adding(days: Int((60 * 30.4375).rounded(.up)) - 1)))"))
        }
        if f[K.position]?.text == "standing", months < 9 {
            issues.append(.init(.warning, field: "position",
                "position: standing measurement at \(Int(months)) months is suspicious (under 9 months children are measured lying); kept and flagged"))
        }
        if let vit = f[K.vitaminA]?.text {
            if vit == "blue", !(6..<12).contains(months) {
                issues.append(.init(.warning, field: "vitamin_a", "vitamin_a: blue capsule at \(Int(months)) months (blue is for 6–11 months); kept and flagged"))
            }
            if vit == "red", !(12..<60).contains(months) {
                issues.append(.init(.warning, field: "vitamin_a", "vitamin_a: red capsule at \(Int(months)) months (red is for 12–59 months); kept and flagged"))
            }
        }
        if f[K.exclusiveBreastfeeding]?.bool == true, months >= 6 {
            issues.append(.init(.warning, field: "exclusive_breastfeeding", "exclusive_breastfeeding: recorded at \(Int(months)) months (it applies under 6 months); kept and flagged"))
        }
        return issues
    }
}
