import Foundation
import SelarasEPPGBM
import SelarasExport
import SelarasExportXLSX
import SelarasModel

/// `eppgbm` (office tier): one workbook in e-PPGBM's layout for the puskesmas —
/// **Pengukuran** (one row per check, the columns of e-PPGBM's download in its order, from the
/// same column map the import reads: NIK as text, dates as dates, numbers as numbers,
/// Permenkes wording, `Usia Saat Ukur` as e-PPGBM writes it), **SKDN** per posyandu × month
/// and **Rekap** per kelurahan × month. Importing the Pengukuran sheet into an empty store
/// gives the same children and checks.
public struct EPPGBMExporter: Exporter {
    /// `eppgbm`.
    public let format = "eppgbm"
    /// For `--list`.
    public let summary = "office tier: one workbook in e-PPGBM's layout (Pengukuran, SKDN per posyandu × month, Rekap per kelurahan × month)"
    /// Office only: the rows name each child.
    public let tiers: [ExportTier] = [.office]
    /// Only this month (nil: every month with checks).
    public let month: ReportMonth?
    /// Only this posyandu (nil: all).
    public let posyandu: String?

    /// Creates the exporter.
    public init(month: ReportMonth? = nil, posyandu: String? = nil) {
        self.month = month
        self.posyandu = posyandu
    }

    /// The workbook's file name: the tier, and the month when one is chosen.
    public var fileName: String { "selaras-eppgbm-office\(month.map { "-\($0)" } ?? "").xlsx" }

    /// Writes the workbook.
    /// - Throws: ``ExportError`` for an analyst-tier dataset (e-PPGBM rows carry names and NIK) or on I/O.
    public func export(_ dataset: Dataset, to directory: String, progress: ExportProgress) throws -> [String] {
        guard dataset.options.tier == .office else {
            throw ExportError(.invalidKey, "eppgbm: e-PPGBM rows name each child (NIK, name, mother): export it with --tier office")
        }
        let map: EPPGBMColumnMap
        do { map = try EPPGBMColumnMap.bundled() } catch { throw ExportError(.io, error.description) }
        let records = MonthlyRecords(dataset, month: month, posyandu: posyandu)
        let months = month.map { [$0] } ?? Array(Set(records.checks.map { ReportMonth($0.date) })).sorted()
        let book = try XLSXWorkbookWriter(directory: directory)
        let total = records.checks.count
        try book.beginSheet("Pengukuran", header: map.columns.map(\.header), widths: map.columns.map { Self.width($0.header) })
        for (i, check) in records.checks.enumerated() {
            try book.write(PengukuranRow.cells(check, child: records.children[check.child], number: i + 1, map: map))
            if i % 10_000 == 0 { progress(i, total) }
        }
        try book.beginSheet("SKDN", header: ["Kelurahan", "Posyandu", "Bulan", "S", "K", "D", "N", "T", "O", "B", "BGM", "2T", "K/S (%)", "D/S (%)", "N/D (%)"],
                            widths: [22, 26, 9, 7, 7, 7, 7, 7, 7, 7, 7, 7, 9, 9, 9])
        for r in SKDN.table(records, months: months, posyandu: posyandu) {
            func pct(_ x: Double?) -> Cell { x.map { .decimal($0, decimals: 1) } ?? .null }
            try book.write([.text(r.kelurahan), .text(r.place), .text(r.month.description)]
                + [r.s, r.k, r.d, r.n, r.t, r.o, r.b, r.bgm, r.twoT].map { .integer(Int64($0)) }
                + [pct(SKDN.percent(r.k, r.s)), pct(SKDN.percent(r.d, r.s)), pct(SKDN.percent(r.n, r.d))])
        }
        try book.beginSheet("Rekap", header: ["Kecamatan", "Kelurahan", "Bulan", "Sasaran", "Diukur",
                                              "BB/U Sangat Kurang", "BB/U Kurang", "BB/U Normal", "BB/U Risiko Lebih",
                                              "TB/U Sangat Pendek", "TB/U Pendek", "TB/U Normal",
                                              "BB/TB Gizi Buruk", "BB/TB Gizi Kurang", "BB/TB Gizi Baik", "BB/TB Gizi Lebih"],
                            widths: [20, 22, 9, 9, 8] + Array(repeating: 12, count: 11))
        for r in NutritionRecap.table(records, months: months) {
            try book.write([.text(r.kecamatan), .text(r.kelurahan), .text(r.month.description), .integer(Int64(r.sasaran)), .integer(Int64(r.diukur))]
                + (r.bbu + r.tbu + r.bbtb).map { .integer(Int64($0)) })
        }
        try book.finish(to: directory + "/" + fileName)
        progress(total, total)
        return [fileName]
    }

    /// A column's width: its title, or the widest value it usually holds.
    static func width(_ header: String) -> Int {
        switch header {
        case "NIK": 18
        case "Nama", "Nama Ortu", "Posyandu", "Alamat": 24
        case "Usia Saat Ukur": 26
        case "Tgl Lahir", "Tanggal Pengukuran", "Desa/Kel", "Kec", "Pukesmas", "Kab/Kota", "Prov": max(12, header.count + 2)
        case "BB/U", "BB/TB": 22
        default: max(7, header.count + 2)
        }
    }
}
