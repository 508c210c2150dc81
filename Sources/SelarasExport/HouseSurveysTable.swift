import SelarasMerge
import SelarasModel

/// The `house_surveys` table: one row per RTLH survey, with each criterion, the verdict and
/// repair eligibility (thresholds from ``RTLHThresholds``).
enum HouseSurveysTable {
    static let columns: [Column] = [
        Column("survey_id", .string, "Survey id (analyst tier: keyed pseudonym)"),
        Column("head_name", .string, "Household head", identifying: true),
        Column("head_nik", .string, "Household head's NIK (text)", identifying: true),
        Column("family_card", .string, "Family card number (text)", identifying: true),
        Column("address", .string, "Street address", identifying: true),
        Column("rt", .integer, "RT", identifying: true),
        Column("rw", .integer, "RW", identifying: true),
        Column("kelurahan", .string, "Kelurahan"),
        Column("kecamatan", .string, "Kecamatan"),
        Column("latitude", .number, "GPS latitude", identifying: true),
        Column("longitude", .number, "GPS longitude", identifying: true),
        Column("surveyed_on", .date, "Survey date",
               analyst: "Month of the survey, written as its first day (the day is left out)"),
        Column("occupants", .integer, "Occupants"),
        Column("floor_area_m2", .number, "Floor area (m²)"),
        Column("floor_area_per_person", .number, "Floor area per person (m²)"),
        Column("income_rp", .integer, "Monthly household income (Rp)", onlyIn: .office),
        Column("crowded", .boolean, "1 = floor area per person below the threshold"),
        Column("low_grade_floor", .boolean, "1 = earth or low-grade floor"),
        Column("low_grade_walls", .boolean, "1 = bamboo, board or other low-grade walls"),
        Column("bad_roof", .boolean, "1 = leaf/low-grade or damaged roof"),
        Column("damaged_structure", .boolean, "1 = foundation, columns or beams damaged or missing"),
        Column("no_private_toilet", .boolean, "1 = no private toilet with septic tank"),
        Column("unprotected_water", .boolean, "1 = unprotected drinking-water source"),
        Column("no_electricity", .boolean, "1 = no electricity"),
        Column("poor_ventilation", .boolean, "1 = inadequate ventilation"),
        Column("criteria_met", .integer, "Number of RTLH criteria met"),
        Column("rtlh", .boolean, "1 = unfit to live in (criteria met ≥ threshold)"),
        Column("eligible_for_repair", .boolean, "1 = RTLH, owns house and land without dispute, income below the limit"),
        Column("surveyor", .string, "Surveyor", identifying: true),
        Column("income_band", .string, "Monthly household income band (Rp a month, lower bound included, upper excluded; "
                   + "3.9M is the default repair-programme income limit)", categories: IncomeBand.labels, onlyIn: .analyst),
    ]

    static func make(_ ctx: DatasetContext) -> any DatasetTable {
        let cols = Column.select(columns, for: ctx.options.tier)
        let analyst = ctx.analyst
        let schema = TableSchema(name: "house_surveys", description: "One row per RTLH house survey, with the criteria and verdict.", columns: cols)
        let t = ctx.options.thresholds
        return ComputedTable(schema: schema, rowCount: ctx.surveys.count) { i in
            let s = ctx.surveys[i]
            func text(_ tag: UInt8) -> String? { s.value(tag)?.text }
            let occupants = s.value(10)?.number ?? 0
            let area = Double(s.value(11)?.number ?? 0) / 10
            let perPerson = occupants > 0 ? area / Double(occupants) : 0
            let criteria: [String: Bool] = [
                "crowded": occupants > 0 && perPerson < t.minimumFloorAreaPerPerson,
                "low_grade_floor": text(18).map { t.lowGradeFloors.contains($0) } ?? false,
                "low_grade_walls": text(17).map { t.lowGradeWalls.contains($0) } ?? false,
                "bad_roof": (text(15).map { t.lowGradeRoofs.contains($0) } ?? false) || s.value(16)?.bool == true,
                "damaged_structure": text(19).map { $0 != "sound" } ?? false,
                "no_private_toilet": text(22).map { $0 != "private-septic" } ?? false,
                "unprotected_water": text(23).map { t.unprotectedWater.contains($0) } ?? false,
                "no_electricity": text(20) == "none",
                "poor_ventilation": s.value(21)?.bool == false,
            ]
            let met = criteria.values.filter { $0 }.count
            let rtlh = met >= t.criteriaForVerdict
            let eligible = rtlh && text(12) == "own" && text(13) == "own" && (s.value(14)?.number ?? .max) < t.incomeLimit
            let kel = text(7).flatMap { Kelurahan(name: $0) }
            return cols.map { col -> Cell in
                if let v = criteria[col.name] { return .boolean(v) }
                switch col.name {
                case "survey_id": return ctx.id(s.id)
                case "head_name": return text(1).map(Cell.text) ?? .null
                case "head_nik": return text(2).map(Cell.text) ?? .null
                case "family_card": return text(3).map(Cell.text) ?? .null
                case "address": return text(4).map(Cell.text) ?? .null
                case "rt": return s.value(5)?.number.map(Cell.integer) ?? .null
                case "rw": return s.value(6)?.number.map(Cell.integer) ?? .null
                case "kelurahan": return kel.map { .text($0.name) } ?? .null
                case "kecamatan": return kel.map { .text($0.kecamatan) } ?? .null
                case "latitude": return s.value(8)?.number.map { .decimal(Double($0) / 1e6, decimals: 6) } ?? .null
                case "longitude": return s.value(9)?.number.map { .decimal(Double($0) / 1e6, decimals: 6) } ?? .null
                case "surveyed_on":
                    guard let d = s.value(25)?.date else { return .null }
                    return .date(analyst ? firstOfMonth(d) : d)
                case "occupants": return .integer(occupants)
                case "floor_area_m2": return .decimal(area, decimals: 1)
                case "floor_area_per_person": return occupants > 0 ? .decimal(perPerson, decimals: 2) : .null
                case "income_rp": return s.value(14)?.number.map(Cell.integer) ?? .null
                case "income_band": return s.value(14)?.number.map { .text(IncomeBand.label($0)) } ?? .null
                case "criteria_met": return .integer(Int64(met))
                case "rtlh": return .boolean(rtlh)
                case "eligible_for_repair": return .boolean(eligible)
                default: return text(24).map(Cell.text) ?? .null
                }
            }
        }
    }
}
