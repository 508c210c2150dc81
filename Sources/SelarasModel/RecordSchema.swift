/// The fields of one record kind, in a fixed order (which is also the export column order).
public struct RecordSchema: Sendable {
    /// The kind described.
    public let kind: RecordKind
    /// Fields in display and export order.
    public let fields: [FieldSpec]

    /// The field with this column name or flag (`weight_kg` or `weight`), or nil.
    public func field(named name: String) -> FieldSpec? {
        let n = name.lowercased().replacingUnderscoresWithDashes()
        return fields.first { $0.flag == n || $0.name.replacingUnderscoresWithDashes() == n }
    }

    /// Field index by tag (-1 when absent), for O(1) lookup.
    private let byTag: [Int]
    /// Per tag, the checks the decoder makes without touching the field (no reference
    /// counting on the hot path). `valueKind` 0 means no such field.
    let rules: [FieldRule]

    /// Creates a schema.
    init(kind: RecordKind, fields: [FieldSpec]) {
        self.kind = kind
        self.fields = fields
        var t = [Int](repeating: -1, count: 256)
        var r = [FieldRule](repeating: FieldRule(), count: 256)
        for (i, f) in fields.enumerated() {
            t[Int(f.tag)] = i
            r[Int(f.tag)] = FieldRule(valueKind: f.valueKind, minimum: f.numberRange.lowerBound, maximum: f.numberRange.upperBound,
                                      needsFullCheck: !f.choiceSet.isEmpty || f.valueKind == 5,
                                      choices: f.choiceSet.map { Array($0.utf8) }, referenceKind: f.referenceKind?.rawValue ?? 0,
                                      maxTextBytes: f.textLimit?.bytes ?? 0)
        }
        byTag = t
        rules = r
    }

    /// The field with this tag, or nil. O(1).
    public func field(tag: UInt8) -> FieldSpec? {
        let i = byTag[Int(tag)]
        return i < 0 ? nil : fields[i]
    }

    /// The most UTF-8 bytes of any text field of this kind.
    public var maxTextBytes: Int { fields.compactMap(\.textLimit?.bytes).max() ?? 0 }

    /// The largest legal text of any field of any kind, in UTF-8 bytes: the most a reader of
    /// already-checked event bytes ever needs to read for one value.
    public static let maxTextBytes = RecordKind.allCases.map(\.schema.maxTextBytes).max() ?? 0

    /// A help listing of every field: flag, type and allowed range, and what it means.
    public var helpText: String {
        fields.map { f in
            "  --\(f.flag)\(f.required ? " (required)" : ""): \(f.help) — \(f.type.allowedDescription)"
        }.joined(separator: "\n")
    }
}

/// What the decoder checks of one field, as plain values.
struct FieldRule: Sendable {
    var valueKind: UInt8 = 0
    var minimum: Int64 = 0
    var maximum: Int64 = 0
    var needsFullCheck = false
    /// The allowed texts of a choice as UTF-8 (empty when any text goes), so that a scan
    /// can accept a choice without making a `String`.
    var choices: [[UInt8]] = []
    /// The kind a reference must point to (0 when not a reference).
    var referenceKind: UInt8 = 0
    /// The most UTF-8 bytes a text value may have (the field's ``FieldSpec/textLimit``).
    var maxTextBytes = 0
}

extension String {
    func replacingUnderscoresWithDashes() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}

extension RecordSchema {
    static let kelurahanChoice = FieldType.choice(Kelurahan.all.map(\.name))

