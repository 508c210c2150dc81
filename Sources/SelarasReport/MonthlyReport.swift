import Foundation
import Mustache
import SelarasEPPGBM
import SelarasExport
import SelarasExportEPPGBM
import SelarasModel

/// The printable monthly report: an A4 landscape page per posyandu with its SKDN, the status
/// counts (last check of the month per child), the children with T, 2T or BGM to follow up and
/// the 12-month trend, rendered by the template `Resources/laporan-bulanan.mustache`.
/// Figures come from the same ``SKDN`` and ``NutritionRecap`` as the `eppgbm` workbook.
public struct MonthlyReport: Sendable {
    /// The report's error: the template is missing or does not parse (a build problem).
    public struct TemplateError: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// The month.
    public let month: ReportMonth
    /// One page per posyandu, in kelurahan then posyandu order.
    public let pages: [[String: Any & Sendable]]

    /// Gathers the pages.
    /// - Parameters:
    ///   - dataset: an office-tier dataset, not date-filtered (kelurahan filter allowed).
    ///   - month: the month reported.
    ///   - posyandu: only this posyandu (nil: every posyandu with children or checks).
    public init(_ dataset: Dataset, month: ReportMonth, posyandu: String?) {
        self.month = month
        let records = MonthlyRecords(dataset, month: month, posyandu: posyandu)
        let trendMonths = (0..<12).map { month.adding(months: $0 - 11) }
        let all = MonthlyRecords(dataset, months: trendMonths[0]...month, posyandu: posyandu)
        let trend = SKDN.table(all, months: trendMonths, posyandu: posyandu)
        func pct(_ x: Double?) -> String { x.map { String(format: "%.1f", $0) } ?? "–" }
        var pages: [[String: Any & Sendable]] = []
        for row in SKDN.table(records, months: [month], posyandu: posyandu) {
            let mine = records.checks.filter { $0.posyandu == row.place && records.children[$0.child].kelurahan == row.kelurahan }
            var bbu = [0, 0, 0, 0], tbu = [0, 0, 0], bbtb = [0, 0, 0, 0]
            var follow: [[String: String]] = []
            for (_, i) in MonthlyRecords.lastOfMonth(mine, month: month).sorted(by: { mine[$0.value].date < mine[$1.value].date }) {
                let c = mine[i]
                let child = records.children[c.child]
                if let x = ["sangat_kurang": 0, "kurang": 1, "normal": 2, "risiko_lebih": 3][c.text("bbu")] { bbu[x] += 1 }
                if let x = ["sangat_pendek": 0, "pendek": 1, "normal": 2, "tinggi": 2][c.text("tbu")] { tbu[x] += 1 }
                if let x = ["gizi_buruk": 0, "gizi_kurang": 1, "gizi_baik": 2, "berisiko_gizi_lebih": 3, "gizi_lebih": 3, "obesitas": 3][c.text("bbtb")] { bbtb[x] += 1 }
                var reasons: [String] = []
                if c.text("growth") == "T" { reasons.append("T (tidak naik)") }
                if c.text("growth") == "2T" { reasons.append("2T (dua kali tidak naik)") }
                if let waz = c.number("waz"), waz < -3, c.number("weight_kg") != nil { reasons.append("BGM") }
                guard !reasons.isEmpty else { continue }
                follow.append(["nama": child.text("name"), "nik": child.text("nik"), "ibu": child.text("mother"),
                               "umur": child.born.map { EPPGBMAge.text(born: $0, on: c.date) } ?? "",
                               "tanggal": c.date.dayFirstDescription, "berat": c.number("weight_kg").map { String(format: "%.1f", $0) } ?? "",
                               "alasan": reasons.joined(separator: ", "), "bbu": Self.label(c.text("bbu"))])
            }
            follow.sort { ($0["nama"] ?? "") < ($1["nama"] ?? "") }
            let rows = trend.filter { $0.place == row.place && $0.kelurahan == row.kelurahan }
            let trendRows: [[String: String]] = trendMonths.map { m in
                let r = rows.first { $0.month == m }
                return ["bulan": m.indonesian, "s": "\(r?.s ?? 0)", "d": "\(r?.d ?? 0)", "n": "\(r?.n ?? 0)",
                        "ds": pct(SKDN.percent(r?.d ?? 0, r?.s ?? 0)), "nd": pct(SKDN.percent(r?.n ?? 0, r?.d ?? 0))]
            }
            pages.append([
                "posyandu": row.place, "kelurahan": row.kelurahan, "kecamatan": Kelurahan(name: row.kelurahan)?.kecamatan ?? "",
                "s": row.s, "k": row.k, "d": row.d, "n": row.n, "t": row.t, "o": row.o, "b": row.b, "bgm": row.bgm, "duaT": row.twoT,
                "ks": pct(SKDN.percent(row.k, row.s)), "ds": pct(SKDN.percent(row.d, row.s)), "nd": pct(SKDN.percent(row.n, row.d)),
                "bbu": bbu, "tbu": tbu, "bbtb": bbtb, "tindakLanjut": follow, "adaTindakLanjut": !follow.isEmpty, "tren": trendRows,
            ])
        }
        self.pages = pages
    }

    /// The Permenkes label of a BB/U category.
    static func label(_ category: String) -> String {
        ["sangat_kurang": "Sangat kurang", "kurang": "Kurang", "normal": "Normal", "risiko_lebih": "Risiko lebih"][category] ?? category
    }

    /// The page as HTML (Bahasa Indonesia, no external resources).
    /// - Throws: ``TemplateError`` when the bundled template is missing or broken.
    public func html() throws -> String {
        guard let url = Bundle.module.url(forResource: "laporan-bulanan", withExtension: "mustache"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw TemplateError(description: "the report template laporan-bulanan.mustache is missing from the build")
        }
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: text) } catch {
            throw TemplateError(description: "the report template laporan-bulanan.mustache does not parse: \(error)")
        }
        return template.render(["bulan": month.indonesian, "halaman": pages] as [String: Any])
    }
}
