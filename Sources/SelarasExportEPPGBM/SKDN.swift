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
