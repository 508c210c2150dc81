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
        typealias K = FieldKey.HouseSurvey
        let areaDivisor = K.floorArea.spec.type.fixedPointDivisor, areaDecimals = K.floorArea.spec.type.scale
        let latitudeDivisor = K.latitude.spec.type.fixedPointDivisor, latitudeDecimals = K.latitude.spec.type.scale
        let longitudeDivisor = K.longitude.spec.type.fixedPointDivisor, longitudeDecimals = K.longitude.spec.type.scale
        return ComputedTable(schema: schema, rowCount: ctx.surveys.count) { i in
            let s = ctx.surveys[i]
            func text(_ key: FieldKey) -> String? { s.value(key.tag)?.text }
            let occupants = s.value(K.occupants.tag)?.number ?? 0
            let area = Double(s.value(K.floorArea.tag)?.number ?? 0) / areaDivisor
            let perPerson = occupants > 0 ? area / Double(occupants) : 0
            let criteria: [String: Bool] = [
                "crowded": occupants > 0 && perPerson < t.minimumFloorAreaPerPerson,
                "low_grade_floor": text(K.floorMaterial).map { t.lowGradeFloors.contains($0) } ?? false,
                "low_grade_walls": text(K.wallMaterial).map { t.lowGradeWalls.contains($0) } ?? false,
                "bad_roof": (text(K.roofMaterial).map { t.lowGradeRoofs.contains($0) } ?? false) || s.value(K.roofDamaged.tag)?.bool == true,
                "damaged_structure": text(K.structure).map { $0 != "sound" } ?? false,
                "no_private_toilet": text(K.toilet).map { $0 != "private-septic" } ?? false,
                "unprotected_water": text(K.waterSource).map { t.unprotectedWater.contains($0) } ?? false,
                "no_electricity": text(K.electricity) == "none",
                "poor_ventilation": s.value(K.ventilation.tag)?.bool == false,
            ]
            let met = criteria.values.filter { $0 }.count
            let rtlh = met >= t.criteriaForVerdict
            let eligible = rtlh && text(K.landOwnership) == "own" && text(K.houseOwnership) == "own" && (s.value(K.income.tag)?.number ?? .max) < t.incomeLimit
            let kel = text(K.kelurahan).flatMap { Kelurahan(name: $0) }
            return cols.map { col -> Cell in
                if let v = criteria[col.name] { return .boolean(v) }
                switch col.name {
                case "survey_id": return ctx.id(s.id)
                case "head_name": return text(K.headName).map(Cell.text) ?? .null
                case "head_nik": return text(K.headNIK).map(Cell.text) ?? .null
                case "family_card": return text(K.familyCard).map(Cell.text) ?? .null
                case "address": return text(K.address).map(Cell.text) ?? .null
                case "rt": return s.value(K.rt.tag)?.number.map(Cell.integer) ?? .null
                case "rw": return s.value(K.rw.tag)?.number.map(Cell.integer) ?? .null
                case "kelurahan": return kel.map { .text($0.name) } ?? .null
                case "kecamatan": return kel.map { .text($0.kecamatan) } ?? .null
                case "latitude": return s.value(K.latitude.tag)?.number.map { .decimal(Double($0) / latitudeDivisor, decimals: latitudeDecimals) } ?? .null
                case "longitude": return s.value(K.longitude.tag)?.number.map { .decimal(Double($0) / longitudeDivisor, decimals: longitudeDecimals) } ?? .null
                case "surveyed_on":
                    guard let d = s.value(K.surveyedOn.tag)?.date else { return .null }
                    return .date(analyst ? firstOfMonth(d) : d)
                case "occupants": return .integer(occupants)
                case "floor_area_m2": return .decimal(area, decimals: areaDecimals)
                case "floor_area_per_person": return occupants > 0 ? .decimal(perPerson, decimals: 2) : .null
                case "income_rp": return s.value(K.income.tag)?.number.map(Cell.integer) ?? .null
                case "income_band": return s.value(K.income.tag)?.number.map { .text(IncomeBand.label($0)) } ?? .null
                case "criteria_met": return .integer(Int64(met))
                case "rtlh": return .boolean(rtlh)
                case "eligible_for_repair": return .boolean(eligible)
                default: return text(K.surveyor).map(Cell.text) ?? .null
                }
            }
        }
    }
}
