import Foundation
import SelarasEPPGBM
import SelarasMerge
import SelarasModel

/// SKDN and the recap counted from the exported Pengukuran rows (the last row of each child in
/// each month) and the store's children, written here without the exporter's code.
struct IndependentSKDN {
    var skdn = Set<[String]>()
    var recap = Set<[String]>()

    init(workbook: String, state: ConsolidatedState, map: EPPGBMColumnMap) throws {
        let sheet = try EPPGBMImport.xlsxSheet(workbook, named: "Pengukuran")
        let header = sheet[0].cells.map(\.raw)
        func col(_ name: String) -> Int { header.firstIndex(of: name)! }
        struct Row { var child: String; var kel: String; var pos: String; var month: String; var day: Int; var cells: [String] }
        var rows: [Row] = []
        for r in sheet.dropFirst() {
            let c = r.cells.map(\.raw)
            let date = LocalDate(excelSerial: Double(c[col("Tanggal Pengukuran")])!)!
            let m = date.description.prefix(7)
            rows.append(Row(child: c[col("NIK")] + "|" + c[col("Nama")] + "|" + c[col("Tgl Lahir")], kel: c[col("Desa/Kel")],
                            pos: c[col("Posyandu")], month: String(m), day: date.components.day, cells: c))
        }
        // The last row of each child in each month.
        var last: [String: Row] = [:]
        for r in rows {
            let k = r.child + "|" + r.month
            if let o = last[k], o.day > r.day { continue }
            last[k] = r
        }
        let months = Set(rows.map(\.month))
        // S per (kelurahan, posyandu, month) and per (kelurahan, month): under 60 completed months on the 1st, born by the month's end.
        var s: [String: Int] = [:], sasaran: [String: Int] = [:]
        for c in state.records(of: .child) {
            guard let born = c.value(FieldKey.Child.born)?.date else { continue }
            let kel = c.value(FieldKey.Child.kelurahan)?.text ?? "", pos = c.value(FieldKey.Child.posyandu)?.text ?? ""
            for m in months {
                let y = Int(m.prefix(4))!, mo = Int(m.suffix(2))!
                let b = born.components
                let bornByEnd = (b.year, b.month) <= (y, mo)
                var completed = (y - b.year) * 12 + (mo - b.month)
                if b.day > 1 { completed -= 1 }
                guard bornByEnd, completed < 60 else { continue }
                s["\(kel)|\(pos)|\(m)", default: 0] += 1
                sasaran["\(kel)|\(m)", default: 0] += 1
            }
        }
        var places = Set(last.values.map { "\($0.kel)|\($0.pos)|\($0.month)" })
        for k in s.keys { places.insert(k) }
        for p in places {
            let parts = p.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let mine = last.values.filter { "\($0.kel)|\($0.pos)|\($0.month)" == p }
            let d = mine.filter { !$0.cells[col("Berat")].isEmpty }
            func growth(_ g: String) -> Int { d.filter { $0.cells[col("Naik Berat Badan")] == g }.count }
            let bgm = d.filter { Double($0.cells[col("ZS BB/U")]).map { $0 < -3 } ?? false }.count
            let sv = s[p] ?? 0
            skdn.insert([parts[0], parts[1], parts[2], "\(sv)", "\(sv)", "\(d.count)", "\(growth("N"))", "\(growth("T") + growth("2T"))",
                         "\(growth("O"))", "\(growth("B"))", "\(bgm)", "\(growth("2T"))"])
        }
        var kels = Set(last.values.map { "\($0.kel)|\($0.month)" })
        for k in sasaran.keys { kels.insert(k) }
        for k in kels {
            let parts = k.split(separator: "|").map(String.init)
            let mine = last.values.filter { "\($0.kel)|\($0.month)" == k }
            func count(_ column: String, _ words: [String]) -> String {
                "\(mine.filter { words.contains($0.cells[col(column)]) }.count)"
            }
            func words(_ indicator: String, _ categories: [String]) -> [String] { categories.compactMap { map.word(indicator, category: $0) } }
            recap.insert([parts[0], parts[1], "\(sasaran[k] ?? 0)", "\(mine.count)",
                          count("BB/U", words("wfa", ["sangat_kurang"])), count("BB/U", words("wfa", ["kurang"])),
                          count("BB/U", words("wfa", ["normal"])), count("BB/U", words("wfa", ["risiko_lebih"])),
                          count("TB/U", words("hfa", ["sangat_pendek"])), count("TB/U", words("hfa", ["pendek"])),
                          count("TB/U", words("hfa", ["normal", "tinggi"])),
                          count("BB/TB", words("wfh", ["gizi_buruk"])), count("BB/TB", words("wfh", ["gizi_kurang"])),
                          count("BB/TB", words("wfh", ["gizi_baik"])),
                          count("BB/TB", words("wfh", ["berisiko_gizi_lebih", "gizi_lebih", "obesitas"]))])
        }
    }
}
