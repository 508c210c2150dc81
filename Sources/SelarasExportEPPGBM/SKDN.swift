import SelarasAnthro
import SelarasExport
import SelarasModel

/// The posyandu's monthly SKDN and the kab/kota recap of nutritional status, from the
/// checks of ``MonthlyRecords``: per child its last check of the month.
///
/// S: children registered in the posyandu, 0–59 months old in the month; K: those with a
/// growth card — every child registered in Selaras has its chart, so K = S; D: children weighed
/// in the month; N: weighed and gained since the month before; T: did not gain (2T included);
/// O: not weighed the month before; B: weighed for the first time; BGM: weight-for-age below
/// −3 SD (below the red line); 2T: did not gain two months running.
public struct SKDN: Sendable, Hashable {
    /// Posyandu (or kelurahan, for the recap).
    public var place: String
    /// Kelurahan.
    public var kelurahan: String
    /// Month.
    public var month: ReportMonth
    /// The counts.
    public var s = 0, k = 0, d = 0, n = 0, t = 0, o = 0, b = 0, bgm = 0, twoT = 0

    /// `part / whole` in percent, one decimal; nil when `whole` is 0.
    public static func percent(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) * 1000 / Double(whole)).rounded() / 10
    }

    /// SKDN per posyandu × month, ordered by kelurahan, posyandu, month.
    /// - Parameters:
    ///   - records: the gathered rows.
    ///   - months: the months to count.
    ///   - posyandu: only this posyandu (nil: all).
    public static func table(_ records: MonthlyRecords, months: [ReportMonth], posyandu: String?) -> [SKDN] {
        var out: [String: SKDN] = [:]
        func key(_ kel: String, _ p: String, _ m: ReportMonth) -> String { "\(kel)\u{1}\(p)\u{1}\(m)" }
        let wanted = posyandu?.lowercased()
        for m in months {
            for c in records.children where !c.posyandu.isEmpty && (wanted == nil || c.posyandu.lowercased() == wanted) {
                guard let born = c.born, m.isUnderFive(born: born) else { continue }
                out[key(c.kelurahan, c.posyandu, m), default: SKDN(place: c.posyandu, kelurahan: c.kelurahan, month: m)].s += 1
                out[key(c.kelurahan, c.posyandu, m)]!.k += 1
            }
            for (_, i) in MonthlyRecords.lastOfMonth(records.checks, month: m) {
                let c = records.checks[i]
                guard c.number("weight_kg") != nil else { continue }
                let kel = records.children[c.child].kelurahan
                var row = out[key(kel, c.posyandu, m)] ?? SKDN(place: c.posyandu, kelurahan: kel, month: m)
                row.d += 1
                switch c.text("growth") {
                case "N": row.n += 1
                case "T": row.t += 1
                case "2T": row.t += 1; row.twoT += 1
                case "O": row.o += 1
                case "B": row.b += 1
                default: break
                }
                if let waz = c.number("waz"), waz < -3 { row.bgm += 1 }
                out[key(kel, c.posyandu, m)] = row
            }
        }
        return out.values.sorted { ($0.kelurahan, $0.place, $0.month) < ($1.kelurahan, $1.place, $1.month) }
    }
}

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