    /// A child in the registry.
    public static let child = RecordSchema(kind: .child, fields: [
        FieldSpec(1, "nik", flag: "nik", .text(maxLength: 16, digits: 16), identifying: true,
                  help: "the child's NIK (often missing for infants)"),
        FieldSpec(2, "family_card", flag: "family-card", .text(maxLength: 16, digits: 16), identifying: true,
                  help: "family card number (KK)"),
        FieldSpec(3, "name", flag: "name", .text(maxLength: 120), required: true, identifying: true, help: "the child's name"),
        FieldSpec(4, "sex", flag: "sex", .choice(["L", "P"], aliases: ["m": "L", "f": "P", "male": "L", "female": "P", "laki-laki": "L", "laki laki": "L", "perempuan": "P"]),
                  required: true, help: "L (laki-laki, boy) or P (perempuan, girl); M/F also work"),
        FieldSpec(5, "born", flag: "born", .date(notFuture: true), required: true, help: "date of birth"),
        FieldSpec(6, "birth_weight_kg", flag: "birth-weight", .decimal(scale: 2, unit: "kg", range: 30...700),
                  help: "weight at birth"),
        FieldSpec(7, "birth_length_cm", flag: "birth-length", .decimal(scale: 1, unit: "cm", range: 250...650),
                  help: "length at birth"),
        FieldSpec(8, "mother", flag: "mother", .text(maxLength: 120), identifying: true, help: "mother's name"),
        FieldSpec(9, "mother_nik", flag: "mother-nik", .text(maxLength: 16, digits: 16), identifying: true, help: "mother's NIK"),
        FieldSpec(10, "father", flag: "father", .text(maxLength: 120), identifying: true, help: "father's name"),
        FieldSpec(11, "address", flag: "address", .text(maxLength: 200), identifying: true, help: "street address"),
        FieldSpec(12, "rt", flag: "rt", .integer(unit: "", range: 1...999), help: "RT (neighbourhood unit)"),
        FieldSpec(13, "rw", flag: "rw", .integer(unit: "", range: 1...999), help: "RW (community unit)"),
        FieldSpec(14, "kelurahan", flag: "kelurahan", kelurahanChoice, help: "kelurahan (defaults to the replica's)"),
        FieldSpec(15, "posyandu", flag: "posyandu", .text(maxLength: 80), help: "posyandu name"),
        FieldSpec(16, "phone", flag: "phone", .text(maxLength: 16, phone: true), identifying: true, help: "a parent's phone"),
    ])

    /// A growth check at a posyandu.
    public static let growthCheck = RecordSchema(kind: .growthCheck, fields: [
        FieldSpec(1, "child_id", flag: "child", .reference(.child), required: true, help: "the child's id"),
        FieldSpec(2, "measured_on", flag: "date", .date(notFuture: true), required: true, help: "measurement date"),
        FieldSpec(3, "weight_kg", flag: "weight", .decimal(scale: 1, unit: "kg", range: 5...400), help: "weight"),
        FieldSpec(4, "length_height_cm", flag: "length", .decimal(scale: 1, unit: "cm", range: 350...1400),
                  help: "length (lying) or height (standing)"),
        FieldSpec(5, "position", flag: "position", .choice(["lying", "standing"],
                  aliases: ["l": "lying", "h": "standing", "terlentang": "lying", "berdiri": "standing", "length": "lying", "height": "standing"]),
                  help: "whether the child lay or stood (required with --length)"),
        FieldSpec(6, "head_cm", flag: "head", .decimal(scale: 1, unit: "cm", range: 200...600), help: "head circumference"),
        FieldSpec(7, "muac_cm", flag: "muac", .decimal(scale: 1, unit: "cm", range: 60...350), help: "mid-upper-arm circumference (LILA)"),
        FieldSpec(8, "oedema", flag: "oedema", .bool, help: "bilateral pitting oedema"),
        FieldSpec(9, "vitamin_a", flag: "vitamin-a", .choice(["blue", "red", "none"], aliases: ["biru": "blue", "merah": "red"]),
                  help: "vitamin A capsule given: blue (6–11 months) or red (12–59 months)"),
        FieldSpec(10, "exclusive_breastfeeding", flag: "exclusive-breastfeeding", .bool, help: "exclusively breastfed (under 6 months)"),
        FieldSpec(11, "immunisation", flag: "immunisation", .text(maxLength: 120), help: "immunisation given"),
        FieldSpec(12, "cadre", flag: "cadre", .text(maxLength: 120), help: "the cadre who measured"),
        FieldSpec(13, "posyandu", flag: "posyandu", .text(maxLength: 80), help: "posyandu name"),
        FieldSpec(14, "notes", flag: "notes", .text(maxLength: 500), help: "notes"),
    ])

