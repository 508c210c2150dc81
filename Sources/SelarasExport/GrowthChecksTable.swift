import SelarasAnthro
import SelarasMerge
import SelarasModel

/// The `growth_checks` table: one row per check, with age, WHO z-scores, flags, Permenkes
/// categories and growth status.
enum GrowthChecksTable {
    static let columns: [Column] = [
        Column("check_id", .string, "Growth check id (analyst tier: keyed pseudonym)"),
        Column("child_id", .string, "Child id (analyst tier: keyed pseudonym); merged registrations use the surviving id"),
        Column("measured_on", .date, "Measurement date",
               analyst: "Month of the measurement, written as its first day (the day is left out)"),
        Column("age_days", .integer, "Age in days at measurement", onlyIn: .office),
        Column("weight_kg", .number, "Weight (kg)"),
        Column("length_height_cm", .number, "Length (lying) or height (standing) as measured (cm)"),
        Column("position", .string, "How the child was measured", categories: ["lying", "standing"]),
        Column("waz", .number, "Weight-for-age z-score (WHO 2006)"),
        Column("haz", .number, "Length/height-for-age z-score"),
        Column("whz", .number, "Weight-for-length/height z-score"),
        Column("baz", .number, "BMI-for-age z-score"),
        Column("hcz", .number, "Head-circumference-for-age z-score"),
        Column("acz", .number, "MUAC-for-age z-score"),
        Column("flag_waz", .boolean, "1 = weight-for-age beyond WHO limits (z < -6 or > 5)"),
        Column("flag_haz", .boolean, "1 = length/height-for-age beyond ±6"),
        Column("flag_whz", .boolean, "1 = weight-for-length/height beyond ±5"),
        Column("flag_baz", .boolean, "1 = BMI-for-age beyond ±5"),
        Column("flag_hcz", .boolean, "1 = head circumference beyond ±5"),
        Column("flag_acz", .boolean, "1 = MUAC-for-age beyond ±5"),
        Column("age_months", .integer, "Completed months of age (age_days / 30.4375, rounded down)",
               analyst: "Age in calendar months: the measurement's month minus the birth month (days left out, so it can be "
                   + "one more than the completed months)"),
        Column("sex", .string, "L = boy, P = girl", categories: ["L", "P"]),
        Column("kelurahan", .string, "Kelurahan of the child"),
        Column("posyandu", .string, "Posyandu"),
        Column("head_cm", .number, "Head circumference (cm)"),
        Column("muac_cm", .number, "Mid-upper-arm circumference, LILA (cm)"),
        Column("oedema", .boolean, "1 = bilateral pitting oedema"),
        Column("position_flag", .boolean, "1 = measured standing under 9 months (no adjustment applied)"),
        Column("bbu", .string, "Weight-for-age category (Permenkes 2/2020)", categories: WeightForAgeCategory.allCases.map(\.rawValue)),
        Column("tbu", .string, "Length/height-for-age category", categories: HeightForAgeCategory.allCases.map(\.rawValue)),
        Column("bbtb", .string, "Weight-for-length/height category", categories: WeightForHeightCategory.allCases.map(\.rawValue)),
        Column("imtu", .string, "BMI-for-age category", categories: WeightForHeightCategory.allCases.map(\.rawValue)),
        Column("stunted", .boolean, "1 = haz < -2"),
        Column("wasted", .boolean, "1 = whz < -2"),
        Column("underweight", .boolean, "1 = waz < -2"),
        Column("overweight", .boolean, "1 = whz > 2"),
        Column("growth", .string, "N gained, T did not gain, 2T twice, O no check the month before, B first check", categories: ["N", "T", "2T", "O", "B"]),
        Column("vitamin_a", .string, "Vitamin A capsule given", categories: ["blue", "red", "none"]),
        Column("exclusive_breastfeeding", .boolean, "1 = exclusively breastfed"),
        Column("cadre", .string, "Cadre who measured", identifying: true),
        Column("notes", .string, "Notes", identifying: true),
    ]

    static func monthIndex(_ d: LocalDate) -> Int { let c = d.components; return c.year * 12 + c.month }

    /// What a row's cells are computed from.
    struct RowInput {
        let row: CheckRow
        let c: FieldMap
        let child: ChildFacts
        let texts: ChildFacts.Table
        let m: CheckMeasurement
        /// The check's id cell (a pseudonym in the analyst tier).
        let checkID: Cell
        /// The child's id cell.
        let childID: Cell
        let analyst: Bool
        func text(_ v: FieldValue?) -> Cell { v?.text.map(Cell.text) ?? .null }
        func childText(_ i: UInt32) -> Cell { texts.text(i).map(Cell.text) ?? .null }
        static func z(_ v: Double?) -> Cell { v.map { .decimal($0, decimals: 2) } ?? .null }
    }

    /// A decimal field's cell in its unit, with the schema's scale (tag and divisor looked up once).
    static func decimal(_ key: FieldKey) -> @Sendable (RowInput) -> Cell {
        let tag = key.tag, divisor = key.spec.type.fixedPointDivisor, decimals = key.spec.type.scale
        return { $0.c.value(tag)?.number.map { .decimal(Double($0) / divisor, decimals: decimals) } ?? .null }
    }

    /// A text field's cell (tag looked up once).
    static func text(_ key: FieldKey) -> @Sendable (RowInput) -> Cell {
        let tag = key.tag
        return { $0.text($0.c.value(tag)) }
    }

