import SelarasAnthro
import SelarasMerge
import SelarasModel

/// The `indicators` table: per kelurahan and month, S, D, D/S, N/D and the prevalence of
/// stunting, wasting, underweight and overweight among measured children (each child's last
/// check of the month). In the analyst tier, counts of 1–2 are suppressed (empty), and so is
/// any percentage computed from a suppressed count.
enum IndicatorsTable {
    static let columns: [Column] = [
        Column("kelurahan", .string, "Kelurahan"),
        Column("kecamatan", .string, "Kecamatan"),
        Column("month", .string, "Month (YYYY-MM)"),
        Column("s", .integer, "S: children registered, aged 0–59 months in the month"),
        Column("d", .integer, "D: children weighed in the month"),
        Column("d_over_s_pct", .number, "D/S participation (%)"),
        Column("n", .integer, "N: weighed children who gained weight since the previous month"),
        Column("n_over_d_pct", .number, "N/D (%)"),
        Column("measured_haz", .integer, "Children with a length/height-for-age z-score"),
        Column("stunted", .integer, "Children with haz < -2"),
        Column("stunting_pct", .number, "Stunting prevalence (%)"),
        Column("measured_whz", .integer, "Children with a weight-for-length/height z-score"),
        Column("wasted", .integer, "Children with whz < -2"),
        Column("wasting_pct", .number, "Wasting prevalence (%)"),
        Column("measured_waz", .integer, "Children with a weight-for-age z-score"),
        Column("underweight", .integer, "Children with waz < -2"),
        Column("underweight_pct", .number, "Underweight prevalence (%)"),
        Column("overweight", .integer, "Children with whz > 2"),
        Column("overweight_pct", .number, "Overweight prevalence (%)"),
    ]

    struct Key: Hashable, Comparable {
        let kelurahan: UInt16
        let month: Int
        static func < (a: Key, b: Key) -> Bool { (a.kelurahan, a.month) < (b.kelurahan, b.month) }
    }

    struct Counts {
        var s = 0, d = 0, n = 0, haz = 0, stunted = 0, whz = 0, wasted = 0, waz = 0, underweight = 0, overweight = 0
    }

    /// The table's schema.
    static let schema = TableSchema(name: "indicators", description: "Monthly posyandu indicators per kelurahan.", columns: columns)

    /// The table of figures (few rows: kept as cells).
    static func make(_ figures: [IndicatorFigures], tier: ExportTier) -> any DatasetTable {
        let rows = figures.map { $0.cells(tier: tier) }
        return ComputedTable(schema: schema, rowCount: rows.count) { rows[$0] }
    }

    /// Computes every figure, per kelurahan and month with a check, in kelurahan code then month order.
    /// - Parameter history: each child's checks in date order.
    static func figures(_ ctx: DatasetContext, history: CheckHistory) -> [IndicatorFigures] {
        // Each child's last check of each month: the last of each (child, month) run in the
        // context's child order (child, date, id; months follow dates).
        let monthOf = ctx.checks.map { Int32(GrowthChecksTable.monthIndex($0.date)) }
        var months = Set<Int>()
        for m in monthOf { months.insert(Int(m)) }
        guard let firstMonth = months.min(), let lastMonth = months.max() else {
            return []
        }
        var counts: [Key: Counts] = [:]
        let childKel = ctx.children.indices.map { ctx.childFacts.kelurahanCode($0) }
        // S: each child counts in the months it is 0–59 months old (a difference array per kelurahan).
        let span = lastMonth - firstMonth + 2
        var diff: [UInt16: [Int]] = [:]
        for (i, child) in ctx.childFacts.facts.enumerated() where childKel[i] != 0 {
            guard let born = child.born else { continue }
            let bornMonth = GrowthChecksTable.monthIndex(born)
            // At the first of month m the child has completed m - bornMonth (- 1 if born after the 1st) months.
            let start = max(bornMonth, firstMonth)
            let end = min(bornMonth + 59 + (born.components.day > 1 ? 1 : 0), lastMonth)
            guard start <= end else { continue }
            diff[childKel[i], default: [Int](repeating: 0, count: span)][start - firstMonth] += 1
            diff[childKel[i]]![end - firstMonth + 1] -= 1
        }
        for (kel, d) in diff {
            var running = 0
            for offset in 0..<(span - 1) {
                running += d[offset]
                let m = firstMonth + offset
                if running > 0, months.contains(m) { counts[Key(kelurahan: kel, month: m), default: Counts()].s = running }
            }
        }
        var lasts: [Int32] = []
        let order = history.byChild
        for (j, i) in order.enumerated() {
            if j + 1 < order.count {
                let next = Int(order[j + 1])
                if ctx.checks[next].childIndex == ctx.checks[Int(i)].childIndex, monthOf[next] == monthOf[Int(i)] { continue }
            }
            if childKel[Int(ctx.checks[Int(i)].childIndex)] != 0 { lasts.append(i) }
        }
        // Their z-scores (computed once for every check when the context was built, and read
        // again by the rows), counted per chunk on all cores, then summed (sums do not depend on order).
        let lastChecks = lasts
        let chunk = 16_384
        let partials = Parallel.map((lasts.count + chunk - 1) / chunk) { c in
            var part: [Key: Counts] = [:]
            for i in lastChecks[(c * chunk)..<min(lastChecks.count, (c + 1) * chunk)] {
                let r = ctx.checks[Int(i)]
                let key = Key(kelurahan: childKel[Int(r.childIndex)], month: Int(monthOf[Int(i)]))
                let z = ctx.measurement(Int(i), fields: ctx.record(r).fields).result
                var k = part[key, default: Counts()]
                if r.weight != 0 { k.d += 1 }
                if r.growth == .n { k.n += 1 }
                if let h = z.haz { k.haz += 1; if h < -2 { k.stunted += 1 } }
                if let w = z.whz { k.whz += 1; if w < -2 { k.wasted += 1 }; if w > 2 { k.overweight += 1 } }
                if let w = z.waz { k.waz += 1; if w < -2 { k.underweight += 1 } }
                part[key] = k
            }
            return part
        }
        for part in partials {
            for (key, p) in part {
                var k = counts[key, default: Counts()]
                k.d += p.d; k.n += p.n; k.haz += p.haz; k.stunted += p.stunted; k.whz += p.whz
                k.wasted += p.wasted; k.waz += p.waz; k.underweight += p.underweight; k.overweight += p.overweight
                counts[key] = k
            }
        }
        let keys = counts.keys.filter { months.contains($0.month) }.sorted()
        return keys.map { key in
            let c = counts[key]!
            let y = key.month / 12 - (key.month % 12 == 0 ? 1 : 0), mo = key.month % 12 == 0 ? 12 : key.month % 12
            var f = IndicatorFigures(kelurahan: Kelurahan(code: key.kelurahan)!, year: y, month: mo)
            f.s = c.s; f.d = c.d; f.n = c.n; f.measuredHAZ = c.haz; f.stunted = c.stunted; f.measuredWHZ = c.whz
            f.wasted = c.wasted; f.measuredWAZ = c.waz; f.underweight = c.underweight; f.overweight = c.overweight
            return f
        }
    }
}
