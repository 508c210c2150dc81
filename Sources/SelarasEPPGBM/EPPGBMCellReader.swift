import Foundation
import SelarasModel

/// Turns one e-PPGBM cell into the text Selaras's schema parses, undoing the download's
/// quirks: NIK as a number, as text or `'`-prefixed; dates as spreadsheet serials, `dd-mm-yyyy`,
/// `dd/mm/yyyy` or ISO; decimal commas; birth weight in kg or in grams; words for choices.
/// Whether the value is then allowed is the schema's call (``RecordEntry``), not this reader's.
enum EPPGBMCellReader {
    /// The text to hand to the schema (empty for an empty cell), or why the cell cannot be read.
    static func read(_ cell: EPPGBMSheet.Cell, as column: EPPGBMColumnMap.Column) -> Result<String, Problem> {
        var raw = cell.raw.trimmingCharacters(in: .whitespaces)
        if raw.hasPrefix("'") { raw.removeFirst() }
        guard !raw.isEmpty, raw != "-" else { return .success("") }
        let isNumber: Bool
        if case .number = cell { isNumber = true } else { isNumber = false }
        switch column.kind {
        case .nik:
            if digits(raw) { return .success(raw) }
            if raw.contains(where: { $0 == "E" || $0 == "e" }), Double(raw.replacingOccurrences(of: ",", with: ".")) != nil {
                return .failure(Problem("is a NIK saved as a number in scientific notation, which has lost its last digits; download it again with the column as text"))
            }
            let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
            if isNumber, parts.count == 2, digits(String(parts[0])), parts[1].allSatisfy({ $0 == "0" }) {
                return .success(String(parts[0]))
            }
            return .success(raw)
        case .date:
            if isNumber || digits(raw.replacingOccurrences(of: ".", with: "")) {
                guard let serial = Double(raw), let d = LocalDate(excelSerial: serial) else {
                    return .failure(Problem("is not a date (a spreadsheet date from 1900-03-01 to 2200)"))
                }
                return .success(d.description)
            }
            guard let d = LocalDate(dayFirst: raw) else {
                return .failure(Problem("is not a date; allowed: dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd or a spreadsheet date"))
            }
            return .success(d.description)
        case .decimal, .zscore:
            return .success(isNumber ? number(raw) : raw)
        case .birthWeight:
            guard let x = Double(raw.replacingOccurrences(of: ",", with: ".")), x.isFinite else { return .success(raw) }
            guard x > 100 else { return .success(isNumber ? number(raw) : raw) }
            // Grams: 3200 → 3.2 kg (what the schema then checks, in kg).
            guard x == x.rounded(), x < 100_000 else {
                return .failure(Problem("is not a birth weight in whole grams (or in kg)"))
            }
            let g = Int(x)
            let frac = String(g % 1000)
            return .success("\(g / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)")
        case .integer:
            if isNumber, let x = Double(raw), x == x.rounded(), abs(x) < 1e9 { return .success(String(Int(x))) }
            return .success(raw)
        case .choice:
            let lower = raw.lowercased()
            return .success(column.values?.first { $0.key.lowercased() == lower }?.value ?? raw)
        case .kelurahan:
            let folded = EPPGBMColumnMap.fold(raw)
            return .success(Kelurahan.all.first { EPPGBMColumnMap.fold($0.name) == folded }?.name ?? raw)
        case .text, .status, nil:
            return .success(raw)
        }
    }

    /// Whether `s` is one or more ASCII digits.
    static func digits(_ s: String) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }

    /// A spreadsheet number in its shortest form (`8.4000000000000004` → `8.4`, `12` → `12`).
    static func number(_ raw: String) -> String {
        guard let x = Double(raw), x.isFinite else { return raw }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// Why a cell cannot be read, as the end of a sentence.
    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