    /// Each column's cell, by column name (looked up once per table, not per row).
    static let extractors: [String: @Sendable (RowInput) -> Cell] = [
        "check_id": { $0.checkID },
        "child_id": { $0.childID },
        "measured_on": { i in
            let d = i.row.date
            return .date(i.analyst ? firstOfMonth(d) : d)
        },
        "age_days": { $0.m.ageDays.map { .integer(Int64($0)) } ?? .null },
        "weight_kg": decimal(K.weight),
        "length_height_cm": decimal(K.lengthHeight),
        "position": text(K.position),
        "waz": { RowInput.z($0.m.result.waz) }, "haz": { RowInput.z($0.m.result.haz) },
        "whz": { RowInput.z($0.m.result.whz) }, "baz": { RowInput.z($0.m.result.baz) },
        "hcz": { RowInput.z($0.m.result.hcz) }, "acz": { RowInput.z($0.m.result.acz) },
        "flag_waz": { .boolean($0.m.result.flagWaz) }, "flag_haz": { .boolean($0.m.result.flagHaz) },
        "flag_whz": { .boolean($0.m.result.flagWhz) }, "flag_baz": { .boolean($0.m.result.flagBaz) },
        "flag_hcz": { .boolean($0.m.result.flagHcz) }, "flag_acz": { .boolean($0.m.result.flagAcz) },
        "age_months": { i in
            guard i.analyst else { return i.m.ageDays.map { .integer(Int64(Double($0) / 30.4375)) } ?? .null }
            // Month to month: no finer than the month of the birth and of the measurement.
            return i.child.born.map { .integer(Int64(calendarMonths(from: $0, to: i.row.date))) } ?? .null
        },
        "sex": { $0.childText($0.child.sex) },
        "kelurahan": { $0.childText($0.child.kelurahan) },
        "posyandu": posyandu(),
        "head_cm": decimal(K.head),
        "muac_cm": decimal(K.muac),
        "oedema": boolean(K.oedema, absent: .boolean(false)),
        "position_flag": { .boolean($0.m.result.positionFlag) },
        "bbu": { $0.m.result.waz.map { .text(WeightForAgeCategory.classify($0).rawValue) } ?? .null },
        "tbu": { $0.m.result.haz.map { .text(HeightForAgeCategory.classify($0).rawValue) } ?? .null },
        "bbtb": { $0.m.result.whz.map { .text(WeightForHeightCategory.classify($0).rawValue) } ?? .null },
        "imtu": { $0.m.result.baz.map { .text(WeightForHeightCategory.classify($0).rawValue) } ?? .null },
        "stunted": { $0.m.result.haz.map { .boolean($0 < -2) } ?? .null },
        "wasted": { $0.m.result.whz.map { .boolean($0 < -2) } ?? .null },
        "underweight": { $0.m.result.waz.map { .boolean($0 < -2) } ?? .null },
        "overweight": { $0.m.result.whz.map { .boolean($0 > 2) } ?? .null },
        "growth": { $0.row.growth == .none ? .null : .text($0.row.growth.text) },
        "vitamin_a": text(K.vitaminA),
        "exclusive_breastfeeding": boolean(K.exclusiveBreastfeeding, absent: .null),
        "cadre": text(K.cadre),
        "notes": text(K.notes),
    ]

    /// A yes/no field's cell; `absent` when not recorded (tag looked up once).
    static func boolean(_ key: FieldKey, absent: Cell) -> @Sendable (RowInput) -> Cell {
        let tag = key.tag
        return { $0.c.value(tag)?.bool.map(Cell.boolean) ?? absent }
    }

    /// The check's posyandu, else the child's (tag looked up once).
    static func posyandu() -> @Sendable (RowInput) -> Cell {
        let tag = K.posyandu.tag
        return { i in
            if let v = i.c.value(tag) { return i.text(v) }
            return i.childText(i.child.posyandu)
        }
    }

    static func make(_ ctx: DatasetContext) -> any DatasetTable {
        let cols = Column.select(columns, for: ctx.options.tier)
        let schema = TableSchema(name: "growth_checks", description: "One row per growth check, with WHO z-scores and categories.", columns: cols)
        let cells = cols.map { extractors[$0.name]! }
        return ComputedTable(schema: schema, rowCount: ctx.checks.count) { (i: Int, out: inout [Cell]) in
            let r = ctx.checks[i]
            let check = ctx.record(r)
            // The record's fields decoded once for the row's cells and its measurement.
            let c = check.fields
            // Only what the cells need (not the whole context: copying it costs a reference
            // count per table, contended when rows are built on several cores).
            let input = RowInput(row: r, c: c, child: ctx.childFacts.facts[Int(r.childIndex)], texts: ctx.childFacts,
                                 m: ctx.measurement(i, fields: c), checkID: ctx.id(check.id),
                                 childID: ctx.childPseudonym(Int(r.childIndex)), analyst: ctx.analyst)
            for cell in cells { out.append(cell(input)) }
        }
    }
}

/// The growth-check field keys, for the extractors.
private typealias K = FieldKey.GrowthCheck

extension FieldMap {
    /// The field with this tag (the same spelling as ``EntityState/value(_:)``).
    func value(_ tag: UInt8) -> FieldValue? { self[tag] }
}
