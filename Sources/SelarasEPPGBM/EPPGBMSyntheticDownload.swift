import SelarasAnthro
import SelarasModel

/// A synthetic e-PPGBM download — no real child: made-up names and NIKs, measurements drawn
/// from the WHO standards — carrying every quirk of real files: the `Data Tanggal` line, NIK as
/// a number, as text and `'`-prefixed, dates as spreadsheet serials, `dd-mm-yyyy`,
/// `dd/mm/yyyy` and ISO, decimal commas, birth weight in kg and in grams, words for sex and
/// kelurahan in other cases, unknown columns, children without NIK, one child on many rows,
/// and a few rows whose statuses or z-scores were altered (the selisih the import must find).
/// The same seed gives the same file. Used for `Fixtures/eppgbm/` and the import benchmark.
public struct EPPGBMSyntheticDownload: Sendable {
    /// What an import of the file must find.
    public struct Expected: Sendable, Codable, Equatable {
        /// One child.
        public struct Child: Sendable, Codable, Equatable {
            /// NIK, empty when the file gives none.
            public var nik: String
            /// Name.
            public var name: String
            /// Date of birth (ISO).
            public var born: String
            /// Mother's name.
            public var mother: String
            /// Sex, L or P.
            public var sex: String
            /// Kelurahan.
            public var kelurahan: String
            /// Birth weight in kg (fixed two decimals).
            public var birthWeightKg: String
            /// Measurement dates (ISO), oldest first, with weight and length/height as written (`8.4`).
            public var checks: [[String]]
        }
        /// The `Data Tanggal` date (ISO).
        public var dataDate: String
        /// Data rows.
        public var rows: Int
        /// The children.
        public var children: [Child]
        /// Headers that are not e-PPGBM's (the import names them).
        public var unknownColumns: [String]
        /// Each altered cell: spreadsheet row and column header.
        public var selisih: [[String]]
    }

    /// Extra columns a newer e-PPGBM adds (unknown to the column map).
    public static let extraColumns = ["Status Imunisasi", "Keterangan"]
    static let given = ["Aisyah", "Bima", "Citra", "Dimas", "Elok", "Fikri", "Gendis", "Hafiz", "Intan", "Jaka", "Kirana",
                        "Laras", "Mahesa", "Nadia", "Oki", "Putri", "Raka", "Salsa", "Tegar", "Wulan", "Yoga", "Zahra"]
    static let family = ["Pratama", "Lestari", "Saputra", "Maharani", "Wibowo", "Anggraini", "Nugroho", "Kusuma", "Hidayat", "Permata"]
    static let mothers = ["Sri", "Siti", "Dewi", "Rina", "Yuli", "Wati", "Ani", "Nurul", "Fitri", "Lina", "Eka", "Rahma"]

    /// The header row (the map's columns, with the extra ones inserted).
    public let header: [String]
    /// The data rows, cells typed as an xlsx would hold them (`.number` for numeric cells).
    public let rows: [[EPPGBMSheet.Cell]]
    /// The `Data Tanggal` date.
    public let dataDate: LocalDate
    /// What the import must find.
    public let expected: Expected
    /// The map's `Data Tanggal` label.
    public let dataDateLabel: String

