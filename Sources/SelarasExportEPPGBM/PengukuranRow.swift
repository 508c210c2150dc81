import SelarasEPPGBM
import SelarasExport
import SelarasModel

/// One row of the Pengukuran sheet, in the column map's order.
enum PengukuranRow {
    static func cells(_ check: MonthlyRecords.Check, child: MonthlyRecords.Child, number: Int, map: EPPGBMColumnMap) -> [Cell] {
        func status(_ indicator: String, _ column: String) -> Cell {
            let category = check.text(column)
            return category.isEmpty ? .null : map.word(indicator, category: category).map(Cell.text) ?? .text(category)
        }
        func z(_ column: String) -> Cell { check.number(column).map { .decimal($0, decimals: 2) } ?? .null }
        func measured(_ column: String) -> Cell { check.number(column).map { .decimal($0, decimals: 1) } ?? .null }
        let kelurahan = Kelurahan(name: child.kelurahan)
        var values: [String: Cell] = [
            "No": .integer(Int64(number)),
            "NIK": child.cells["nik"] ?? .null,
            "Nama": child.cells["name"] ?? .null,
            "JK": child.cells["sex"] ?? .null,
            "Tgl Lahir": child.cells["born"] ?? .null,
            "BB Lahir": child.cells["birth_weight_kg"] ?? .null,
            "TB Lahir": child.cells["birth_length_cm"] ?? .null,
            "Nama Ortu": child.cells["mother"] ?? .null,
            "Prov": .text("KALIMANTAN TIMUR"),
            "Kab/Kota": .text("KOTA BALIKPAPAN"),
            "Kec": kelurahan.map { .text($0.kecamatan) } ?? .null,
            "Desa/Kel": child.kelurahan.isEmpty ? .null : .text(child.kelurahan),
            "Posyandu": check.posyandu.isEmpty ? .null : .text(check.posyandu),
            "RT": child.cells["rt"] ?? .null,
            "RW": child.cells["rw"] ?? .null,
            "Alamat": child.cells["address"] ?? .null,
            "Tanggal Pengukuran": .date(check.date),
            "Berat": measured("weight_kg"),
            "Tinggi": measured("length_height_cm"),
            "LiLA": measured("muac_cm"),
            "BB/U": status("wfa", "bbu"), "ZS BB/U": z("waz"),
            "TB/U": status("hfa", "tbu"), "ZS TB/U": z("haz"),
            "BB/TB": status("wfh", "bbtb"), "ZS BB/TB": z("whz"),
            "Naik Berat Badan": check.text("growth").isEmpty ? .null : .text(check.text("growth")),
        ]
        switch check.text("position") {
        case "lying": values["Cara Ukur"] = .text("Terlentang")
        case "standing": values["Cara Ukur"] = .text("Berdiri")
        default: break
        }
        if let born = child.born { values["Usia Saat Ukur"] = .text(EPPGBMAge.text(born: born, on: check.date)) }
        return map.columns.map { values[$0.header] ?? .null }
    }
}
