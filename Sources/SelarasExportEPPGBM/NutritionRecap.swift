import SelarasExport
import SelarasModel

/// The kab/kota recap per kelurahan × month: sasaran (S), children measured, BB/U in 4
/// classes, TB/U in 3 (tall counted as normal), BB/TB in 4 (possible risk of overweight,
/// overweight and obese together as "gizi lebih").
public struct NutritionRecap: Sendable, Hashable {
    /// Kelurahan and its kecamatan.
    public var kelurahan: String, kecamatan: String
    /// Month.
    public var month: ReportMonth
    /// Sasaran: children 0–59 months registered.
    public var sasaran = 0
    /// Children measured in the month.
    public var diukur = 0
    /// BB/U: sangat kurang, kurang, normal, risiko lebih.
    public var bbu = [0, 0, 0, 0]
    /// TB/U: sangat pendek, pendek, normal.
    public var tbu = [0, 0, 0]
    /// BB/TB: gizi buruk, gizi kurang, gizi baik, gizi lebih.
    public var bbtb = [0, 0, 0, 0]

    /// The class index of each Permenkes category.
    static let bbuClass: [String: Int] = ["sangat_kurang": 0, "kurang": 1, "normal": 2, "risiko_lebih": 3]
    static let tbuClass: [String: Int] = ["sangat_pendek": 0, "pendek": 1, "normal": 2, "tinggi": 2]
    static let bbtbClass: [String: Int] = ["gizi_buruk": 0, "gizi_kurang": 1, "gizi_baik": 2, "berisiko_gizi_lebih": 3, "gizi_lebih": 3, "obesitas": 3]

    /// The recap, ordered by kelurahan then month.
    public static func table(_ records: MonthlyRecords, months: [ReportMonth]) -> [NutritionRecap] {
        var out: [String: NutritionRecap] = [:]
        func kec(_ name: String) -> String { Kelurahan(name: name)?.kecamatan ?? "" }
        for m in months {
            for c in records.children where !c.kelurahan.isEmpty {
                guard let born = c.born, m.isUnderFive(born: born) else { continue }
                out["\(c.kelurahan)|\(m)", default: NutritionRecap(kelurahan: c.kelurahan, kecamatan: kec(c.kelurahan), month: m)].sasaran += 1
            }
            for (_, i) in MonthlyRecords.lastOfMonth(records.checks, month: m) {
                let c = records.checks[i]
                let kel = records.children[c.child].kelurahan
                var r = out["\(kel)|\(m)"] ?? NutritionRecap(kelurahan: kel, kecamatan: kec(kel), month: m)
                r.diukur += 1
                if let x = bbuClass[c.text("bbu")] { r.bbu[x] += 1 }
                if let x = tbuClass[c.text("tbu")] { r.tbu[x] += 1 }
                if let x = bbtbClass[c.text("bbtb")] { r.bbtb[x] += 1 }
                out["\(kel)|\(m)"] = r
            }
        }
        return out.values.sorted { ($0.kelurahan, $0.month) < ($1.kelurahan, $1.month) }
    }
}
