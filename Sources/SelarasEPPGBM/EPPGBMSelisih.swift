import SelarasAnthro
import SelarasModel

/// The data-quality check of the national record: where a row's own BB/U, TB/U, BB/TB statuses
/// or z-scores disagree with Selaras's WHO 2006 computation (SelarasAnthro) from the same
/// row's sex, dates and measurements by more than the file's rounding.
public struct EPPGBMSelisih: Sendable {
    /// One disagreement.
    public struct Finding: Sendable, Hashable {
        /// The spreadsheet row.
        public let row: Int
        /// The child's name and NIK as in the file.
        public let name: String
        /// The child's NIK (may be empty).
        public let nik: String
        /// The measurement date (ISO).
        public let measuredOn: String
        /// The file's column (`ZS BB/U`).
        public let column: String
        /// What the file says.
        public let fileValue: String
        /// What Selaras computes (empty when it computes none).
        public let selarasValue: String
    }

    /// A z-score disagrees when the difference exceeds this (the file rounds to 2 decimals).
    public static let zTolerance = 0.011

    /// Every disagreement, in row order.
    public let findings: [Finding]
    /// Rows compared.
    public let rowsCompared: Int

    /// Compares every row.
    public init(_ rows: EPPGBMRows, map: EPPGBMColumnMap, standards: GrowthStandards) {
        var out: [Finding] = []
        for (i, row) in rows.rows.enumerated() {
            func value(_ pairs: [(name: String, text: String)], _ key: FieldKey) -> String? {
                pairs.first { $0.name == key.name }.map(\.text).flatMap { $0.isEmpty ? nil : $0 }
            }
            let stated = rows.stated[i]
            guard !stated.isEmpty,
                  let sex = value(row.child, FieldKey.Child.sex), let born = value(row.child, FieldKey.Child.born).flatMap({ LocalDate($0) }),
                  let on = value(row.check, FieldKey.GrowthCheck.measuredOn).flatMap({ LocalDate($0) }) else { continue }
            func decimal(_ s: String?) -> Double? {
                s.flatMap { Double($0.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "\u{2212}", with: "-")) }
            }
            let position = value(row.check, FieldKey.GrowthCheck.position)
            let input = AnthroInput(sex: sex == "L" ? .male : .female, ageDays: on.days(since: born),
                                    weightKg: decimal(value(row.check, FieldKey.GrowthCheck.weight)),
                                    lengthHeightCm: decimal(value(row.check, FieldKey.GrowthCheck.lengthHeight)),
                                    position: position == "lying" ? .lying : position == "standing" ? .standing : .unknown)
            let r = standards.zScores(input)
            let computed: [String: (z: Double?, category: String?)] = [
                "wa": (r.waz, r.waz.map { WeightForAgeCategory.classify($0).rawValue }),
                "h": (r.haz, r.haz.map { HeightForAgeCategory.classify($0).rawValue }),
                "wh": (r.whz, r.whz.map { WeightForHeightCategory.classify($0).rawValue }),
            ]
            let name = value(row.child, FieldKey.Child.name) ?? ""
            let nik = value(row.child, FieldKey.Child.nik) ?? ""
            func add(_ indicator: String, _ file: String, _ ours: String) {
                out.append(Finding(row: rows.rowNumbers[i], name: name, nik: nik, measuredOn: on.description,
                                   column: map.header(forFile: indicator) ?? indicator, fileValue: file, selarasValue: ours))
            }
            for (status, z, key) in [("wfa", "waz", "wa"), ("hfa", "haz", "h"), ("wfh", "whz", "wh")] {
                let mine = computed[key]!
                if let text = stated[z] {
                    let ours = mine.z.map { ZScoreText.format($0) } ?? ""
                    if let fz = decimal(text), let oz = mine.z {
                        if abs(fz - oz) > Self.zTolerance { add(z, text, ours) }
                    } else { add(z, text, ours) }
                }
                if let word = stated[status] {
                    let category = map.category(status, word: word)
                    let ours = mine.category.flatMap { map.word(status, category: $0) } ?? ""
                    if category == nil || category != mine.category { add(status, word, ours) }
                }
            }
        }
        findings = out
        rowsCompared = rows.rows.count
    }

    /// Counts per column, in the map's order.
    public func counts(map: EPPGBMColumnMap) -> [(column: String, count: Int)] {
        map.columns.compactMap { c in
            let n = findings.filter { $0.column == c.header }.count
            return n > 0 ? (c.header, n) : nil
        }
    }

    /// The report as CSV (UTF-8, `,`): one line per finding.
    public func csv() -> String {
        func q(_ s: String) -> String { s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var lines = ["baris,nik,nama,tanggal_pengukuran,kolom,nilai_file,nilai_selaras"]
        for f in findings {
            lines.append([String(f.row), f.nik, f.name, f.measuredOn, f.column, f.fileValue, f.selarasValue].map(q).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
