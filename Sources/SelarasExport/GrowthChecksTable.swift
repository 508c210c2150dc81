import SelarasAnthro
import SelarasMerge
import SelarasModel

/// The `growth_checks` table: one row per check, with age, WHO z-scores, flags, Permenkes
/// categories and growth status.
enum GrowthChecksTable {
    static let columns: [Column] = [
        Column("check_id", .string, "Growth check id (analyst tier: keyed pseudonym)"),
        Column("child_id", .string, "Child id (analyst tier: keyed pseudonym); merged registrations use the surviving id"),
        Column("measured_on", .date, "CheckMeasurement date (analyst tier: first day of the month)"),
        Column("age_days", .integer, "Age in days at measurement"),
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
        Column("age_months", .integer, "Completed months of age (age_days / 30.4375, rounded down)"),
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

    /// Sorts the rows into id order: sorts plain 24-byte keys (no reference counting inside
    /// the sort, no second copy of the rows), then permutes the rows in place by swaps.
    static func sortByID(_ rows: inout [CheckRow], in state: ConsolidatedState) {
        var keys = [IDKey]()
        keys.reserveCapacity(rows.count)
        for (i, r) in rows.enumerated() { keys.append(IDKey(state.id(at: r.position), index: i)) }
        keys.sort { ($0.kind, $0.origin, $0.kelurahan, $0.seq) < ($1.kind, $1.origin, $1.kelurahan, $1.seq) }
        // Position i takes the row at keys[i].index; follow each cycle once.
        for i in keys.indices where keys[i].index != Int32(i) {
            var j = i
            while true {
                let k = Int(keys[j].index)
                keys[j].index = Int32(j)
                if k == i { break }
                rows.swapAt(j, k)
                j = k
            }
        }
    }

    /// An id's sort key (the same order as `EntityID`'s `<`: kind, replica, kelurahan, seq) and
    /// its row's position.
    struct IDKey {
        let origin: UInt64, seq: UInt64, kelurahan: UInt16, kind: UInt8
        var index: Int32
        init(_ id: EntityID, index: Int) {
            origin = id.origin.stream.origin.rawValue
            seq = id.origin.seq
            kelurahan = id.origin.stream.kelurahanCode
            kind = id.kind.rawValue
            self.index = Int32(index)
        }
    }

    /// Indexes of `rows` (in id order) sorted by child, date, then id: each child's checks in
    /// the order they happened. One sort of packed keys, no per-child arrays.
    static func childOrder(_ rows: [CheckRow]) -> [Int32] {
        var keys = [(key: UInt64, index: Int32)]()
        keys.reserveCapacity(rows.count)
        for (i, r) in rows.enumerated() {
            let day = UInt64(UInt32(bitPattern: r.date.daysSinceEpoch) ^ 0x8000_0000)  // order-preserving
            keys.append((UInt64(UInt32(r.childIndex)) << 32 | day, Int32(i)))
        }
        keys.sort { ($0.key, $0.index) < ($1.key, $1.index) }  // index order is id order
        return keys.map(\.index)
    }

    /// Computes N/T/2T/O/B per check from each child's checks in date order.
    static func computeGrowth(_ rows: inout [CheckRow], byChild order: [Int32]) {
        var previous: (child: Int32, date: LocalDate, weight: Int64, growth: CheckRow.Growth)? = nil
        for i32 in order {
            let i = Int(i32)
            if let p = previous, p.child != rows[i].childIndex { previous = nil }
            guard let w = rows[i].weight else { continue }
            let g: CheckRow.Growth
            if let p = previous {
                if monthIndex(rows[i].date) - monthIndex(p.date) > 1 { g = .o }
                else if w > p.weight { g = .n }
                else { g = (p.growth == .t || p.growth == .twoT) ? .twoT : .t }
            } else {
                g = .b
            }
            rows[i].growth = g
            previous = (rows[i].childIndex, rows[i].date, w, g)
        }
    }

    static func monthIndex(_ d: LocalDate) -> Int { let c = d.components; return c.year * 12 + c.month }

    /// What a row's cells are computed from.
    struct RowInput {
        let row: CheckRow
        let c: FieldMap
        let child: ChildFacts
        let m: CheckMeasurement
        /// The check's id cell (a pseudonym in the analyst tier).
        let checkID: Cell
        /// The child's id cell.
        let childID: Cell
        let analyst: Bool
        func dec(_ t: UInt8) -> Cell { c.value(t)?.number.map { .decimal(Double($0) / 10, decimals: 1) } ?? .null }
        func text(_ v: FieldValue?) -> Cell { v?.text.map(Cell.text) ?? .null }
        static func z(_ v: Double?) -> Cell { v.map { .decimal($0, decimals: 2) } ?? .null }
    }

    /// Each column's cell, by column name (looked up once per table, not per row).
    static let extractors: [String: @Sendable (RowInput) -> Cell] = [
        "check_id": { $0.checkID },
        "child_id": { $0.childID },
        "measured_on": { i in
            let d = i.row.date
            return .date(i.analyst ? LocalDate(year: d.components.year, month: d.components.month, day: 1)! : d)
        },
        "age_days": { $0.m.ageDays.map { .integer(Int64($0)) } ?? .null },
        "weight_kg": { $0.dec(3) },
        "length_height_cm": { $0.dec(4) },
        "position": { $0.text($0.c.value(5)) },
        "waz": { RowInput.z($0.m.result.waz) }, "haz": { RowInput.z($0.m.result.haz) },
        "whz": { RowInput.z($0.m.result.whz) }, "baz": { RowInput.z($0.m.result.baz) },
        "hcz": { RowInput.z($0.m.result.hcz) }, "acz": { RowInput.z($0.m.result.acz) },
        "flag_waz": { .boolean($0.m.result.flagWaz) }, "flag_haz": { .boolean($0.m.result.flagHaz) },
        "flag_whz": { .boolean($0.m.result.flagWhz) }, "flag_baz": { .boolean($0.m.result.flagBaz) },
        "flag_hcz": { .boolean($0.m.result.flagHcz) }, "flag_acz": { .boolean($0.m.result.flagAcz) },
        "age_months": { $0.m.ageDays.map { .integer(Int64(Double($0) / 30.4375)) } ?? .null },
        "sex": { $0.text($0.child.value(4)) },
        "kelurahan": { $0.text($0.child.value(14)) },
        "posyandu": { $0.text($0.c.value(13) ?? $0.child.value(15)) },
        "head_cm": { $0.dec(6) },
        "muac_cm": { $0.dec(7) },
        "oedema": { .boolean($0.c.value(8)?.bool ?? false) },
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
        "vitamin_a": { $0.text($0.c.value(9)) },
        "exclusive_breastfeeding": { $0.c.value(10)?.bool.map(Cell.boolean) ?? .null },
        "cadre": { $0.text($0.c.value(12)) },
        "notes": { $0.text($0.c.value(14)) },
    ]

    static func make(_ ctx: DatasetContext) -> any DatasetTable {
        let cols = ctx.analyst ? columns.filter { !$0.identifying } : columns
        let schema = TableSchema(name: "growth_checks", description: "One row per growth check, with WHO z-scores and categories.", columns: cols)
        let cells = cols.map { extractors[$0.name]! }
        return ComputedTable(schema: schema, rowCount: ctx.checks.count) { i in
            let r = ctx.checks[i]
            let child = ctx.childFacts[Int(r.childIndex)]
            let check = ctx.state[r.position]
            // The record's fields decoded once for the row's cells; the z-scores were computed
            // when the dataset was built.
            let c = check.fields
            // Only what the cells need (not the whole context: copying it costs a reference
            // count per table, contended when rows are built on several cores).
            let input = RowInput(row: r, c: c, child: child, m: ctx.measurement(r),
                                 checkID: ctx.id(check.id), childID: ctx.childPseudonym(Int(r.childIndex)), analyst: ctx.analyst)
            return cells.map { $0(input) }
        }
    }
}

/// What the rows of a child's checks need from the child (kept once per child).
struct ChildFacts: Sendable {
    let sex: FieldValue?, born: FieldValue?, kelurahan: FieldValue?, posyandu: FieldValue?

    init(_ child: EntityState) {
        sex = child.value(4)
        born = child.value(5)
        kelurahan = child.value(14)
        posyandu = child.value(15)
    }

    /// The child's field with this tag (sex 4, born 5, kelurahan 14, posyandu 15; others nil).
    func value(_ tag: UInt8) -> FieldValue? {
        switch tag { case 4: sex; case 5: born; case 14: kelurahan; case 15: posyandu; default: nil }
    }
}

extension FieldMap {
    /// The field with this tag (the same spelling as ``EntityState/value(_:)``).
    func value(_ tag: UInt8) -> FieldValue? { self[tag] }
}
