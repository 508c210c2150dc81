import SelarasMerge
import SelarasModel

/// The `children` table: one row per child (merged registrations once, under the smallest id).
enum ChildrenTable {
    static let columns: [Column] = [
        Column("child_id", .string, "Child id (analyst tier: keyed pseudonym)"),
        Column("nik", .string, "NIK, 16 digits (text)", identifying: true),
        Column("family_card", .string, "Family card number (KK), 16 digits (text)", identifying: true),
        Column("name", .string, "Name", identifying: true),
        Column("sex", .string, "L = boy, P = girl", categories: ["L", "P"]),
        Column("born", .date, "Date of birth", identifying: true),
        Column("age_months", .integer, "Completed months of age on the export's as-of date (see the filters)",
               analyst: "Age in calendar months on the export's as-of date: the as-of month minus the birth month (days left out)"),
        Column("birth_weight_kg", .number, "Birth weight (kg)"),
        Column("birth_length_cm", .number, "Birth length (cm)"),
        Column("mother", .string, "Mother's name", identifying: true),
        Column("mother_nik", .string, "Mother's NIK (text)", identifying: true),
        Column("father", .string, "Father's name", identifying: true),
        Column("address", .string, "Street address", identifying: true),
        Column("rt", .integer, "RT", identifying: true),
        Column("rw", .integer, "RW", identifying: true),
        Column("kelurahan", .string, "Kelurahan"),
        Column("kecamatan", .string, "Kecamatan"),
        Column("posyandu", .string, "Posyandu"),
        Column("phone", .string, "A parent's phone (text)", identifying: true),
        Column("registrations", .integer, "Registrations merged into this child by same-as decisions (1 = none)"),
    ]

    static func make(_ ctx: DatasetContext) -> any DatasetTable {
        let cols = Column.select(columns, for: ctx.options.tier)
        let analyst = ctx.analyst
        let schema = TableSchema(name: "children", description: "One row per child in the registry.", columns: cols)
        typealias K = FieldKey.Child
        let birthWeightScale = K.birthWeight.spec.type.scale, birthLengthScale = K.birthLength.spec.type.scale
        return ComputedTable(schema: schema, rowCount: ctx.children.count) { i in
            let c = ctx.children[i]
            var row: [Cell] = []
            row.reserveCapacity(cols.count)
            func text(_ k: FieldKey) -> Cell { c.value(k.tag)?.text.map(Cell.text) ?? .null }
            func number(_ k: FieldKey, _ scale: Int) -> Cell {
                c.value(k.tag)?.number.map { .decimal(Double($0) / pow10(scale), decimals: scale) } ?? .null
            }
            let born = c.value(K.born.tag)?.date
            let kel = Kelurahan(code: ctx.childFacts.kelurahanCode(i))  // nil for 0
            for col in cols {
                switch col.name {
                case "child_id": row.append(ctx.id(c.id))
                case "nik": row.append(text(K.nik))
                case "family_card": row.append(text(K.familyCard))
                case "name": row.append(text(K.name))
                case "sex": row.append(text(K.sex))
                case "born": row.append(born.map(Cell.date) ?? .null)
                case "age_months":
                    row.append(born.map {
                        .integer(Int64(analyst ? calendarMonths(from: $0, to: ctx.options.asOf) : monthsBetween($0, ctx.options.asOf)))
                    } ?? .null)
                case "birth_weight_kg": row.append(number(K.birthWeight, birthWeightScale))
                case "birth_length_cm": row.append(number(K.birthLength, birthLengthScale))
                case "mother": row.append(text(K.mother))
                case "mother_nik": row.append(text(K.motherNIK))
                case "father": row.append(text(K.father))
                case "address": row.append(text(K.address))
                case "rt": row.append(c.value(K.rt.tag)?.number.map(Cell.integer) ?? .null)
                case "rw": row.append(c.value(K.rw.tag)?.number.map(Cell.integer) ?? .null)
                case "kelurahan": row.append(kel.map { .text($0.name) } ?? .null)
                case "kecamatan": row.append(kel.map { .text($0.kecamatan) } ?? .null)
                case "posyandu": row.append(text(K.posyandu))
                case "phone": row.append(text(K.phone))
                default: row.append(.integer(Int64(ctx.registrations[c.id] ?? 1)))
                }
            }
            return row
        }
    }
}

/// 10^n as a Double.
func pow10(_ n: Int) -> Double {
    var p = 1.0
    for _ in 0..<n { p *= 10 }
    return p
}

/// Calendar months from `a`'s month to `b`'s month, the days left out (negative when b's month
/// is before a's): the analyst tier's age, which says nothing finer than the two months.
func calendarMonths(from a: LocalDate, to b: LocalDate) -> Int {
    GrowthChecksTable.monthIndex(b) - GrowthChecksTable.monthIndex(a)
}

/// The first day of `d`'s month: the analyst tier's measurement and survey dates.
func firstOfMonth(_ d: LocalDate) -> LocalDate { d.adding(days: 1 - d.components.day) }

/// Completed calendar months from `a` to `b` (negative when b is before a).
func monthsBetween(_ a: LocalDate, _ b: LocalDate) -> Int {
    let x = a.components, y = b.components
    var m = (y.year - x.year) * 12 + (y.month - x.month)
    if y.day < x.day { m -= 1 }
    return m
}
