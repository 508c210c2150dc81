import SelarasAnthro
import SelarasMerge
import SelarasModel

/// A child's growth checks as the KMS and the register show them: one row per visible check,
/// in date order, with its z-scores, Permenkes 2/2020 statuses, N/T mark, BGM, 2T and referral.
public struct ChildGrowth: Sendable {
    /// One check.
    public struct Row: Sendable {
        /// The check's id.
        public var id: EntityID
        /// The measurement date.
        public var date: LocalDate
        /// Age in days and in completed months on that date.
        public var ageDays: Int
        /// Completed months.
        public var ageMonths: Int
        /// Weight (kg), length/height (cm), MUAC (cm), head (cm).
        public var weight: Double?
        /// Length or height (cm).
        public var lengthHeight: Double?
        /// `lying` or `standing`.
        public var position: String?
        /// MUAC (cm).
        public var muac: Double?
        /// Head circumference (cm).
        public var head: Double?
        /// Oedema seen.
        public var oedema: Bool
        /// The z-scores.
        public var z: AnthroResult
        /// The KMS assessment of this weighing.
        public var assessment: GrowthAssessment
    }

    /// Which rows get z-scores (the WHO tables' cost): all (the child's page), none (the
    /// weighing form, which needs only the last raw values) or one (the check just saved: the
    /// N/T, 2T and BGM of a row need the earlier weights but only its own z-scores).
    public enum ZScores: Sendable, Equatable {
        /// Every row.
        case all
        /// No row.
        case none
        /// This check's row only.
        case only(EntityID)
    }

    /// The child's sex for the tables.
    public let sex: AnthroSex
    /// Date of birth.
    public let born: LocalDate
    /// The rows, oldest first.
    public let rows: [Row]

    /// Builds the rows of a child from its checks (voided checks are left out), with z-scores
    /// for the rows `zScores` says.
    /// - Returns: nil when the child has no sex or birth date.
    public init?(child: EntityState, checks: [EntityState], standards: GrowthStandards?, zScores: ZScores = .all) {
        typealias K = FieldKey.GrowthCheck
        guard let born = child.value(FieldKey.Child.born)?.date, let sexCode = child.value(FieldKey.Child.sex)?.text else { return nil }
        sex = sexCode == "L" ? .male : .female
        self.born = born
        var measured: [(date: LocalDate, id: EntityID, fields: FieldMap)] = []
        for c in checks where c.isCreated && !c.isVoided {
            let f = c.fields
            guard let d = f[K.measuredOn]?.date else { continue }
            measured.append((d, c.id, f))
        }
        measured.sort { ($0.date, $0.id) < ($1.date, $1.id) }
        var monthly: [MonthlyWeighing] = []
        var out: [Row] = []
        for m in measured {
            let f = m.fields
            let ageDays = m.date.days(since: born)
            let months = m.date.completedMonths(since: born)
            let position = f[K.position]?.text
            let weight = f.decimal(K.weight), length = f.decimal(K.lengthHeight), muac = f.decimal(K.muac)
            let oedema = f[K.oedema]?.bool ?? false
            let input = AnthroInput(sex: sex, ageDays: ageDays, weightKg: weight, lengthHeightCm: length,
                                    position: position == "lying" ? .lying : position == "standing" ? .standing : .unknown,
                                    headCircumferenceCm: f.decimal(K.head), muacCm: muac, oedema: oedema)
            let wanted = switch zScores {
            case .all: true
            case .none: false
            case .only(let id): id == m.id
            }
            let z = wanted ? standards?.zScores(input) ?? AnthroResult() : AnthroResult()
            if let weight {
                let w = MonthlyWeighing(monthIndex: m.date.monthNumber, ageMonths: months, weightKg: weight)
                if monthly.last?.monthIndex == w.monthIndex { monthly[monthly.count - 1] = w } else { monthly.append(w) }
            }
            let assessment = weight == nil ? GrowthAssessment.none
                : GrowthMonitoring.assess(monthly, waz: z.waz, whz: z.whz, oedema: oedema, muacCm: muac)
            out.append(Row(id: m.id, date: m.date, ageDays: ageDays, ageMonths: months, weight: weight, lengthHeight: length,
                           position: position, muac: muac, head: f.decimal(K.head), oedema: oedema, z: z, assessment: assessment))
        }
        rows = out
    }
}