    /// An RTLH house survey.
    public static let houseSurvey = RecordSchema(kind: .houseSurvey, fields: [
        FieldSpec(1, "head_name", flag: "head-name", .text(maxLength: 120), required: true, identifying: true, help: "household head's name"),
        FieldSpec(2, "head_nik", flag: "head-nik", .text(maxLength: 16, digits: 16), identifying: true, help: "household head's NIK"),
        FieldSpec(3, "family_card", flag: "family-card", .text(maxLength: 16, digits: 16), identifying: true, help: "family card number (KK)"),
        FieldSpec(4, "address", flag: "address", .text(maxLength: 200), identifying: true, help: "street address"),
        FieldSpec(5, "rt", flag: "rt", .integer(unit: "", range: 1...999), help: "RT"),
        FieldSpec(6, "rw", flag: "rw", .integer(unit: "", range: 1...999), help: "RW"),
        FieldSpec(7, "kelurahan", flag: "kelurahan", kelurahanChoice, help: "kelurahan (defaults to the replica's)"),
        FieldSpec(8, "latitude", flag: "lat", .decimal(scale: 6, unit: "°", range: -90_000_000...90_000_000), identifying: true, help: "GPS latitude"),
        FieldSpec(9, "longitude", flag: "lon", .decimal(scale: 6, unit: "°", range: -180_000_000...180_000_000), identifying: true, help: "GPS longitude"),
        FieldSpec(10, "occupants", flag: "occupants", .integer(unit: "people", range: 1...50), required: true, help: "number of occupants"),
        FieldSpec(11, "floor_area_m2", flag: "floor-area", .decimal(scale: 1, unit: "m²", range: 10...10_000), required: true, help: "floor area"),
        FieldSpec(12, "land_ownership", flag: "land-ownership", .choice(["own", "rent", "family", "government", "disputed"], aliases: ["milik-sendiri": "own", "sendiri": "own", "sewa": "rent", "keluarga": "family", "negara": "government", "pemerintah": "government", "sengketa": "disputed"]), help: "who owns the land"),
        FieldSpec(13, "house_ownership", flag: "house-ownership", .choice(["own", "rent", "family", "other"], aliases: ["milik-sendiri": "own", "sendiri": "own", "sewa": "rent", "kontrak": "rent", "keluarga": "family", "lainnya": "other"]), help: "who owns the house"),
        FieldSpec(14, "income_rp", flag: "income", .integer(unit: "Rp/month", range: 0...1_000_000_000), help: "monthly household income"),
        FieldSpec(15, "roof_material", flag: "roof", .choice(["tile", "metal", "asbestos", "concrete", "leaf", "other"], aliases: ["genteng": "tile", "seng": "metal", "asbes": "asbestos", "beton": "concrete", "daun": "leaf", "rumbia": "leaf", "lainnya": "other"]), help: "roof material"),
        FieldSpec(16, "roof_damaged", flag: "roof-damaged", .bool, help: "roof damaged or leaking"),
        FieldSpec(17, "wall_material", flag: "walls", .choice(["brick", "wood", "board", "bamboo", "other"], aliases: ["bata": "brick", "tembok": "brick", "kayu": "wood", "papan": "board", "bambu": "bamboo", "lainnya": "other"]), help: "wall material"),
        FieldSpec(18, "floor_material", flag: "floor", .choice(["ceramic", "cement", "wood", "earth", "other"], aliases: ["keramik": "ceramic", "semen": "cement", "plester": "cement", "kayu": "wood", "papan": "wood", "tanah": "earth", "lainnya": "other"]), help: "floor material"),
        FieldSpec(19, "structure", flag: "structure", .choice(["sound", "damaged", "none"], aliases: ["baik": "sound", "rusak": "damaged", "tidak-ada": "none"]), help: "foundation, columns and beams"),
        FieldSpec(20, "electricity", flag: "electricity", .choice(["pln", "other", "none"], aliases: ["lainnya": "other", "tidak-ada": "none"]), help: "source of electric light"),
        FieldSpec(21, "ventilation", flag: "ventilation", .bool, help: "adequate ventilation"),
        FieldSpec(22, "toilet", flag: "toilet", .choice(["private-septic", "private-no-septic", "shared", "none"], aliases: ["sendiri-septik": "private-septic", "sendiri-tanpa-septik": "private-no-septic", "bersama": "shared", "umum": "shared", "tidak-ada": "none"]), help: "toilet and septic tank"),
        FieldSpec(23, "water_source", flag: "water", .choice(["piped", "protected-well", "unprotected-well", "river", "rain", "bottled", "other"], aliases: ["ledeng": "piped", "pdam": "piped", "sumur-terlindung": "protected-well", "sumur-tidak-terlindung": "unprotected-well", "sungai": "river", "hujan": "rain", "kemasan": "bottled", "isi-ulang": "bottled", "lainnya": "other"]),
                  help: "drinking-water source"),
        FieldSpec(24, "surveyor", flag: "surveyor", .text(maxLength: 120), help: "who surveyed"),
        FieldSpec(25, "surveyed_on", flag: "date", .date(notFuture: true), required: true, help: "survey date"),
        FieldSpec(26, "photos", flag: "photos", .text(maxLength: 500), help: "photo file names, separated by ';'"),
        FieldSpec(27, "notes", flag: "notes", .text(maxLength: 500), help: "notes"),
    ])
}
