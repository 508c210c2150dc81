import Foundation
import Testing
import SelarasAnthro

/// One row of reference_cases.csv: an input and the expected WHO output.
struct ReferenceCase: Sendable, CustomTestStringConvertible {
    var id: Int
    var input: AnthroInput
    var waz, haz, whz, baz, hcz, acz: Double?
    var fwei, flen, fwfl, fbmi: Bool?
    var c9moFlag: Bool
    var note: String

    var testDescription: String { "case \(id)\(note.isEmpty ? "" : ": \(note)")" }

    /// All cases from the bundled CSV (empty if it cannot be read; a separate test checks the count).
    static let all: [ReferenceCase] = (try? load()) ?? []

    struct ParseError: Error { var message: String }

    static func load() throws -> [ReferenceCase] {
        guard let url = Bundle.module.url(forResource: "Fixtures/who/reference_cases", withExtension: "csv") else {
            throw ParseError(message: "reference_cases.csv not in test bundle")
        }
        let rows = parseCSV(try String(contentsOf: url, encoding: .utf8))
        guard let header = rows.first else { throw ParseError(message: "empty") }
        return try rows.dropFirst().map { fields in
            guard fields.count == header.count else { throw ParseError(message: "bad row \(fields)") }
            let row = Dictionary(uniqueKeysWithValues: zip(header, fields))
            func num(_ key: String) throws -> Double? {
                let text = row[key] ?? "NA"
                if text == "NA" { return nil }
                guard let value = Double(text) else { throw ParseError(message: "\(key)=\(text)") }
                return value
            }
            func flag(_ key: String) throws -> Bool? {
                switch row[key] {
                case "0": return false
                case "1": return true
                case "NA": return nil
                default: throw ParseError(message: "\(key)=\(row[key] ?? "")")
                }
            }
            guard let id = Int(row["case_id"] ?? ""), let sex = AnthroSex(tableCode: row["sex"] ?? ""),
                  let age = Int(row["age_days"] ?? "") else { throw ParseError(message: "bad key \(fields)") }
            let position: MeasuredPosition = switch row["measure"] {
            case "L": .lying
            case "H": .standing
            default: .unknown
            }
            let input = AnthroInput(
                sex: sex, ageDays: age, weightKg: try num("weight_kg"), lengthHeightCm: try num("lenhei_cm"),
                position: position, headCircumferenceCm: try num("headc_cm"), muacCm: try num("muac_cm"),
                oedema: row["oedema"] == "y")
            return ReferenceCase(
                id: id, input: input,
                waz: try num("exp_waz"), haz: try num("exp_haz"), whz: try num("exp_whz"),
                baz: try num("exp_baz"), hcz: try num("exp_hcz"), acz: try num("exp_acz"),
                fwei: try flag("fwei"), flen: try flag("flen"), fwfl: try flag("fwfl"), fbmi: try flag("fbmi"),
                c9moFlag: try flag("c9mo_flag") ?? false, note: row["note"] ?? "")
        }
    }

    /// Minimal RFC 4180 parser: quoted fields may contain commas and doubled quotes. The file uses
    /// CRLF, which Swift sees as the single Character "\r\n", so lines end at any `isNewline`.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text).makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    // doubled quote inside quotes, or end of quoted section
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else {
                            quoted = false
                            if next == "," { row.append(field); field = "" }
                            else if next.isNewline { row.append(field); rows.append(row); row = []; field = "" }
                            else { field.append(next) }
                        }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c.isNewline { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