    /// Generates a download.
    /// - Parameters:
    ///   - children: how many children.
    ///   - seed: the random seed.
    ///   - dataDate: the download's date (measurements lie in the 3 months before).
    ///   - selisihEvery: alter one status or z-score every this many rows (0: none).
    public init(children: Int, seed: UInt64, dataDate: LocalDate, selisihEvery: Int = 9,
                standards: GrowthStandards, map: EPPGBMColumnMap) {
        var rng = SeededRandom(seed: seed)
        var header = map.columns.map(\.header)
        header.insert(Self.extraColumns[0], at: min(header.count, 17))
        header.append(Self.extraColumns[1])
        let col = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let kelurahan = [Kelurahan(name: "Manggar")!, Kelurahan(name: "Sepinggan")!, Kelurahan(name: "Gunung Samarinda")!]
        var rows: [[EPPGBMSheet.Cell]] = []
        var kids: [Expected.Child] = []
        var altered: [[String]] = []
        func serial(_ d: LocalDate) -> String { String(d.days(since: LocalDate(year: 1970, month: 1, day: 1)!) + 25_569) }
        func two(_ x: Double) -> String { ZScoreText.format(x) }
        func one(_ x: Double) -> Double { (x * 10).rounded() / 10 }
        for i in 0..<children {
            let sex: AnthroSex = rng.next() % 2 == 0 ? .male : .female
            let name = "\(Self.given[Int(rng.next() % UInt64(Self.given.count))]) \(Self.family[Int(rng.next() % UInt64(Self.family.count))])"
            let mother = "\(Self.mothers[Int(rng.next() % UInt64(Self.mothers.count))]) \(Self.family[Int(rng.next() % UInt64(Self.family.count))])"
            let visits = 1 + Int(rng.next() % 3)
            // Old enough for every visit to lie after the birth, young enough to stay under 5 years.
            let age = 70 + Int(rng.next() % 1650)
            let born = dataDate.adding(days: -age)
            let nik = i % 7 == 3 ? "" : "647101" + String(1_000_000_000 + i).suffix(10)
            let kel = kelurahan[i % kelurahan.count]
            let posyandu = "Posyandu \(["Melati", "Mawar", "Anggrek", "Kenanga"][i % 4]) \(1 + i % 3)"
            let grams = 2500 + Int(rng.next() % 17) * 100
            let haz = Double(Int(rng.next() % 550)) / 100 - 3.5
            let whz = Double(Int(rng.next() % 600)) / 100 - 3.5
            var child = Expected.Child(nik: nik, name: name, born: born.description, mother: mother, sex: sex == .male ? "L" : "P",
                                       kelurahan: kel.name, birthWeightKg: ZScoreText.format(Double(grams) / 1000), checks: [])
            for v in 0..<visits {
                let r = rows.count
                let on = dataDate.adding(days: -(visits - 1 - v) * 30 - Int(rng.next() % 5))
                let days = on.days(since: born)
                let lying = days < GrowthStandards.heightFromDay
                let height = one(standards.lengthHeight(atZ: haz, sex: sex, ageDays: days)!)
                let weight = one(standards.weight(atWeightForLengthZ: whz, sex: sex, ageDays: days, lengthHeightCm: height)
                                 ?? standards.weight(atWeightForLengthZ: 0, sex: sex, ageDays: days, lengthHeightCm: height) ?? 10)
                let muac = days >= 91 ? standards.muac(atZ: whz / 2, sex: sex, ageDays: days).map(one) : nil
                let z = standards.zScores(AnthroInput(sex: sex, ageDays: days, weightKg: weight, lengthHeightCm: height,
                                                      position: lying ? .lying : .standing))
                var row = [EPPGBMSheet.Cell](repeating: .empty, count: header.count)
                func put(_ h: String, _ c: EPPGBMSheet.Cell) { row[col[h]!] = c }
                func date(_ d: LocalDate, _ k: Int) -> EPPGBMSheet.Cell {
                    switch k % 4 {
                    case 0: .number(serial(d))
                    case 1: .text(d.dayFirstDescription.replacingOccurrences(of: "/", with: "-"))
                    case 2: .text(d.dayFirstDescription)
                    default: .text(d.description)
                    }
                }
                func dec(_ x: Double) -> EPPGBMSheet.Cell { r % 2 == 0 ? .number("\(x)") : .text("\(x)".replacingOccurrences(of: ".", with: ",")) }
                put("No", .number(String(r + 1)))
                if !nik.isEmpty { put("NIK", [EPPGBMSheet.Cell.number(nik), .text(nik), .text("'" + nik)][r % 3]) }
                put("Nama", .text(name))
                put("JK", .text(r % 2 == 0 ? (sex == .male ? "L" : "P") : (sex == .male ? "Laki-laki" : "Perempuan")))
                put("Tgl Lahir", date(born, r))
                put("BB Lahir", i % 2 == 0 ? .number(String(grams)) : dec(Double(grams) / 1000))
                put("Nama Ortu", .text(mother))
                put("Prov", .text("KALIMANTAN TIMUR"))
                put("Kab/Kota", .text("KOTA BALIKPAPAN"))
                put("Kec", .text(kel.kecamatan.uppercased()))
                put("Pukesmas", .text("PUSKESMAS \(kel.name.uppercased())"))
                put("Desa/Kel", .text(r % 2 == 0 ? kel.name.uppercased() : kel.name))
                put("Posyandu", .text(posyandu))
                put("RT", .number(String(1 + i % 40)))
                put("RW", .text(String(format3: 1 + i % 9)))
                put("Alamat", .text("Jl. \(Self.given[i % Self.given.count]) No. \(1 + i % 90)"))
                put("Usia Saat Ukur", .text(EPPGBMAge.text(born: born, on: on)))
                put("Tanggal Pengukuran", date(on, r + 1))
                put("Berat", dec(weight))
                put("Tinggi", dec(height))
                put("Cara Ukur", .text(lying ? "Terlentang" : "Berdiri"))
                if let muac { put("LiLA", dec(muac)) }
                var statuses: [(String, String, Double?, String?)] = [
                    ("BB/U", "ZS BB/U", z.waz, z.waz.flatMap { map.word("wfa", category: WeightForAgeCategory.classify($0).rawValue) }),
                    ("TB/U", "ZS TB/U", z.haz, z.haz.flatMap { map.word("hfa", category: HeightForAgeCategory.classify($0).rawValue) }),
                    ("BB/TB", "ZS BB/TB", z.whz, z.whz.flatMap { map.word("wfh", category: WeightForHeightCategory.classify($0).rawValue) }),
                ]
                if selisihEvery > 0, r % selisihEvery == selisihEvery - 1 {
                    // e-PPGBM's own figure is off: a z-score by 0.4, or a status word swapped.
                    let k = (r / selisihEvery) % 3
                    let (s, zs, zv, word) = statuses[k]
                    if r / selisihEvery % 2 == 0, let zv {
                        statuses[k] = (s, zs, zv + 0.4, word)
                        altered.append([String(r + 3), zs])
                    } else {
                        statuses[k] = (s, zs, zv, word == "Normal" || word == "Gizi Baik" || word == "Berat Badan Normal" ? (k == 2 ? "Gizi Kurang" : k == 1 ? "Pendek" : "Berat Badan Kurang") : (k == 2 ? "Gizi Baik" : k == 1 ? "Normal" : "Berat Badan Normal"))
                        altered.append([String(r + 3), s])
                    }
                }
                for (s, zs, zv, word) in statuses {
                    if let word { put(s, .text(word)) }
                    if let zv { put(zs, r % 2 == 0 ? .number(two(zv)) : .text(two(zv).replacingOccurrences(of: ".", with: ","))) }
                }
                put("Naik Berat Badan", .text(v == 0 ? "B" : "N"))
                put("Jml Vit A", .number("\(v % 2)"))
                put("KIA", .text("Ya"))
                put(Self.extraColumns[0], .text("Lengkap"))
                put(Self.extraColumns[1], .text(r % 5 == 0 ? "kolom baru e-PPGBM" : ""))
                rows.append(row)
                child.checks.append([on.description, "\(weight)", "\(height)"])
            }
            kids.append(child)
        }
        self.header = header
        self.rows = rows
        self.dataDate = dataDate
        self.dataDateLabel = map.dataDateLabel
        self.expected = Expected(dataDate: dataDate.description, rows: rows.count, children: kids,
                                 unknownColumns: Self.extraColumns, selisih: altered)
    }
}

extension String {
    /// A number with leading zeros to three digits (`001`), as RT/RW are often typed.
    init(format3 n: Int) { self = n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : String(n) }
}
